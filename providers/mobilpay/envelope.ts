/**
 * mobilPay's "envelope" (facts §2.3, VERIFIED): OpenSSL seal/open. A random symmetric key encrypts the XML; the
 * key is RSA-encrypted (PKCS#1 v1.5) for the recipient's certificate. On the wire: `env_key` = base64(wrapped
 * key), `data` = base64(ciphertext), and with AES also `cipher` and `iv` = base64(IV). Both directions use it:
 * the payment request (sealed for mobilPay's certificate) and the IPN (sealed for ours).
 *
 * Ciphers: `aes-256-cbc` (32-byte key, 16-byte IV, VERIFIED) and legacy `rc4` (no IV; 16-byte key, INFERRED from
 * OpenSSL's EVP_rc4 default). A message without a `cipher` field is RC4 (VERIFIED, cardConfirm.php). OpenSSL 3
 * ships RC4 only in its legacy provider (`node --openssl-legacy-provider`, facts §5): where it is missing,
 * sealing and opening RC4 fail with EnvelopeError('cipher_unavailable').
 */
import {
  constants,
  createCipheriv,
  createDecipheriv,
  getCiphers,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { unwrapEnvelopeKey } from './rsa-pkcs1';

export const ENVELOPE_CIPHERS = ['aes-256-cbc', 'rc4'] as const;
export type EnvelopeCipher = (typeof ENVELOPE_CIPHERS)[number];

const CIPHER_SPECS: Record<EnvelopeCipher, { keyLength: number; ivLength: number }> = {
  'aes-256-cbc': { keyLength: 32, ivLength: 16 },
  rc4: { keyLength: 16, ivLength: 0 },
};

/** The cipher assumed when a message names none (VERIFIED). */
export const DEFAULT_WIRE_CIPHER: EnvelopeCipher = 'rc4';

/** The form fields of a sealed message, as the browser posts them to mobilPay and mobilPay posts them to us. */
export interface EnvelopeFields {
  env_key: string;
  data: string;
  cipher?: string;
  iv?: string;
}

export type EnvelopeFailure = 'cipher_unavailable' | 'bad_encoding' | 'bad_iv' | 'undecryptable';

/** Messages never carry key material or plaintext. */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
  constructor(
    readonly reason: EnvelopeFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Whether this process's OpenSSL offers the cipher (RC4 needs the legacy provider). */
export function isCipherAvailable(cipher: EnvelopeCipher): boolean {
  return getCiphers().includes(cipher);
}

export function rc4UnavailableMessage(): string {
  return 'RC4 is not available in this Node/OpenSSL build (OpenSSL 3 keeps it in the legacy provider: start Node with --openssl-legacy-provider, or use aes-256-cbc)';
}

export function sealEnvelope(
  plaintext: string,
  recipient: KeyObject,
  cipher: EnvelopeCipher,
): EnvelopeFields {
  assertAvailable(cipher);
  const spec = CIPHER_SPECS[cipher];
  const key = randomBytes(spec.keyLength);
  const iv = spec.ivLength > 0 ? randomBytes(spec.ivLength) : null;
  const encipher = createCipheriv(cipher, key, iv);
  const data = Buffer.concat([encipher.update(plaintext, 'utf8'), encipher.final()]);
  const wrapped = publicEncrypt({ key: recipient, padding: constants.RSA_PKCS1_PADDING }, key);
  // The legacy RC4 form has only env_key and data (VERIFIED: the PHP SDK's form before AES).
  if (cipher === 'rc4') return { env_key: wrapped.toString('base64'), data: data.toString('base64') };
  return {
    env_key: wrapped.toString('base64'),
    data: data.toString('base64'),
    cipher,
    iv: (iv as Buffer).toString('base64'),
  };
}

/**
 * Opens a sealed message with our private key and returns the plaintext. Every failure after the key unwrap
 * (wrong key, bad padding, corrupted data) is the same EnvelopeError('undecryptable'), so answers reveal nothing
 * about the padding (see rsa-pkcs1.ts).
 */
export function openEnvelope(fields: EnvelopeFields, privateKey: KeyObject): string {
  const cipher = wireCipher(fields.cipher);
  const spec = CIPHER_SPECS[cipher];
  const wrapped = decodeBase64(fields.env_key, 'env_key');
  const data = decodeBase64(fields.data, 'data');
  let iv: Buffer | null = null;
  if (spec.ivLength > 0) {
    if (fields.iv === undefined) throw new EnvelopeError('bad_iv', `${cipher} needs an iv`);
    iv = decodeBase64(fields.iv, 'iv');
    if (iv.length !== spec.ivLength) throw new EnvelopeError('bad_iv', `iv must be ${spec.ivLength} bytes`);
  }
  let key: Buffer;
  try {
    key = unwrapEnvelopeKey(wrapped, privateKey, spec.keyLength);
  } catch {
    throw new EnvelopeError('undecryptable', 'the envelope key does not fit our private key');
  }
  try {
    const decipher = createDecipheriv(cipher, key, iv);
    const plain = Buffer.concat([decipher.update(data), decipher.final()]);
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    throw new EnvelopeError('undecryptable', 'the data could not be decrypted');
  }
}

function wireCipher(named: string | undefined): EnvelopeCipher {
  const cipher = named === undefined || named === '' ? DEFAULT_WIRE_CIPHER : named.toLowerCase();
  const known = ENVELOPE_CIPHERS.find((c) => c === cipher);
  if (!known) throw new EnvelopeError('cipher_unavailable', 'the message names a cipher we do not support');
  assertAvailable(known);
  return known;
}

function assertAvailable(cipher: EnvelopeCipher): void {
  if (!isCipherAvailable(cipher)) {
    throw new EnvelopeError(
      'cipher_unavailable',
      cipher === 'rc4' ? rc4UnavailableMessage() : `${cipher} is not available`,
    );
  }
}

/**
 * Strict base64. A '+' that reached us as a space (a sender that did not URL-encode it) is taken back, as the
 * PHP SDK's lenient decoder effectively does.
 */
function decodeBase64(text: string, field: string): Buffer {
  const normalized = text.replace(/ /g, '+').replace(/[\r\n]/g, '');
  if (normalized === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(normalized) || normalized.length % 4 !== 0) {
    throw new EnvelopeError('bad_encoding', `${field} is not base64`);
  }
  return Buffer.from(normalized, 'base64');
}
