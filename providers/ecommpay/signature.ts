/**
 * ECommPay's request/callback signature (VERIFIED §1.6, six official SDKs and the vectors in
 * shared/providers/ecommpay-signature-vectors.json):
 *
 *   1. drop every `frame_mode` key, at any depth;
 *   2. flatten to leaves: the path is the key names joined by `:`, array elements use their 0-based index,
 *      and a literal `:` inside a key is written `::`;
 *   3. each leaf becomes `path:value`: booleans 1/0, null the empty string, numbers in plain decimal form,
 *      strings raw; empty objects and arrays produce no entry at all;
 *   4. sort the entries by path in code-point order, join them with `;`, HMAC-SHA512 with the project's
 *      secret key (UTF-8), base64 with padding.
 *
 * Where the SDKs disagree (arrays of 11+ elements, keys that prefix one another) we follow the full-path
 * code-point order that five SDKs share; the platform's own rule is a GAP (§1.6).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** A JSON-like value as it is signed. `undefined` members are absent, as JSON.stringify would treat them. */
export type SignableValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly SignableValue[]
  | { readonly [key: string]: SignableValue };

/** Never part of the signed data (VERIFIED: in every SDK's ignore list). */
const IGNORED_KEY = 'frame_mode';

/** The value cannot be signed the way ECommPay would (a non-finite number, say): a bug on our side. */
export class SignatureInputError extends Error {
  override readonly name = 'SignatureInputError';
}

/** The `;`-joined string that is signed, e.g. `payment:id:test-payment;payment:status:success`. */
export function stringToSign(params: { readonly [key: string]: SignableValue }): string {
  const entries: Array<{ path: string; bytes: Buffer; line: string }> = [];
  collect(params, undefined, (path, value) => {
    entries.push({ path, bytes: Buffer.from(path, 'utf8'), line: `${path}:${value}` });
  });
  // UTF-8 byte order is code-point order (JavaScript's default sort compares UTF-16 code units instead).
  entries.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  return entries.map((e) => e.line).join(';');
}

/** Base64 HMAC-SHA512 of the string to sign. */
export function sign(params: { readonly [key: string]: SignableValue }, secretKey: string): string {
  return createHmac('sha512', Buffer.from(secretKey, 'utf8'))
    .update(stringToSign(params), 'utf8')
    .digest('base64');
}

/** Constant-time comparison of two signatures (any lengths: both are hashed to 32 bytes first). */
export function signaturesMatch(received: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(received), digest(expected));
}

function collect(
  value: SignableValue,
  path: string | undefined,
  emit: (path: string, value: string) => void,
) {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item: SignableValue, index) => collect(item, join(path, String(index)), emit));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (key === IGNORED_KEY) continue;
      collect((value as { readonly [key: string]: SignableValue })[key], join(path, escapeKey(key)), emit);
    }
    return;
  }
  if (path === undefined) throw new SignatureInputError('only objects can be signed');
  emit(path, leafText(value, path));
}

function leafText(value: string | number | boolean | null, path: string): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SignatureInputError(`${path} is not a finite number`);
    // Integers print as plain digits up to 1e21; signed amounts and ids are far below that.
    return String(value);
  }
  return value;
}

function escapeKey(key: string): string {
  return key.replaceAll(':', '::');
}

function join(prefix: string | undefined, segment: string): string {
  return prefix === undefined ? segment : `${prefix}:${segment}`;
}
