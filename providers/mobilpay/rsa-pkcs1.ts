/**
 * Unwrapping mobilPay's envelope key (RSA, PKCS#1 v1.5 type 2 padding) on Node 20.
 *
 * Node refuses RSA_PKCS1_PADDING for private decryption (CVE-2023-46809, the Marvin timing attack; facts §5),
 * so we decrypt with RSA_NO_PADDING and check the padding ourselves:
 * - without data-dependent branches or early exits: every byte is inspected and the verdict is a bit folded
 *   from all of them;
 * - with "implicit rejection": a bad padding does not raise an error, it yields a pseudo-random key derived
 *   from the ciphertext with a per-process secret. The caller then fails at the same later step (symmetric
 *   decryption or XML parsing) whether the padding was bad or the key merely wrong, so an attacker cannot
 *   learn from our answers whether a chosen ciphertext had valid padding (Bleichenbacher's oracle).
 * Trade-off (README): JavaScript gives no hard constant-time guarantee (the JIT may branch), so this narrows
 * the timing channel rather than closing it; `node --security-revert=CVE-2023-46809` would hand the check
 * back to OpenSSL but re-enables the vulnerable code path process-wide, so we do not require it.
 */
import { constants, createHmac, privateDecrypt, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** PKCS#1 v1.5 demands at least 8 bytes of non-zero padding (RFC 8017 §7.2.1). */
const MIN_PADDING_BYTES = 8;

/** Keys derived for rejected ciphertexts; random per process, so nobody can predict them. */
const REJECTION_SECRET = randomBytes(32);

/**
 * The RSA-wrapped symmetric key, or a pseudo-random key of the same length when the padding is not valid.
 * Throws only for what is visible without the private key: a ciphertext of the wrong length.
 */
export function unwrapEnvelopeKey(wrapped: Buffer, privateKey: KeyObject, keyLength: number): Buffer {
  const modulusBytes = modulusLengthBytes(privateKey);
  if (wrapped.length !== modulusBytes) {
    throw new RangeError(`envelope key must be ${modulusBytes} bytes for this private key`);
  }
  let encoded: Buffer;
  try {
    encoded = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, wrapped);
  } catch {
    // The ciphertext is not below the modulus: also decidable from public data. Fall through to rejection.
    encoded = Buffer.alloc(modulusBytes);
  }
  const { message, valid } = decodePkcs1v15Type2(encoded, keyLength);
  const substitute = createHmac('sha256', REJECTION_SECRET).update(wrapped).digest().subarray(0, keyLength);
  return selectBytes(valid, message, substitute);
}

/**
 * Checks `encoded` = 0x00 ‖ 0x02 ‖ PS (non-zero bytes) ‖ 0x00 ‖ M, where M must be exactly `messageLength` bytes
 * (the cipher's key size, which we know in advance). `valid` is 1 or 0 and is computed without branching on
 * secret bytes. Exported for tests.
 */
export function decodePkcs1v15Type2(
  encoded: Buffer,
  messageLength: number,
): { message: Buffer; valid: number } {
  const separatorAt = encoded.length - messageLength - 1;
  if (separatorAt < 2 + MIN_PADDING_BYTES) {
    throw new RangeError('the RSA modulus is too small for a key of this length');
  }
  let bad = byteAt(encoded, 0) | (byteAt(encoded, 1) ^ 0x02) | byteAt(encoded, separatorAt);
  for (let i = 2; i < separatorAt; i++) bad |= isZeroBit(byteAt(encoded, i));
  return { message: encoded.subarray(separatorAt + 1), valid: isZeroBit(bad) };
}

/** `valid` = 1 → a copy of `chosen`, 0 → a copy of `fallback`; the same work either way. */
function selectBytes(valid: number, chosen: Buffer, fallback: Buffer): Buffer {
  const keep = -valid & 0xff;
  const out = Buffer.alloc(chosen.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = (byteAt(chosen, i) & keep) | (byteAt(fallback, i) & ~keep & 0xff);
  }
  return out;
}

/** 1 when `x` (0..255) is zero, else 0, by arithmetic: x − 1 is negative only for 0. */
function isZeroBit(x: number): number {
  return ((x - 1) >> 31) & 1;
}

function byteAt(buffer: Buffer, index: number): number {
  return buffer[index] ?? 0;
}

function modulusLengthBytes(key: KeyObject): number {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (key.asymmetricKeyType !== 'rsa' || bits === undefined) throw new TypeError('an RSA key is required');
  return Math.ceil(bits / 8);
}
