/**
 * The recurrence workflow's interface: its input, view, and the signals, query and updates that the client,
 * the gateway and the recurrence's own payments use. Shared by workflows/ and client/, so it holds
 * definitions only.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ProviderCapabilities } from '../domain/capabilities';
import type { PaymentDetails, PaymentStatus } from '../domain/payment-types';
import type { ProviderStatus } from '../domain/provider-events';
import type { ExpectedCharge } from '../domain/recurrence-schedule';
import type { NewRecurrence, RecurrenceState, RecurrenceStatus } from '../domain/recurrence-types';
import type { MerchantNotificationSettings, PaymentTimeouts } from './payment-definitions';

export const RECURRENCE_WORKFLOW_TYPE = 'recurrenceWorkflow';

/** One workflow per recurrence, keyed by the merchant's recurrence id. */
export function recurrenceWorkflowId(recurrenceId: string): string {
  return `recurrence-${recurrenceId}`;
}

/** Timing of the recurrence workflow itself (the dunning schedule is part of the recurrence). */
export interface RecurrenceSettings {
  /** How late a provider-scheduled charge may be reported before the recurrence needs attention. */
  missedChargeGraceMs: number;
  /** How long a charge's payment may take to settle before the recurrence needs attention. */
  chargeTimeoutMs: number;
  /**
   * Continue-as-new once a run's history has this many events (the server also suggests it at 4,096 or
   * 4 MiB). Small values exercise continue-as-new in tests.
   */
  historyLimit?: number;
}

/** What each charge's payment workflow gets besides its amount (orchestrator-scheduled charges). */
export interface ChargeTemplate {
  details: PaymentDetails;
  capabilities: ProviderCapabilities;
  timeouts: PaymentTimeouts;
  merchantNotifications?: MerchantNotificationSettings;
  /** The merchant's id for the customer, sent with merchant-initiated charges where the provider wants it. */
  customerId?: string;
  /** The provider's display name, for the summaries shown in the Temporal UI. */
  providerDisplayName: string;
}

export interface RecurrenceWorkflowInput {
  recurrence: NewRecurrence;
  /** The customer's first payment, created by the client with the same request: `<recurrenceId>-1`. */
  firstPaymentId: string;
  /** Whole days between charges as the provider is told (mobilPay interval_day, BIG FISH Frequency). */
  intervalDays: number;
  charge: ChargeTemplate;
  settings: RecurrenceSettings;
  /** Hash of the caller's create request: the same recurrence id with a different body is a conflict. */
  requestFingerprint: string;
  /** The state carried over by continue-as-new; absent on the first run. */
  carried?: RecurrenceState;
  /** Which run this is (1 = the first); grows with each continue-as-new. */
  run?: number;
}

/** What the query and every update return. */
export interface RecurrenceView extends Omit<
  RecurrenceState,
  'status' | 'acceptedAmounts' | 'dunningScheduleMs'
> {
  /** `needs_attention` while `attention` is set on a live recurrence. */
  status: RecurrenceStatus;
  firstPaymentId: string;
  intervalDays: number;
  /** The next charge expected: scheduled date and amount (absent when none is due). */
  nextCharge?: ExpectedCharge & { kind: 'scheduled' | 'retry'; attempt: number };
  dunningScheduleMs: number[];
  requestFingerprint: string;
  /** The run of the workflow answering (continue-as-new keeps the history of each run bounded). */
  run: number;
}

/** A recurrence's payment tells the recurrence that it settled (once per status). */
export interface ChargeSettlement {
  chargeNumber: number;
  attempt: number;
  orderId: string;
  status: PaymentStatus;
  /** Captured amount when paid, else the amount requested; minor units. */
  amount: number;
  currency: string;
  providerReference?: string;
  reason?: string;
  /** False when the provider reported that it could not schedule the recurrence (mobilPay count 0). */
  recurrenceScheduled?: boolean;
}

/** A charge the provider made on its own schedule, routed here by the client from the first payment's notification. */
export interface ReportedCharge {
  chargeNumber: number;
  eventId: string;
  /** The provider's order the charge was made on (the first payment's order id). */
  orderId: string;
  status: ProviderStatus;
}

export const getRecurrenceQuery = defineQuery<RecurrenceView>('getRecurrence');
export const chargeSettledSignal = defineSignal<[ChargeSettlement]>('chargeSettled');
export const chargeReportedSignal = defineSignal<[ReportedCharge]>('chargeReported');

/** Run with update-with-start by the client: checks the request fingerprint and returns the view. */
export const openRecurrenceUpdate = defineUpdate<RecurrenceView, [{ requestFingerprint: string }]>(
  'openRecurrence',
);
export const moveNextChargeUpdate = defineUpdate<RecurrenceView, [{ at: string }]>('moveNextCharge');
export const changeAmountUpdate = defineUpdate<RecurrenceView, [{ amount: number }]>('changeAmount');
export const cancelRecurrenceUpdate = defineUpdate<RecurrenceView, [{ reason?: string }]>('cancelRecurrence');
