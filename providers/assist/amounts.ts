/**
 * Assist writes every amount in major units with exactly two decimals and '.' as separator ("237.40"),
 * whatever the currency's ISO 4217 exponent (VERIFIED for OrderAmount, charge and cancel Amount).
 * We keep money in minor units of the currency's own exponent, so amounts are rescaled between the
 * two by whole powers of ten; nothing ever passes through a binary fraction.
 */
import { currencyInfo } from '../../domain/currency';
import { formatMinorUnits, MoneyError, parseDecimalAmount } from '../../domain/money';

const ASSIST_EXPONENT = 2;

/** Minor units of `currency` → Assist amount text. Throws MoneyError when two decimals cannot hold it. */
export function toAssistAmount(minor: number, currency: string): string {
  const { exponent } = currencyInfo(currency);
  if (exponent <= ASSIST_EXPONENT) {
    const hundredths = minor * 10 ** (ASSIST_EXPONENT - exponent);
    if (!Number.isSafeInteger(hundredths)) throw new MoneyError('amount', 'is too large for Assist', minor);
    return formatMinorUnits(hundredths, ASSIST_EXPONENT);
  }
  // Three- and four-decimal currencies (KWD, CLF): only amounts that end in zeros fit two decimals.
  const divisor = 10 ** (exponent - ASSIST_EXPONENT);
  if (minor % divisor !== 0) {
    throw new MoneyError('amount', `${currency} amounts must fit two decimals for Assist`, minor);
  }
  return formatMinorUnits(minor / divisor, ASSIST_EXPONENT);
}

/**
 * Assist amount text → minor units of `currency`. `exact` demands exactly two decimals, as Assist
 * requires of requests; answers are read leniently ("100" and "100.5" are accepted).
 */
export function fromAssistAmount(text: string, currency: string, field: string, exact = false): number {
  const { exponent } = currencyInfo(currency);
  const hundredths = parseDecimalAmount(text, ASSIST_EXPONENT, { allowFewerDecimals: !exact, field });
  if (exponent >= ASSIST_EXPONENT) {
    const minor = hundredths * 10 ** (exponent - ASSIST_EXPONENT);
    if (!Number.isSafeInteger(minor)) throw new MoneyError(field, 'is too large', text);
    return minor;
  }
  const divisor = 10 ** (ASSIST_EXPONENT - exponent);
  if (hundredths % divisor !== 0) {
    throw new MoneyError(field, `has decimals that ${currency} does not have`, text);
  }
  return hundredths / divisor;
}
