/**
 * The payment as the REST API shows it. `requestFingerprint` is an internal hash used to recognise a
 * repeated create; it means nothing to callers and would only invite them to depend on it.
 */
import type { PaymentView } from '../../workflows/payment-definitions';

export type PublicPaymentView = Omit<PaymentView, 'requestFingerprint'>;

export function publicView(view: PaymentView): PublicPaymentView {
  const { requestFingerprint: _internal, ...visible } = view;
  return visible;
}
