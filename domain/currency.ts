/**
 * ISO 4217 facts from the currency-codes dataset: numeric code and exponent (minor units) per currency.
 * Not for workflow code (it loads the dataset); workflows receive exponents with their input.
 */
import { code as isoByCode, number as isoByNumeric, publishDate } from 'currency-codes';
import { formatMinorUnits, MoneyError, parseDecimalAmount } from './money';
import type { Money, ParseDecimalOptions } from './money';

export interface CurrencyInfo {
  /** Alpha-3, e.g. "USD". */
  code: string;
  /** Numeric code, 3 digits zero-padded, e.g. "008" (ALL), "643" (RUB). */
  numeric: string;
  /** Minor-unit exponent: 2 for USD, 0 for JPY, 3 for KWD, 4 for CLF. */
  exponent: number;
}

/**
 * Codes whose ISO 4217 minor unit is "N.A." (precious metals, bond-market units, SDR, SUCRE, ADB unit, test
 * and no-currency codes). The dataset turns "N.A." into digits 0, which would make them look like JPY, so
 * they are listed here; test/unit/currency.test.ts checks this list against the ISO XML the package ships.
 */
export const NO_MINOR_UNIT_CODES: ReadonlySet<string> = new Set([
  'XAG',
  'XAU',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XPD',
  'XPT',
  'XSU',
  'XTS',
  'XUA',
  'XXX',
]);

/** ISO 4217 facts for a payable currency; throws MoneyError for a malformed, unknown or non-payment code. */
export function currencyInfo(code: string): CurrencyInfo {
  if (typeof code !== 'string' || !/^[A-Z]{3}$/.test(code)) {
    const hint =
      typeof code === 'string' && /^[a-z]{3}$/i.test(code) ? `; did you mean "${code.toUpperCase()}"?` : '';
    throw new MoneyError(
      'currency',
      `must be 3 uppercase letters, an ISO 4217 alpha-3 code like "USD"${hint}`,
      code,
    );
  }
  const record = isoByCode(code);
  if (!record) {
    throw new MoneyError('currency', `is not an ISO 4217 currency code (dataset of ${publishDate})`, code);
  }
  if (NO_MINOR_UNIT_CODES.has(code)) {
    throw new MoneyError('currency', 'has no minor unit in ISO 4217 (not a currency for payments)', code);
  }
  if (!/^\d{3}$/.test(record.number ?? '') || !Number.isInteger(record.digits)) {
    throw new MoneyError('currency', 'has no numeric code or minor unit in the ISO 4217 dataset', code);
  }
  return { code, numeric: record.number, exponent: record.digits };
}

/** True when `code` is an ISO 4217 alpha-3 code usable for payments (currencyInfo would not throw). */
export function isKnownCurrency(code: string): boolean {
  try {
    currencyInfo(code);
    return true;
  } catch (error) {
    if (error instanceof MoneyError) return false;
    throw error;
  }
}

/** The currency for a numeric code, e.g. "643" → RUB. Requires exactly 3 digits ("008", not "8"). */
export function currencyByNumeric(numeric: string): CurrencyInfo {
  if (typeof numeric !== 'string' || !/^\d{3}$/.test(numeric)) {
    throw new MoneyError(
      'currency',
      'must be a 3-digit ISO 4217 numeric code, zero-padded (e.g. "008")',
      numeric,
    );
  }
  const record = isoByNumeric(numeric);
  if (!record) {
    throw new MoneyError('currency', `is not an ISO 4217 numeric code (dataset of ${publishDate})`, numeric);
  }
  return currencyInfo(record.code);
}

/** Major-unit decimal text with the currency's exponent: 23740 USD → "237.40", 500 JPY → "500". */
export function toDecimalString(money: Money): string {
  return formatMinorUnits(money.amount, currencyInfo(money.currency).exponent);
}

/** Parses major-unit decimal text in `currency` exactly: ("237.40", "USD") → { amount: 23740, currency: "USD" }. */
export function fromDecimalString(text: string, currency: string, opts?: ParseDecimalOptions): Money {
  return { amount: parseDecimalAmount(text, currencyInfo(currency).exponent, opts), currency };
}
