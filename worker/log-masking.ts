/**
 * Masks personal data inside free text: card numbers, e-mail addresses and phone numbers in any string
 * a log line carries (its message, a value nested in the logged object, an error's message or stack).
 * Key-based redaction (logger.ts) covers the fields we know; this covers what arrives inside text we do
 * not control: a provider error that echoes a PAN, an address in a query string, a phone in a reason.
 *
 * Cheap by construction: a string without a digit or an "@" is returned as is, and an object is copied
 * only when one of its strings changed. Numbers are left alone: a JSON number that happens to pass the
 * Luhn check is far more often a timestamp or an amount than a card.
 */

export const MASKS = { card: '[card]', email: '[email]', phone: '[phone]' } as const;

/** Also URL-encoded (`%40`), as an address appears in a logged query string. */
const EMAIL = /[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/gi;

/** Digits with at most two separators between them, as cards and phones are written ("+1 (555) 010-0199"). */
const DIGIT_RUN = /(?<![\w+])\+?\(?\d(?:[ ().-]{0,2}\d){6,24}(?!\w)/g;
const DIGIT_GROUP = /\d+/g;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** "2024-01-31" and "2024-01-31 12": a date, not a phone. */
const DATE_FIRST = /^\d{4}-\d{2}-\d{2}(?!\d)/;

const MAX_DEPTH = 8;

export function maskText(text: string): string {
  if (!/[\d@]/.test(text)) return text;
  const withoutEmails = /@|%40/.test(text) ? text.replace(EMAIL, MASKS.email) : text;
  return withoutEmails.replace(DIGIT_RUN, maskDigitRun);
}

/**
 * The value with every string in it masked: strings, arrays and plain objects (to a fixed depth, which
 * also ends cycles). Anything else (numbers, Buffers, Dates, class instances) is returned unchanged.
 */
export function maskValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (depth >= MAX_DEPTH || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const masked = value.map((item: unknown) => maskValue(item, depth + 1));
    return masked.some((item, i) => item !== value[i]) ? masked : value;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const masked = maskValue(item, depth + 1);
    if (masked === item) continue;
    // defineProperty: a key named __proto__ stays an own property instead of replacing the prototype.
    copy ??= { ...value };
    Object.defineProperty(copy, key, { value: masked, enumerable: true, writable: true, configurable: true });
  }
  return copy ?? value;
}

function maskDigitRun(run: string): string {
  const digits = run.replace(/\D/g, '');
  if (isCardNumber(digits)) return MASKS.card;
  if (isPhoneLike(run, digits)) return MASKS.phone;
  return maskCardInside(run);
}

/** A card written next to other numbers ("4111 1111 1111 1111 12 25"): find it among the digit groups. */
function maskCardInside(run: string): string {
  const groups = [...run.matchAll(DIGIT_GROUP)];
  for (let first = 0; first < groups.length; first++) {
    let digits = '';
    for (let last = first; last < groups.length && digits.length <= 19; last++) {
      digits += groups[last]?.[0] ?? '';
      if (!isCardNumber(digits)) continue;
      const start = groups[first]?.index ?? 0;
      const end = (groups[last]?.index ?? 0) + (groups[last]?.[0].length ?? 0);
      return run.slice(0, start) + MASKS.card + maskCardInside(run.slice(end));
    }
  }
  return run;
}

/** 13–19 digits passing the Luhn check: the shape of every payment card number (ISO/IEC 7812). */
function isCardNumber(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * E.164-ish: a leading "+" and 7–15 digits, or 9–15 digits written in at least three groups. Plain
 * digit strings (ids, amounts), dates and IPv4 addresses are not phones.
 */
function isPhoneLike(run: string, digits: string): boolean {
  if (digits.length < 7 || digits.length > 15) return false;
  if (IPV4.test(run) || DATE_FIRST.test(run)) return false;
  if (run.startsWith('+')) return true;
  const groups = run.split(/[ ().-]+/).filter(Boolean).length;
  return groups >= 3 && digits.length >= 9;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
