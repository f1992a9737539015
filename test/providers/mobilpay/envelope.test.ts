/**
 * The envelope (RSA PKCS#1 v1.5 key wrap + AES-256-CBC) and our own PKCS#1 v1.5 unpadding, which Node 20 refuses
 * to do for private decryption (facts §5).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  constants,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  EnvelopeError,
  isCipherAvailable,
  openEnvelope,
  sealEnvelope,
} from '../../../providers/mobilpay/envelope';
import { loadPublicKey } from '../../../providers/mobilpay/accounts';
import { decodePkcs1v15Type2, unwrapEnvelopeKey } from '../../../providers/mobilpay/rsa-pkcs1';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const XML = '<?xml version="1.0" encoding="utf-8"?><order type="card" id="ă-ș-ț"/>';

const isEnvelopeError = (reason: EnvelopeError['reason']) => (error: unknown) =>
  error instanceof EnvelopeError && error.reason === reason;

/** 0x00 0x02 PS 0x00 M for a 256-byte modulus. */
function encoded(message: Buffer, tweak?: (em: Buffer) => void): Buffer {
  const em = Buffer.alloc(256);
  em[1] = 0x02;
  for (let i = 2; i < 256 - message.length - 1; i++) em[i] = 1 + (i % 255);
  message.copy(em, 256 - message.length);
  tweak?.(em);
  return em;
}

describe('PKCS#1 v1.5 type 2 unpadding', () => {
  const key = randomBytes(32);

  it('accepts a well-formed block and returns the message', () => {
    const { message, valid } = decodePkcs1v15Type2(encoded(key), 32);
    assert.equal(valid, 1);
    assert.deepEqual(message, key);
  });

  it('flags every malformed block without throwing', () => {
    const broken: Array<[string, (em: Buffer) => void]> = [
      ['first byte not 0', (em) => (em[0] = 1)],
      ['block type not 2', (em) => (em[1] = 1)],
      ['a zero inside the padding', (em) => (em[100] = 0)],
      ['a zero as the first padding byte', (em) => (em[2] = 0)],
      ['no separator before the message', (em) => (em[256 - 33] = 7)],
    ];
    for (const [name, tweak] of broken) {
      assert.equal(decodePkcs1v15Type2(encoded(key, tweak), 32).valid, 0, name);
    }
  });

  it('refuses a modulus too small for the message (public lengths only)', () => {
    assert.throws(() => decodePkcs1v15Type2(Buffer.alloc(40), 32), RangeError);
  });

  it('unwraps what publicEncrypt wrapped; a bad padding yields a stable stand-in key, not an error', () => {
    const wrapped = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, key);
    assert.deepEqual(unwrapEnvelopeKey(wrapped, privateKey, 32), key);
    const garbage = Buffer.from(wrapped);
    garbage[10] = (garbage[10] ?? 0) ^ 0xff;
    const standIn = unwrapEnvelopeKey(garbage, privateKey, 32);
    assert.equal(standIn.length, 32);
    assert.deepEqual(unwrapEnvelopeKey(garbage, privateKey, 32), standIn, 'same ciphertext, same stand-in');
    assert.notDeepEqual(standIn, key);
    // The wrapped key is 32 bytes: expecting 16 (RC4) must not accept it either.
    assert.notDeepEqual(unwrapEnvelopeKey(wrapped, privateKey, 16), key.subarray(16));
    assert.throws(() => unwrapEnvelopeKey(wrapped.subarray(1), privateKey, 32), RangeError);
  });
});

describe('mobilPay envelope', () => {
  it('seals with AES-256-CBC and opens to the same UTF-8 text', () => {
    const sealed = sealEnvelope(XML, publicKey, 'aes-256-cbc');
    assert.equal(sealed.cipher, 'aes-256-cbc');
    assert.equal(Buffer.from(sealed.iv ?? '', 'base64').length, 16);
    assert.equal(Buffer.from(sealed.env_key, 'base64').length, 256);
    assert.equal(openEnvelope(sealed, privateKey), XML);
  });

  it('works with an X.509 certificate as well as a bare public key', { skip: !hasOpenssl() }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mobilpay-cert-'));
    try {
      const keyFile = path.join(dir, 'key.pem');
      const certFile = path.join(dir, 'cert.pem');
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          keyFile,
          '-out',
          certFile,
          '-days',
          '1',
          '-subj',
          '/CN=mobilpay-test',
        ],
        { stdio: 'ignore' },
      );
      const certificate = loadPublicKey(readFileSync(certFile, 'utf8'));
      const sealed = sealEnvelope(XML, certificate, 'aes-256-cbc');
      assert.equal(openEnvelope(sealed, createPrivateKey(readFileSync(keyFile))), XML);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails alike for a wrong key, a tampered key and tampered data', () => {
    const sealed = sealEnvelope(XML, publicKey, 'aes-256-cbc');
    assert.throws(() => openEnvelope(sealed, stranger.privateKey), isEnvelopeError('undecryptable'));
    const key = Buffer.from(sealed.env_key, 'base64');
    key[5] = (key[5] ?? 0) ^ 1;
    assert.throws(
      () => openEnvelope({ ...sealed, env_key: key.toString('base64') }, privateKey),
      isEnvelopeError('undecryptable'),
    );
    const data = Buffer.from(sealed.data, 'base64');
    data[data.length - 1] = (data[data.length - 1] ?? 0) ^ 1;
    assert.throws(
      () => openEnvelope({ ...sealed, data: data.toString('base64') }, privateKey),
      isEnvelopeError('undecryptable'),
    );
  });

  it('refuses malformed fields with their own reasons (public information only)', () => {
    const sealed = sealEnvelope(XML, publicKey, 'aes-256-cbc');
    assert.throws(
      () => openEnvelope({ ...sealed, data: 'not base64!' }, privateKey),
      isEnvelopeError('bad_encoding'),
    );
    assert.throws(() => openEnvelope({ ...sealed, iv: undefined }, privateKey), isEnvelopeError('bad_iv'));
    assert.throws(() => openEnvelope({ ...sealed, iv: 'AAAA' }, privateKey), isEnvelopeError('bad_iv'));
    assert.throws(
      () => openEnvelope({ ...sealed, cipher: 'des' }, privateKey),
      isEnvelopeError('cipher_unavailable'),
    );
  });

  it("takes back a '+' that arrived as a space", () => {
    let sealed = sealEnvelope(XML, publicKey, 'aes-256-cbc');
    while (!sealed.env_key.includes('+')) sealed = sealEnvelope(XML, publicKey, 'aes-256-cbc');
    assert.equal(openEnvelope({ ...sealed, env_key: sealed.env_key.replace(/\+/g, ' ') }, privateKey), XML);
  });

  it(
    'RC4 fails clearly where OpenSSL 3 lacks it; a message without `cipher` is RC4',
    { skip: isCipherAvailable('rc4') },
    () => {
      assert.throws(
        () => sealEnvelope(XML, publicKey, 'rc4'),
        (error: unknown) =>
          isEnvelopeError('cipher_unavailable')(error) &&
          /--openssl-legacy-provider/.test((error as Error).message),
      );
      const sealed = sealEnvelope(XML, publicKey, 'aes-256-cbc');
      assert.throws(
        () => openEnvelope({ env_key: sealed.env_key, data: sealed.data }, privateKey),
        isEnvelopeError('cipher_unavailable'),
      );
    },
  );

  it('the public key of a private key also seals (what the sandbox does for IPNs)', () => {
    const sealed = sealEnvelope(XML, createPublicKey(privateKey), 'aes-256-cbc');
    assert.equal(openEnvelope(sealed, privateKey), XML);
  });
});

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
