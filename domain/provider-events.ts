/**
 * Normalized facts a provider reports, whether through a verified notification or its status API.
 * Each provider's webhook.ts / adapter.ts translates its own wire format into these; nothing outside
 * providers/ ever parses a provider format.
 */
import type { RedirectInstruction } from './payment-types';

/** The payment's state at the provider, as its status API (or an authoritative notification) tells it. */
export type ProviderPaymentState =
  | 'not_found' // the provider has no record: the payer never reached it
  | 'pending' // created or in progress; nothing final yet
  | 'authorized' // funds held, awaiting capture
  | 'captured' // funds taken (one-stage success, or a capture completed)
  | 'voided' // the hold was released
  | 'refunded' // money returned, fully or in part (see refundedAmount)
  | 'declined'
  | 'expired';

export interface ProviderStatus {
  state: ProviderPaymentState;
  /** The provider's own id for the payment (Assist billnumber, BIG FISH TransactionId, ...). */
  providerReference?: string;
  /** ISO 4217 alpha-3 currency of the amounts, when the provider reports it. */
  currency?: string;
  /** Amounts in minor units, as far as the provider reports them. */
  authorizedAmount?: number;
  capturedAmount?: number;
  refundedAmount?: number;
  /** Decline code and a message safe to show (no personal data). */
  declineCode?: string;
  declineReason?: string;
}

/** One verified notification, normalized. `eventId` is stable for duplicates of the same notification. */
export type ProviderEvent =
  | { type: 'redirect_ready'; eventId: string; redirect: RedirectInstruction; providerReference?: string }
  | {
      /** The notification reports a payment state; the workflow confirms it through the status API when the provider has one. */
      type: 'payment_state';
      eventId: string;
      status: ProviderStatus;
    }
  | {
      /** A refund's outcome, for providers that confirm refunds asynchronously. */
      type: 'refund_result';
      eventId: string;
      refundId: string;
      succeeded: boolean;
      amount?: number;
      providerReference?: string;
      reason?: string;
    }
  | {
      /** A bare trigger with no trustworthy content (BIG FISH): the workflow must ask the status API. */
      type: 'status_hint';
      eventId: string;
    }
  | {
      /**
       * A charge the provider made on its own schedule (mobilPay recurrence): `chargeNumber` is its
       * position in the schedule (`current_payment_count`, 1 = the first payment); 0 means the
       * provider could not schedule the recurrence at all.
       */
      type: 'recurring_charge';
      eventId: string;
      chargeNumber: number;
      status: ProviderStatus;
    };
