/**
 * mobilPay's transaction error codes: the IPN's `<error code>` and the `code` of the SOAP payment calls
 * (credit, capture, cancel). VERIFIED list: PHP_CARD README, docs v1.x, bytic payment-codes-values (facts §2.4).
 * The messages are ours, in English, and safe to show: we never pass mobilPay's free text on, since an IPN's
 * message is outside our control.
 */

export const APPROVED = '0';

export const TRANSACTION_ERRORS: Readonly<Record<string, string>> = {
  '16': 'card has a risk (e.g. reported stolen)',
  '17': 'incorrect card number',
  '18': 'closed card',
  '19': 'card expired',
  '20': 'insufficient funds',
  '21': 'incorrect CVV2',
  '22': 'issuer unavailable',
  '32': 'incorrect amount',
  '33': 'incorrect currency',
  '34': 'transaction not permitted to the cardholder',
  '35': 'transaction declined',
  '36': 'rejected by anti-fraud filters',
  '37': 'declined (breach of law)',
  // The docs site reads 38 as "Requires 3D Authentication"; older lists as a plain decline (VERIFIED both).
  '38': 'declined (3-D Secure authentication required)',
  '48': 'invalid request',
  '49': 'duplicate pre-authorization',
  '50': 'duplicate authorization',
  '51': 'only a pre-authorized order can be canceled',
  '52': 'only a pre-authorized order can be captured',
  '53': 'only a confirmed order can be credited',
  '54': 'credit amount higher than the authorized amount',
  '55': 'capture amount higher than the pre-authorized amount',
  '56': 'duplicate request',
  '99': 'generic error',
};

export function describeTransactionError(code: string): string {
  return TRANSACTION_ERRORS[code] ?? `mobilPay error code ${code}`;
}
