/**
 * The vocabulary of a recurrence (a subscription): one schedule of charges against one customer, run
 * either by the provider (mobilPay charges on its own and tells us) or by us (BIG FISH: we charge a
 * registered card on a durable timer). Plain data only: it crosses Temporal payloads as JSON.
 */

/** Where a recurrence stands. `needs_attention` is shown instead of active/past_due while something is off. */
export const RECURRENCE_STATUSES = [
  'pending', // waiting for the customer's first payment, which creates the schedule
  'active', // charges run on schedule
  'past_due', // the last charge was declined; dunning retries (ours) or the next charge (provider's) follow
  'needs_attention', // a charge is missing, unsettled or unexpected: an operator should look
  'canceled', // by the merchant, or after the last dunning retry failed
  'completed', // every payment of the schedule (payments_no) was made
  'failed', // the first payment failed, or the provider could not schedule the recurrence
] as const;
export type RecurrenceStatus = (typeof RECURRENCE_STATUSES)[number];

/** Statuses after which nothing is charged any more. */
export const FINAL_RECURRENCE_STATUSES: readonly RecurrenceStatus[] = ['canceled', 'completed', 'failed'];

export function isFinalRecurrence(status: RecurrenceStatus): boolean {
  return FINAL_RECURRENCE_STATUSES.includes(status);
}

/** Who decides when a charge happens. */
export type Scheduling =
  | 'provider' // the provider charges on its own schedule and notifies each charge (mobilPay)
  | 'orchestrator'; // we charge a registration made by the first payment (BIG FISH InitRP/StartRP)

export type ChargeStatus = 'pending' | 'paid' | 'declined' | 'needs_attention';

/** One charge attempt: charge `number` (1 = the customer's first payment), `attempt` 0 or a dunning retry. */
export interface ChargeRecord {
  number: number;
  attempt: number;
  /** Our order id of the charge (orchestrator) or the provider's order it was made on (provider). */
  orderId: string;
  status: ChargeStatus;
  /** Minor units of the recurrence's currency. */
  amount: number;
  at: string;
  providerReference?: string;
  reason?: string;
}

/** What an operator should look at; cleared by the event that resolves it. */
export interface RecurrenceAttention {
  kind: 'missed_charge' | 'unsettled_charge' | 'unexpected_charge' | 'provider_call';
  reason: string;
  /** The charge concerned. */
  number?: number;
  /** When the missing charge was expected. */
  expectedAt?: string;
}

export interface RecurrenceTimelineEntry {
  at: string;
  status: RecurrenceStatus;
  note: string;
}

/** A charge cycle waiting for a dunning retry. */
export interface DunningState {
  number: number;
  /** The attempt that runs next (1 = the first retry). */
  attempt: number;
  retryAt: string;
  lastReason?: string;
}

/** What is fixed when a recurrence is created (changeAmount and moveNextCharge adjust amount and anchor). */
export interface NewRecurrence {
  recurrenceId: string;
  provider: string;
  scheduling: Scheduling;
  /** Per charge, minor units. */
  amount: number;
  currency: string;
  exponent: number;
  /** Time between charges. */
  intervalMs: number;
  /** Total number of payments including the first; 0 = until canceled. */
  paymentsNo: number;
  /** When charge 2 should happen; default one interval after the first payment. */
  firstChargeAt?: string;
  /** Delays before each dunning retry of a declined charge (orchestrator-scheduled). */
  dunningScheduleMs: number[];
}

export interface RecurrenceState extends NewRecurrence {
  /** The stored status; `needs_attention` is derived from `attention` (see displayStatus). */
  status: Exclude<RecurrenceStatus, 'needs_attention'>;
  reason?: string;
  attention?: RecurrenceAttention;
  /** Charge `number` is due at `at`; the others follow every intervalMs. Set once the schedule exists. */
  anchor?: { number: number; at: string };
  /** The first payment's provider reference: the registration later charges use (BIG FISH TransactionId). */
  registrationReference?: string;
  /** How the first payment ended, once it did. */
  firstPayment?: { status: 'paid' | 'declined'; providerReference?: string; scheduled: boolean };
  /** Every charge number up to this one is recorded (paid, or reported declined by the provider). */
  recordedThrough: number;
  /** Numbers recorded out of order above recordedThrough + 1 (provider-scheduled notifications). */
  recordedAbove: number[];
  /** The orchestrator's charge whose payment workflow is running. */
  inFlight?: { number: number; attempt: number; orderId: string; startedAt: string };
  dunning?: DunningState;
  /** The most recent charges, oldest first (bounded: totals count all of them). */
  charges: ChargeRecord[];
  totals: { paid: number; declined: number; paidAmount: number };
  /** Prices this recurrence has had; a provider charge at any of them is expected. */
  acceptedAmounts: number[];
  timeline: RecurrenceTimelineEntry[];
  /** Incremented on every change. */
  version: number;
}

/** The status to show: `needs_attention` overrides a live status while attention is set. */
export function displayStatus(state: RecurrenceState): RecurrenceStatus {
  return state.attention && !isFinalRecurrence(state.status) ? 'needs_attention' : state.status;
}
