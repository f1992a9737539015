/**
 * How the step-15 result is authenticated with the payment secret. The seed says only that a payment secret
 * (§3.3.1) exists and must be kept confidential; the scheme itself is not public (GAP). Both schemes here are
 * INFERRED and selected by configuration (`resultSignature`):
 *
 * hmac-sha256 (default, our definition):
 *   1. Take every parameter of the result body except the signature parameter itself (with
 *      `signatureLocation=header`, every body parameter). Covering all of them means nothing unsigned is ever
 *      read. Parameter names must be unique (case-insensitively); repeated names are refused before this.
 *   2. Sort them by name, ascending, comparing the names' UTF-8 bytes (plain ordinal order; `Amount` < `PaymentID`
 *      < `Status` < `orderID`, because capitals sort first).
 *   3. Write each as `enc(name)=enc(value)`, where enc is RFC 3986 percent-encoding of the UTF-8 bytes
 *      (unreserved `A-Z a-z 0-9 - . _ ~` stay, everything else becomes `%XX`, uppercase hex; a space is `%20`).
 *      Encoding makes the string unambiguous: a value containing `&` or `=` cannot pose as another parameter.
 *   4. Join them with `&`. Values are the form-decoded values as received, so the sender's own form encoding
 *      (`+` vs `%20`) does not matter.
 *   5. signature = HMAC-SHA256(key = UTF-8 bytes of the payment secret, message = UTF-8 bytes of that string),
 *      written as lowercase hex (64 characters; uppercase is accepted) or standard padded base64
 *      (`signatureEncoding`).
 *   6. It travels as the form parameter `Signature` (`signatureParameter`) or, with
 *      `signatureLocation=header`, in the header `X-OpenTrade-Signature` (`signatureHeader`).
 *
 * md5-concat (legacy, the style of Russian payment systems of the protocol's era, suggested by the facts file):
 *   signature = lowercase hex MD5 of the UTF-8 bytes of `v1 + sep + v2 + … + sep + secret`, where v1… are the
 *   values of the configured fields in order (`md5Fields`, default orderID, PaymentID, Amount, Currency,
 *   Status; names matched case-insensitively; every one required) and sep is `md5Separator` (default `:`).
 *   Only those fields are signed, so only those fields are read (result-notification.ts).
 *
 * Comparison is constant-time over the decoded bytes. MD5 is there for compatibility, not our choice.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_SCHEMES = ['hmac-sha256', 'md5-concat'] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];

export interface SignatureSettings {
  scheme: SignatureScheme;
  location: 'parameter' | 'header';
  /** Name of the body parameter carrying the signature (location `parameter`). */
  parameterName: string;
  /** Lowercase header name (location `header`). */
  headerName: string;
  /** hmac-sha256 only; md5-concat is always hex. */
  encoding: 'hex' | 'base64';
  md5Fields: readonly string[];
  md5Separator: string;
}

/** A result body as ordered name/value pairs, form-decoded, without the signature parameter. */
export type ResultParams = ReadonlyArray<readonly [string, string]>;

/** RFC 3986 percent-encoding: encodeURIComponent leaves `!'()*` alone, which RFC 3986 reserves. */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Step 1–4 of hmac-sha256: the canonical string. */
export function canonicalString(params: ResultParams): string {
  return [...params]
    .sort(([a], [b]) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')))
    .map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`)
    .join('&');
}

/**
 * The values md5-concat covers, in configured order; undefined when one is missing (the result is then refused:
 * a sender that follows the scheme always sends them all).
 */
export function md5Values(params: ResultParams, fields: readonly string[]): string[] | undefined {
  const values: string[] = [];
  for (const field of fields) {
    const found = params.find(([name]) => name.toLowerCase() === field.toLowerCase());
    if (!found) return undefined;
    values.push(found[1]);
  }
  return values;
}

/** The signature the payment system sends. Throws if md5-concat fields are missing. */
export function signResult(params: ResultParams, secret: string, settings: SignatureSettings): string {
  const digest = signatureBytes(params, secret, settings);
  if (!digest) throw new Error(`result lacks a field of md5Fields (${settings.md5Fields.join(', ')})`);
  return settings.scheme === 'hmac-sha256' && settings.encoding === 'base64'
    ? digest.toString('base64')
    : digest.toString('hex');
}

/** Constant-time check of a presented signature. False for a malformed one or missing md5-concat fields. */
export function resultSignatureMatches(
  params: ResultParams,
  presented: string,
  secret: string,
  settings: SignatureSettings,
): boolean {
  const expected = signatureBytes(params, secret, settings);
  const received = decodeSignature(presented, settings);
  return (
    expected !== undefined &&
    received !== undefined &&
    received.length === expected.length &&
    timingSafeEqual(received, expected)
  );
}

function signatureBytes(
  params: ResultParams,
  secret: string,
  settings: SignatureSettings,
): Buffer | undefined {
  if (settings.scheme === 'hmac-sha256') {
    return createHmac('sha256', Buffer.from(secret, 'utf8')).update(canonicalString(params), 'utf8').digest();
  }
  const values = md5Values(params, settings.md5Fields);
  if (!values) return undefined;
  return createHash('md5')
    .update([...values, secret].join(settings.md5Separator), 'utf8')
    .digest();
}

/** Hex (either case) or base64, strictly: anything else is not a signature. */
function decodeSignature(text: string, settings: SignatureSettings): Buffer | undefined {
  const base64 = settings.scheme === 'hmac-sha256' && settings.encoding === 'base64';
  if (base64) {
    if (!/^[A-Za-z0-9+/]{43}=$/.test(text)) return undefined;
    return Buffer.from(text, 'base64');
  }
  const hexLength = settings.scheme === 'hmac-sha256' ? 64 : 32;
  if (text.length !== hexLength || !/^[0-9a-fA-F]+$/.test(text)) return undefined;
  return Buffer.from(text, 'hex');
}

/** The payment system's side: the result's form fields and headers, signed as `settings` say. */
export function signedResult(
  params: ResultParams,
  secret: string,
  settings: SignatureSettings,
): { fields: Record<string, string>; headers: Record<string, string> } {
  const signature = signResult(params, secret, settings);
  const fields = Object.fromEntries(params.map(([name, value]) => [name, value]));
  if (settings.location === 'header') return { fields, headers: { [settings.headerName]: signature } };
  return { fields: { ...fields, [settings.parameterName]: signature }, headers: {} };
}
