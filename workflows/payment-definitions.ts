/**
 * The payment workflow's interface: its input, and the signals, queries and updates that the client,
 * the gateway and operators use. Shared by workflows/ and client/, so it holds definitions only.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ProviderCapabilities } from '../domain/capabilities';
import type { OperatorResolution, NewPayment, PaymentState } from '../domain/payment-state';
import type { PaymentDetails, RedirectInstruction } from '../domain/payment-types';
import type { ProviderEvent } from '../domain/provider-events';
import type { MerchantEvent } from '../domain/merchant-events';

export const PAYMENT_WORKFLOW_TYPE = 'paymentWorkflow';

/** Workflow id for a merchant order: the caller's key, so an order can only ever have one payment. */
export function paymentWorkflowId(orderId: string): string {
  return `payment-${orderId}`;
}

export interface PaymentTimeouts {
  /** How long the payer has to complete the payment before we ask the provider ourselves. */
  payerTimeoutMs: number;
  /** Delays between status checks after the payer deadline, e.g. 1 min, 5 min, 30 min, 2 h, 12 h, 24 h. */
  statusPollScheduleMs: number[];
  /** How long a provider that sends the redirect asynchronously (ECommPay Gate) may take. */
  redirectTimeoutMs: number;
  /** How long an authorization may wait for capture (Assist: confirm within 2 days). */
  captureDeadlineMs: number;
  captureDeadlineAction: 'void' | 'capture';
  /** How long the payment stays open for refunds after capture. */
  refundWindowMs: number;
  /**
   * How long a canceled or expired payment keeps listening for a late payment to give back. Set it to
   * cover the provider's notification retries (mobilPay resends for about a day). Default: payerTimeoutMs.
   */
  latePaymentWindowMs?: number;
}

/** Where and how patiently to tell the merchant's backend about changes (absent: no notifications). */
export interface MerchantNotificationSettings {
  url: string;
  retry: { initialIntervalMs: number; maximumIntervalMs: number; giveUpAfterMs: number };
}

export interface NotificationRecord {
  event: MerchantEvent;
  delivery: 'pending' | 'delivered' | 'failed';
  error?: string;
}

/**
 * Set when the payment is a charge of a recurrence (workflows/recurring.ts): the payment tells the recurrence
 * workflow each time it settles (captured, declined, expired, failed, canceled, needs_attention).
 */
export interface RecurrenceLink {
  /** The recurrence workflow's id, `recurrence-<recurrenceId>`. */
  workflowId: string;
  /** 1 = the customer's first payment. */
  chargeNumber: number;
  /** 0 for the scheduled charge, k for its k-th dunning retry. */
  attempt: number;
  /**
   * First payment only: what the provider is asked for (mobilPay schedules later charges itself from
   * payments_no / interval_day; BIG FISH registers the card for merchant-initiated charges).
   */
  schedule?: { paymentsNo: number; intervalDays: number };
}

/** A charge made without the payer, on the registration of an earlier payment (BIG FISH InitRP → StartRP). */
export interface RegisteredChargeOrigin {
  kind: 'registered_charge';
  /** The registering payment's provider reference (BIG FISH TransactionId). */
  registrationReference: string;
  customerId?: string;
}

export interface PaymentWorkflowInput {
  payment: NewPayment;
  details: PaymentDetails;
  /** The provider's capabilities, fixed at start so that validators never depend on a later deploy. */
  capabilities: ProviderCapabilities;
  timeouts: PaymentTimeouts;
  /** Hash of the caller's create request: the same order with a different body is a conflict. */
  requestFingerprint: string;
  merchantNotifications?: MerchantNotificationSettings;
  /** Absent for a payment that is not part of a recurrence (and in every history recorded before them). */
  recurrence?: RecurrenceLink;
  /** Absent: the payer pays through the provider's redirect. */
  origin?: RegisteredChargeOrigin;
}

/** The full state plus the redirect, as returned by the query and every update. */
export interface PaymentView extends PaymentState {
  redirect?: RedirectInstruction;
  /** Lets a repeated create of a closed payment be recognised as the same request. */
  requestFingerprint: string;
  /** Every event sent (or being sent) to the merchant's backend, for operators and redelivery. */
  notifications: NotificationRecord[];
}

export interface CaptureCommand {
  /** Minor units; omitted means everything still authorized. */
  amount?: number;
}

export interface RefundCommand {
  /** Minor units; omitted means everything still refundable. */
  amount?: number;
  /** The caller's id for this refund: sent to the provider as its idempotency key. */
  refundId: string;
}

export interface CancelCommand {
  reason?: string;
}

export const getPaymentQuery = defineQuery<PaymentView>('getPayment');
export const providerNotificationSignal = defineSignal<[ProviderEvent]>('providerNotification');

/** Run with update-with-start: returns once the redirect is known (or the payment failed). */
export const openPaymentUpdate = defineUpdate<PaymentView, [{ requestFingerprint: string }]>('openPayment');
export const captureUpdate = defineUpdate<PaymentView, [CaptureCommand]>('capture');
export const voidUpdate = defineUpdate<PaymentView, []>('void');
export const refundUpdate = defineUpdate<PaymentView, [RefundCommand]>('refund');
export const cancelUpdate = defineUpdate<PaymentView, [CancelCommand]>('cancel');
export const resolveUpdate = defineUpdate<PaymentView, [OperatorResolution]>('resolve');
/** Operator: send a merchant event again (while the payment is open; see merchant-notification.ts). */
export const redeliverNotificationUpdate = defineUpdate<NotificationRecord, [{ eventId: string }]>(
  'redeliverNotification',
);
