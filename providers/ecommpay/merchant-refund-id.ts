/**
 * `merchant_refund_id`: our reference for a refund, sent with the refund request (VERIFIED as sent by the
 * WooCommerce plugin) and echoed as `payment.merchant_refund_id` in callbacks (VERIFIED field in the PHP SDK's
 * callback fixture). It must give back the workflow's refundId, which is only unique within one payment, and
 * must itself be unique within the project (INFERRED: the platform rejects a repeated one), so it carries both:
 *
 * - readable form `<payment_id>.<refundId>` when both consist of [A-Za-z0-9_-] (so exactly one '.');
 * - otherwise `b64.<base64url(payment_id)>.<base64url(refundId)>` (exactly two '.').
 *
 * The two forms cannot be confused: the readable one has one dot, the encoded one two.
 */
const SAFE = /^[A-Za-z0-9_-]+$/;
const ENCODED_PREFIX = 'b64';

export function encodeMerchantRefundId(paymentId: string, refundId: string): string {
  if (SAFE.test(paymentId) && SAFE.test(refundId)) return `${paymentId}.${refundId}`;
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  return `${ENCODED_PREFIX}.${b64(paymentId)}.${b64(refundId)}`;
}

/** The payment and refund ids behind a merchant_refund_id, or undefined when it is not one of ours. */
export function decodeMerchantRefundId(value: string): { paymentId: string; refundId: string } | undefined {
  const parts = value.split('.');
  if (parts.length === 2) {
    const [paymentId = '', refundId = ''] = parts;
    return SAFE.test(paymentId) && SAFE.test(refundId) ? { paymentId, refundId } : undefined;
  }
  if (parts.length === 3 && parts[0] === ENCODED_PREFIX) {
    const paymentId = fromBase64Url(parts[1] ?? '');
    const refundId = fromBase64Url(parts[2] ?? '');
    return paymentId && refundId ? { paymentId, refundId } : undefined;
  }
  return undefined;
}

function fromBase64Url(text: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64url');
  // Only the canonical encoding counts, so one refund has exactly one merchant_refund_id.
  if (decoded.toString('base64url') !== text) return undefined;
  const utf8 = decoded.toString('utf8');
  return Buffer.from(utf8, 'utf8').equals(decoded) ? utf8 : undefined;
}
