/**
 * The payment's vocabulary, shared by the workflow, the client, the gateway and the providers.
 * Plain data only: everything here crosses Temporal payloads as JSON.
 */

/** Where a payment stands. Amounts (authorized, captured, refunded) travel beside the status. */
export const PAYMENT_STATUSES = [
  'awaiting_payer', // created at the provider, the payer has the redirect
  'processing', // the provider told us something; we are confirming it
  'authorized', // funds held (two-stage), nothing captured yet
  'partially_captured', // some of the hold captured, the rest may still be captured or was released
  'captured', // the whole authorized amount captured (one-stage payments land here directly)
  'partially_refunded',
  'refunded', // everything captured has been refunded
  'voided', // the hold was released before any capture
  'declined', // the provider refused the payment
  'expired', // the payer never completed the payment
  'canceled', // the merchant canceled before the payer paid
  'failed', // the provider rejected the request itself (configuration, validation)
  'needs_attention', // the outcome is unknown; an operator must resolve it
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Statuses from which no provider event can move the payment any more. */
export const TERMINAL_STATUSES: readonly PaymentStatus[] = [
  'refunded',
  'voided',
  'declined',
  'expired',
  'canceled',
  'failed',
];

export type CaptureMode = 'one_stage' | 'two_stage';

/** What the caller's browser must do to send the payer to the provider. One shape for every provider. */
export interface RedirectInstruction {
  method: 'GET' | 'POST';
  url: string;
  /** Form fields for POST, query parameters already in `url` for GET (then empty). */
  fields: Record<string, string>;
}

/** Personal data about the payer. Kept out of logs; encrypted in Temporal history by the payload codec. */
export interface Customer {
  id?: string;
  email?: string;
  phone?: string;
  ipAddress?: string;
  firstName?: string;
  lastName?: string;
}

/** Kinds of operations recorded on a payment, each with its provider reference. */
export type OperationKind = 'create' | 'authorize' | 'capture' | 'void' | 'refund' | 'status_check';
export type OperationStatus = 'pending' | 'succeeded' | 'failed' | 'unknown';

export interface PaymentOperation {
  /** Stable id: also the idempotency key suffix sent to the provider. */
  id: string;
  kind: OperationKind;
  status: OperationStatus;
  amount?: number;
  providerReference?: string;
  error?: string;
  at: string;
}

export interface TimelineEntry {
  at: string;
  status: PaymentStatus;
  note: string;
}

/** What the merchant tells us about a payment besides money: passed to the provider at creation. */
export interface PaymentDetails {
  description?: string;
  customer?: Customer;
  /** Two-letter language for the provider's payment page. */
  language?: string;
  returnUrls: { success: string; failure: string };
  /** Where the provider should send notifications for this payment (our gateway). */
  notificationUrl: string;
}
