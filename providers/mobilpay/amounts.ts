/**
 * mobilPay writes amounts in major units with '.' and, in the card request, exactly two decimals ("25.00", the
 * PHP SDK's `%.02f`, VERIFIED facts §2.2); SOAP takes bare numbers ("15", "10.5"). Every currency mobilPay takes
 * (RON, EUR, USD, GBP, MDL) has two decimals, so minor units convert without rescaling; anything else is refused.
 * Text only: amounts never pass through a binary fraction.
 */
import { currencyInfo } from '../../domain/currency';
import { formatMinorUnits, MoneyError, parseDecimalAmount } from '../../domain/money';

const MOBILPAY_EXPONENT = 2;

/** Minor units → "25.00". Throws MoneyError for a currency without two decimals. */
export function toMobilpayAmount(minor: number, currency: string): string {
  assertTwoDecimals(currency, 'amount');
  return formatMinorUnits(minor, MOBILPAY_EXPONENT);
}

/** "25.00", "25.5" or "25" → minor units. Throws MoneyError. */
export function fromMobilpayAmount(text: string, currency: string, field: string): number {
  assertTwoDecimals(currency, field);
  return parseDecimalAmount(text, MOBILPAY_EXPONENT, { field });
}

function assertTwoDecimals(currency: string, field: string): void {
  if (currencyInfo(currency).exponent !== MOBILPAY_EXPONENT) {
    throw new MoneyError(field, `mobilPay amounts have two decimals; ${currency} does not`, currency);
  }
}
