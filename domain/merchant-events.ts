/**
 * Events we send to the merchant's backend on every payment change that matters to it. Small on
 * purpose: they are kept in the workflow's state for redelivery, and they carry no personal data.
 */
import type { PaymentState } from './payment-state';
import type { PaymentStatus } from './payment-types';

export interface MerchantEvent {
  /** Unique per payment change: receivers deduplicate on it. */
  id: string;
  type: `payment.${PaymentStatus}`;
  createdAt: string;
  data: {
    orderId: string;
    provider: string;
    status: PaymentStatus;
    amount: number;
    currency: string;
    authorizedAmount: number;
    capturedAmount: number;
    refundedAmount: number;
    /** Increases with every change of the payment: receivers apply an event only if it is newer. */
    version: number;
    providerReference?: string;
    reason?: string;
  };
}

/** Internal, short-lived statuses the merchant learns from the API answer itself. */
const SILENT: readonly PaymentStatus[] = ['processing', 'awaiting_payer'];

export function merchantEventFor(
  state: PaymentState,
  paymentKey: string,
  at: string,
): MerchantEvent | undefined {
  if (SILENT.includes(state.status)) return undefined;
  return {
    id: `${paymentKey}:v${state.version}`,
    type: `payment.${state.status}`,
    createdAt: at,
    data: {
      orderId: state.paymentId,
      provider: state.provider,
      status: state.status,
      amount: state.amount,
      currency: state.currency,
      authorizedAmount: state.authorizedAmount,
      capturedAmount: state.capturedAmount,
      refundedAmount: state.refundedAmount,
      version: state.version,
      providerReference: state.providerReference,
      reason: state.reason,
    },
  };
}
