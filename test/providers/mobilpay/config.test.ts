/**
 * mobilPay configuration: text from environment variables, keys that must load, RC4 refused up front where
 * OpenSSL lacks it, and the sandbox configuration.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mobilpayProvider } from '../../../providers/mobilpay';
import { mobilpayConfigSchema } from '../../../providers/mobilpay/config';
import { isCipherAvailable } from '../../../providers/mobilpay/envelope';
import { MobilpayAdapter } from '../../../providers/mobilpay/adapter';
import { sandboxKeys } from '../../../providers/mobilpay/sandbox-keys';

const sandbox = mobilpayProvider.sandboxConfig('http://127.0.0.1:9999/');

/** The configuration as environment variables would give it: every value text, PEMs on one line. */
const env: Record<string, string> = {
  paymentUrl: 'https://sandboxsecure.mobilpay.ro',
  soapUrl: 'https://sandboxsecure.mobilpay.ro/api/payment2/',
  signature: 'WDAR-YAEY-93H4-9F3X-514R',
  privateKeyPem: sandboxKeys().merchantPrivateKeyPem.trim().replace(/\n/g, '\\n'),
  certificatePem: sandboxKeys().mobilpayPublicKeyPem.trim().replace(/\n/g, '\\n'),
  soapUsername: 'api',
  soapPassword: 'secret',
  ipnTokenSecret: 'an-ipn-token-secret-of-32-characters!',
  requestTimeoutMs: '5000',
  sessionTtlMs: '60000',
};

const issuesOf = (input: Record<string, unknown>): string[] => {
  const parsed = mobilpayConfigSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('mobilPay configuration', () => {
  it('reads environment text, with PEMs on one line', () => {
    const config = mobilpayConfigSchema.parse(env);
    assert.equal(config.requestTimeoutMs, 5_000);
    assert.equal(config.cipher, 'aes-256-cbc');
    assert.equal(config.timeZone, 'Europe/Bucharest');
    assert.match(config.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.deepEqual(mobilpayConfigSchema.parse(config), config, 'parsing twice changes nothing');
  });

  it('sandboxConfig points at the sandbox and gives both seller accounts', () => {
    assert.equal(sandbox.paymentUrl, 'http://127.0.0.1:9999');
    assert.equal(sandbox.soapUrl, 'http://127.0.0.1:9999/api/payment2/');
    assert.notEqual(sandbox.signature, sandbox.preauthSignature);
    assert.deepEqual(
      mobilpayProvider.sandboxConfig('http://127.0.0.1:9999').privateKeyPem,
      sandbox.privateKeyPem,
      'keys are made once per process',
    );
  });

  it('names what is wrong', () => {
    assert.match(issuesOf({ ...env, privateKeyPem: 'nope' }).join(), /privateKeyPem: must be a PEM block/);
    assert.match(
      issuesOf({ ...env, certificatePem: env.privateKeyPem }).join(),
      /certificatePem: must be a certificate or public key/,
    );
    assert.match(issuesOf({ ...env, signature: 'abc' }).join(), /signature: a mobilPay signature looks like/);
    assert.match(
      issuesOf({ ...env, preauthSignature: env.signature }).join(),
      /preauthSignature: must be a different seller account/,
    );
    assert.match(
      issuesOf({ ...env, preauthCertificatePem: env.certificatePem }).join(),
      /preauthSignature: pre-authorization keys need/,
    );
    assert.match(issuesOf({ ...env, ipnTokenSecret: 'short' }).join(), /ipnTokenSecret: must be at least 32/);
    assert.match(issuesOf({ ...env, timeZone: 'Mars/Olympus' }).join(), /timeZone/);
  });

  it(
    'refuses RC4 at configuration time where OpenSSL lacks it, and the adapter too',
    { skip: isCipherAvailable('rc4') },
    () => {
      assert.match(
        issuesOf({ ...env, cipher: 'rc4' }).join(),
        /cipher: RC4 is not available .*--openssl-legacy-provider/,
      );
      assert.throws(() => new MobilpayAdapter({ ...sandbox, cipher: 'rc4' }), /--openssl-legacy-provider/);
    },
  );
});
