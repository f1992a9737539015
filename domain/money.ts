/**
 * Money as integer minor units (cents, kopecks, fils) with the currency's ISO 4217 exponent.
 *
 * Pure and dependency-free: workflows bundle this file, so no Node built-ins and no dataset (currency.ts
 * maps codes to exponents). Decimal text is converted by string manipulation only; amounts never pass
 * through a binary fraction, so "0.1 + 0.2" style errors cannot reach a provider or a ledger.
 */

/** An amount in minor units (a non-negative safe integer) of an ISO 4217 alpha-3 currency. */
export interface Money {
  amount: number;
  currency: string;
}

/** A malformed or out-of-range amount or currency. `field` names the input, `reason` says what is wrong. */
export class MoneyError extends Error {
  override readonly name = 'MoneyError';
  constructor(
    readonly field: string,
    readonly reason: string,
    readonly input?: unknown,
  ) {
    super(input === undefined ? `${field}: ${reason}` : `${field} ${show(input)}: ${reason}`);
  }
}

export interface ParseDecimalOptions {
  /** Which character separates the fraction. 'either' accepts '.' or ',' (OpenTrade samples use both). Default '.'. */
  decimalSeparator?: '.' | ',' | 'either';
  /**
   * true (default): up to `exponent` decimals ("10" and "10.5" are fine with exponent 2), and extra
   * decimals only when they are zeros ("10.500"). false: exactly `exponent` decimals, as Assist's
   * OrderAmount requires ("10.50"; "10.5" and "10" are rejected).
   */
  allowFewerDecimals?: boolean;
  /** Names the input in errors, e.g. "OrderAmount". Default "amount". */
  field?: string;
}

/** ISO 4217 minor units run from 0 (JPY) to 4 (CLF, UYW); anything else is a caller bug. */
const MAX_EXPONENT = 4;
const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER);

/** Throws unless `value` is a non-negative safe integer; returns it typed as a number of minor units. */
export function assertMinorUnits(value: unknown, what: string): number {
  if (typeof value !== 'number') {
    const got = value === null ? 'null' : typeof value;
    const hint = typeof value === 'string' ? ' (decimal text needs parseDecimalAmount)' : '';
    throw new MoneyError(what, `must be a number of minor units, got ${got}${hint}`, value);
  }
  if (!Number.isFinite(value)) throw new MoneyError(what, 'must be a finite number of minor units', value);
  if (!Number.isInteger(value)) {
    throw new MoneyError(what, 'must be a whole number of minor units (no fractions of a cent)', value);
  }
  if (value < 0) throw new MoneyError(what, 'must not be negative', value);
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError(
      what,
      `must not exceed ${MAX_SAFE_DIGITS} minor units (Number.MAX_SAFE_INTEGER)`,
      value,
    );
  }
  return value;
}

/** Minor units as the decimal text providers expect: (23740, 2) → "237.40", (500, 0) → "500". */
export function formatMinorUnits(minor: number, exponent: number): string {
  assertMinorUnits(minor, 'amount');
  assertExponent(exponent);
  // String() of a safe integer is plain digits: exponent notation only starts at 1e21.
  const digits = String(minor);
  if (exponent === 0) return digits;
  const padded = digits.padStart(exponent + 1, '0');
  return `${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

/** Exact parse of decimal text in major units into minor units: ("237.40", 2) → 23740. */
export function parseDecimalAmount(text: string, exponent: number, opts: ParseDecimalOptions = {}): number {
  const { decimalSeparator = '.', allowFewerDecimals = true, field = 'amount' } = opts;
  assertExponent(exponent);
  const fail = (reason: string): never => {
    throw new MoneyError(field, reason, text);
  };
  if (typeof text !== 'string') return fail(`must be decimal text, got ${typeof text}`);
  if (text === '') return fail('is empty');
  if (/\s/.test(text)) return fail('must not contain whitespace');
  if (/^[+-]/.test(text)) return fail('must not carry a sign (amounts are non-negative)');
  if (/^[\d.,]+[eE][+-]?\d+$/.test(text)) return fail('must not use exponent notation');

  const separators = [...text].filter((c) => c === '.' || c === ',');
  const used = separators[0];
  if (separators.length > 1) {
    return fail('has more than one separator (thousands separators are not allowed)');
  }
  if (used !== undefined && decimalSeparator !== 'either' && used !== decimalSeparator) {
    const hint = used === ',' ? ' (thousands separators are not allowed)' : '';
    return fail(`uses '${used}' but the decimal separator here is '${decimalSeparator}'${hint}`);
  }
  const [whole = '', fraction] = used === undefined ? [text] : text.split(used);
  const stray = /[^0-9]/.exec(whole + (fraction ?? ''));
  if (stray) return fail(`contains '${stray[0]}', only digits and one decimal separator are allowed`);
  if (whole === '') return fail('needs at least one digit before the decimal separator');
  if (fraction === '') return fail('needs at least one digit after the decimal separator');

  const decimals = fraction ?? '';
  if (!allowFewerDecimals && decimals.length !== exponent) {
    return fail(`must have exactly ${count(exponent, 'decimal')}, has ${decimals.length}`);
  }
  if (decimals.length > exponent) {
    if (/[^0]/.test(decimals.slice(exponent))) {
      return fail(`has more than ${count(exponent, 'decimal')} (less than one minor unit)`);
    }
    // "1,000" is one thousand to most readers: never silently read it as 1.000.
    if (used === ',') {
      return fail(`is ambiguous: ',' and ${decimals.length} digits may be a thousands separator`);
    }
  }

  const minorDigits = (whole + decimals.slice(0, exponent).padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  const tooBig =
    minorDigits.length > MAX_SAFE_DIGITS.length ||
    (minorDigits.length === MAX_SAFE_DIGITS.length && minorDigits > MAX_SAFE_DIGITS);
  if (tooBig) return fail(`exceeds ${MAX_SAFE_DIGITS} minor units (Number.MAX_SAFE_INTEGER)`);
  // Plain digits of a safe integer: Number() is exact here.
  return Number(minorDigits);
}

/** a + b; throws when the sum is no longer a safe integer. */
export function addMinor(a: number, b: number): number {
  const sum = assertMinorUnits(a, 'first amount') + assertMinorUnits(b, 'second amount');
  if (!Number.isSafeInteger(sum)) {
    throw new MoneyError(
      'sum',
      `${a} + ${b} exceeds ${MAX_SAFE_DIGITS} minor units (Number.MAX_SAFE_INTEGER)`,
    );
  }
  return sum;
}

/** a − b; throws when b > a, because a negative balance means an invariant was broken upstream. */
export function subtractMinor(a: number, b: number): number {
  assertMinorUnits(a, 'first amount');
  assertMinorUnits(b, 'second amount');
  if (b > a) throw new MoneyError('difference', `${a} - ${b} would be negative`);
  return a - b;
}

/** The smaller of two amounts, e.g. a capture capped at what is still authorized. */
export function minMinor(a: number, b: number): number {
  return Math.min(assertMinorUnits(a, 'first amount'), assertMinorUnits(b, 'second amount'));
}

function assertExponent(exponent: number): void {
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > MAX_EXPONENT) {
    throw new MoneyError(
      'exponent',
      `must be an integer from 0 to ${MAX_EXPONENT} (ISO 4217 minor units)`,
      exponent,
    );
  }
}

/** "1 decimal", "2 decimals". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The offending input for a message: quoted, and short enough for a log line. */
function show(input: unknown): string {
  const text = typeof input === 'string' ? JSON.stringify(input) : String(input);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
