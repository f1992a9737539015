/**
 * Minor units ↔ BIG FISH amounts. BIG FISH takes JSON numbers in major units (VERIFIED: the SDK's setters take a
 * float; the docs' samples send `"Amount":100`) and integrators also send strings such as "100" (VERIFIED, demo).
 * Whole-unit currencies (HUF, see config.ts) are written without decimals.
 *
 * Nothing here does arithmetic on fractions: requests are built from decimal text (formatMinorUnits) and written
 * verbatim (JsonDecimal), and JSON numbers we receive are read back through their shortest decimal text, which
 * reproduces the sender's digits exactly for up to 15 significant digits (IEEE 754 double round trip).
 */
import { currencyInfo } from '../../domain/currency';
import { formatMinorUnits, MoneyError, parseDecimalAmount } from '../../domain/money';
import { JsonDecimal } from './json-text';

/** A double holds any decimal of up to 15 significant digits exactly enough to give it back unchanged. */
const EXACT_DOUBLE_DIGITS = 15;

/** Minor units of `currency` → the decimal text BIG FISH gets. Throws MoneyError when the amount cannot be sent. */
export function toBigfishDecimal(
  minor: number,
  currency: string,
  wholeUnitCurrencies: readonly string[],
): string {
  const { exponent } = currencyInfo(currency);
  const text = formatMinorUnits(minor, exponent);
  if (!wholeUnitCurrencies.includes(currency)) return text;
  const [whole, fraction = ''] = text.split('.');
  if (/[^0]/.test(fraction)) {
    throw new MoneyError('amount', `${currency} is paid in whole units at BIG FISH`, minor);
  }
  return whole ?? text;
}

/** The same, as a JSON number for a request body. */
export function toBigfishAmount(
  minor: number,
  currency: string,
  wholeUnitCurrencies: readonly string[],
): JsonDecimal {
  return new JsonDecimal(toBigfishDecimal(minor, currency, wholeUnitCurrencies));
}

/** An amount as BIG FISH writes it (JSON number or decimal string) → minor units of `currency`. */
export function fromBigfishAmount(value: number | string, currency: string, field: string): number {
  const text = typeof value === 'string' ? value : decimalTextOf(value, field);
  return parseDecimalAmount(text, currencyInfo(currency).exponent, { field });
}

/** The decimal digits a JSON number was written with, or a MoneyError when a double cannot have kept them. */
function decimalTextOf(value: number, field: string): string {
  if (!Number.isFinite(value) || value < 0)
    throw new MoneyError(field, 'must be a non-negative number', value);
  const text = String(value);
  if (/e/i.test(text)) throw new MoneyError(field, 'is out of range for an amount', value);
  const significant = text.replace('.', '').replace(/^0+/, '');
  if (significant.length > EXACT_DOUBLE_DIGITS) {
    throw new MoneyError(
      field,
      `has more than ${EXACT_DOUBLE_DIGITS} digits, which a JSON number cannot carry exactly`,
      value,
    );
  }
  return text;
}
