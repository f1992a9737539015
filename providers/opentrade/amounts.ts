/**
 * Money as the protocol writes it: a major-unit decimal with the currency's ISO 4217 exponent, and the
 * currency as its ISO 4217 numeric code (VERIFIED: the seed's sample sends `500.15` and `643` for RUB).
 *
 * The English page writes `500.15`, the Russian revisions `500,15` (VERIFIED), so we read either separator
 * and always write `.`. Conversions are exact string arithmetic (domain/money.ts), never floats.
 */
import { currencyByNumeric, currencyInfo } from '../../domain/currency';
import { formatMinorUnits, parseDecimalAmount } from '../../domain/money';

/** 50015 RUB → "500.15". Throws MoneyError for a malformed amount or an unknown currency. */
export function toProtocolAmount(minor: number, currency: string): string {
  return formatMinorUnits(minor, currencyInfo(currency).exponent);
}

/** "500.15" or "500,15" in RUB → 50015. Throws MoneyError (more decimals than the currency has, etc.). */
export function fromProtocolAmount(text: string, currency: string, field: string): number {
  return parseDecimalAmount(text, currencyInfo(currency).exponent, { decimalSeparator: 'either', field });
}

/** "RUB" → "643". Throws MoneyError for a currency without a numeric code. */
export function toNumericCurrency(currency: string): string {
  return currencyInfo(currency).numeric;
}

/** "643" → "RUB". Throws MoneyError for anything but a known 3-digit code. */
export function fromNumericCurrency(numeric: string): string {
  return currencyByNumeric(numeric).code;
}
