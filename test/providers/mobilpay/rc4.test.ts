/**
 * Legacy RC4 where OpenSSL allows it: a child Node started with --openssl-legacy-provider (facts §5) seals and
 * opens the legacy form (env_key and data only, no cipher field) and accepts `cipher: rc4` in the configuration.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '../../..');

const CHILD = `
const { generateKeyPairSync } = require('node:crypto');
const { getCiphers } = require('node:crypto');
const { sealEnvelope, openEnvelope } = require(${JSON.stringify(path.join(ROOT, 'providers/mobilpay/envelope.ts'))});
const { mobilpayProvider } = require(${JSON.stringify(path.join(ROOT, 'providers/mobilpay/index.ts'))});
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const sealed = sealEnvelope('<order/>', publicKey, 'rc4');
const config = mobilpayProvider.configSchema.parse({ ...mobilpayProvider.sandboxConfig('http://127.0.0.1:1'), cipher: 'rc4' });
process.stdout.write(JSON.stringify({
  rc4: getCiphers().includes('rc4'),
  fields: Object.keys(sealed).sort(),
  keyBytes: Buffer.from(sealed.env_key, 'base64').length,
  opened: openEnvelope(sealed, privateKey),
  configCipher: config.cipher,
}));
`;

describe('mobilPay legacy RC4', () => {
  it('seals and opens the legacy RC4 form under --openssl-legacy-provider', () => {
    const out = execFileSync(
      process.execPath,
      ['--openssl-legacy-provider', '--import', 'tsx', '-e', CHILD],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    assert.deepEqual(JSON.parse(out), {
      rc4: true,
      fields: ['data', 'env_key'],
      keyBytes: 256,
      opened: '<order/>',
      configCipher: 'rc4',
    });
  });
});
