/**
 * The recurrence as a pure reducer: state × event → state. The recurrence workflow applies every change
 * through `applyRecurrenceEvent`, so these hold whatever order notifications, child payments, timers and
 * merchant commands arrive in:
 * - each charge number is recorded once (duplicated and out-of-order provider notifications are normal);
 * - a final status (canceled, completed, failed) never changes, and nothing is charged after it;
 * - the state stays bounded: the last MAX_CHARGES_KEPT charges and MAX_TIMELINE entries, totals for the rest.
 * An event that changes nothing returns the same state object.
 */
import { dunningStep } from './recurrence-dunning';
import {
  highestRecorded,
  isRecorded,
  markRecorded,
  nextChargeNumber,
  scheduleComplete,
} from './recurrence-schedule';
import type {
  ChargeRecord,
  NewRecurrence,
  RecurrenceAttention,
  RecurrenceState,
  RecurrenceTimelineEntry,
} from './recurrence-types';
import { displayStatus, isFinalRecurrence } from './recurrence-types';
import { formatMinorUnits } from './money';

export const MAX_CHARGES_KEPT = 50;
export const MAX_TIMELINE = 50;
const MAX_ACCEPTED_AMOUNTS = 10;

/** How one charge attempt ended, as its payment (or the provider's notification) tells it. */
export interface ChargeOutcome {
  status: 'captured' | 'declined' | 'expired' | 'failed' | 'canceled' | 'needs_attention';
  amount: number;
  currency?: string;
  providerReference?: string;
  reason?: string;
}

export type RecurrenceEvent =
  /** We started a charge's payment workflow (orchestrator-scheduled). */
  | { type: 'charge_started'; number: number; attempt: number; orderId: string }
  /**
   * A charge's payment reached a settling status (charge 1 is the customer's first payment). `scheduled` is
   * false when the provider reported that it could not schedule the recurrence (mobilPay count 0).
   */
  | {
      type: 'charge_settled';
      number: number;
      attempt: number;
      orderId: string;
      outcome: ChargeOutcome;
      scheduled?: boolean;
    }
  /** The provider reported a charge it made on its own schedule (provider-scheduled, number ≥ 2). */
  | { type: 'charge_reported'; number: number; orderId: string; outcome: ChargeOutcome }
  /** A provider-scheduled charge was not reported within the grace period after its date. */
  | { type: 'charge_overdue'; number: number; expectedAt: string }
  /** A charge's payment has not settled within the charge timeout. */
  | { type: 'charge_unsettled'; number: number; attempt: number; orderId: string }
  | { type: 'next_charge_moved'; at: string }
  | { type: 'amount_changed'; amount: number }
  | { type: 'canceled'; reason: string }
  /** A call to the provider about the schedule failed (e.g. moving it to the requested first date). */
  | { type: 'provider_call_failed'; reason: string };

export function initialRecurrenceState(r: NewRecurrence, at: string): RecurrenceState {
  return {
    ...r,
    status: 'pending',
    recordedThrough: 0,
    recordedAbove: [],
    charges: [],
    totals: { paid: 0, declined: 0, paidAmount: 0 },
    acceptedAmounts: [r.amount],
    timeline: [{ at, status: 'pending', note: 'recurrence created; waiting for the first payment' }],
    version: 1,
  };
}

export function applyRecurrenceEvent(
  state: RecurrenceState,
  event: RecurrenceEvent,
  at: string,
): RecurrenceState {
  const change = transition(state, event, at);
  if (!change) return state;
  const entry: RecurrenceTimelineEntry = { at, status: displayStatus(change.state), note: change.note };
  return {
    ...change.state,
    version: state.version + 1,
    timeline: lastOf([...state.timeline, entry], MAX_TIMELINE),
  };
}

interface Change {
  state: RecurrenceState;
  note: string;
}

function transition(s: RecurrenceState, e: RecurrenceEvent, at: string): Change | undefined {
  const final = isFinalRecurrence(s.status);
  switch (e.type) {
    case 'charge_started': {
      if (final || s.charges.some((c) => c.orderId === e.orderId)) return undefined;
      const record: ChargeRecord = {
        number: e.number,
        attempt: e.attempt,
        orderId: e.orderId,
        status: 'pending',
        amount: s.amount,
        at,
      };
      return {
        state: {
          ...s,
          inFlight: { number: e.number, attempt: e.attempt, orderId: e.orderId, startedAt: at },
          dunning: s.dunning?.number === e.number ? undefined : s.dunning,
          charges: withCharge(s.charges, record),
        },
        note: `${attemptName(e.number, e.attempt)} started (${e.orderId}), ${money(s, s.amount)}`,
      };
    }
    case 'charge_settled':
      return chargeSettled(s, e, at);
    case 'charge_reported':
      return chargeReported(s, e, at);
    case 'charge_overdue': {
      if (final || isRecorded(s, e.number)) return undefined;
      if (s.attention?.kind === 'missed_charge' && s.attention.number === e.number) return undefined;
      const reason = `charge ${e.number} was expected at ${e.expectedAt} and has not been reported by ${s.provider}`;
      return {
        state: {
          ...s,
          attention: { kind: 'missed_charge', number: e.number, expectedAt: e.expectedAt, reason },
        },
        note: reason,
      };
    }
    case 'charge_unsettled': {
      if (final) return undefined;
      const record = s.charges.find((c) => c.orderId === e.orderId);
      if (record && (record.status === 'paid' || record.status === 'declined')) return undefined;
      if (s.attention?.kind === 'unsettled_charge' && s.attention.number === e.number) return undefined;
      const what = e.number === 1 ? 'the first payment' : attemptName(e.number, e.attempt);
      const reason = `${what} (${e.orderId}) has not settled yet; its payment needs a look`;
      return {
        state: { ...s, attention: { kind: 'unsettled_charge', number: e.number, reason } },
        note: reason,
      };
    }
    case 'next_charge_moved': {
      if (final) return undefined;
      const number = nextChargeNumber(s);
      const attention =
        s.attention?.kind === 'missed_charge' || s.attention?.kind === 'provider_call'
          ? undefined
          : s.attention;
      return {
        state: { ...s, anchor: { number, at: e.at }, attention },
        note: `charge ${number} moved to ${e.at}`,
      };
    }
    case 'amount_changed': {
      if (final || e.amount === s.amount) return undefined;
      return {
        state: {
          ...s,
          amount: e.amount,
          acceptedAmounts: lastOf(
            [...s.acceptedAmounts.filter((a) => a !== e.amount), e.amount],
            MAX_ACCEPTED_AMOUNTS,
          ),
        },
        note: `amount changed from ${money(s, s.amount)} to ${money(s, e.amount)} for the next charges`,
      };
    }
    case 'canceled': {
      if (final) return undefined;
      return { state: { ...s, status: 'canceled', reason: e.reason, dunning: undefined }, note: e.reason };
    }
    case 'provider_call_failed': {
      if (final) return undefined;
      return { state: { ...s, attention: { kind: 'provider_call', reason: e.reason } }, note: e.reason };
    }
  }
}

function chargeSettled(
  s: RecurrenceState,
  e: Extract<RecurrenceEvent, { type: 'charge_settled' }>,
  at: string,
): Change | undefined {
  const known = s.charges.find((c) => c.orderId === e.orderId);
  if (known && (known.status === 'paid' || known.status === 'declined')) return undefined; // told again
  // A settlement of a charge no longer kept in state, long after it was recorded: nothing left to change.
  if (!known && e.number > 1 && isRecorded(s, e.number)) return undefined;
  const { outcome } = e;
  const base: ChargeRecord = {
    number: e.number,
    attempt: e.attempt,
    orderId: e.orderId,
    status: 'pending',
    amount: outcome.amount,
    at,
    providerReference: outcome.providerReference,
    reason: outcome.reason,
  };
  const what = e.number === 1 ? 'the first payment' : attemptName(e.number, e.attempt);

  if (outcome.status === 'needs_attention') {
    const reason = `${what} (${e.orderId}) needs attention: ${outcome.reason ?? 'no reason given'}`;
    const attention: RecurrenceAttention = { kind: 'unsettled_charge', number: e.number, reason };
    return {
      state: {
        ...s,
        charges: withCharge(s.charges, { ...base, status: 'needs_attention' }),
        attention: isFinalRecurrence(s.status) ? s.attention : attention,
      },
      note: reason,
    };
  }

  const paid = outcome.status === 'captured';
  const record: ChargeRecord = { ...base, status: paid ? 'paid' : 'declined' };
  const recorded = paid ? markRecorded(s, e.number) : s;
  let next: RecurrenceState = {
    ...s,
    ...recorded,
    charges: withCharge(s.charges, record),
    totals: countCharge(s.totals, record),
    inFlight: s.inFlight?.orderId === e.orderId ? undefined : s.inFlight,
    attention: s.attention?.number === e.number ? undefined : s.attention,
  };
  const outcomeText = paid
    ? `${what} paid ${money(s, outcome.amount)}`
    : `${what} ${outcome.status}${outcome.reason ? `: ${outcome.reason}` : ''}`;

  if (e.number === 1) return firstPaymentSettled(s, next, e, outcomeText, at);
  if (isFinalRecurrence(s.status))
    return { state: next, note: `${outcomeText} (the recurrence is ${s.status})` };
  if (paid) {
    next = {
      ...next,
      status: 'active',
      reason: undefined,
      dunning: s.dunning?.number === e.number ? undefined : next.dunning,
    };
    if (scheduleComplete(next)) {
      return {
        state: { ...next, status: 'completed' },
        note: `${outcomeText}; all ${s.paymentsNo} payments made`,
      };
    }
    return { state: next, note: outcomeText };
  }
  const step = dunningStep(s.dunningScheduleMs, e.attempt);
  if (step.kind === 'give_up') {
    const reason = `charge ${e.number} was declined ${step.attempts} time${step.attempts > 1 ? 's' : ''} (last: ${outcome.reason ?? outcome.status}); canceled after the last dunning retry`;
    return { state: { ...next, status: 'canceled', reason, dunning: undefined }, note: reason };
  }
  const retryAt = new Date(Date.parse(at) + step.delayMs).toISOString();
  return {
    state: {
      ...next,
      status: 'past_due',
      reason: `charge ${e.number} declined; retry ${step.attempt} at ${retryAt}`,
      dunning: { number: e.number, attempt: step.attempt, retryAt, lastReason: outcome.reason },
    },
    note: `${outcomeText}; retry ${step.attempt} of ${s.dunningScheduleMs.length} at ${retryAt}`,
  };
}

function firstPaymentSettled(
  before: RecurrenceState,
  next: RecurrenceState,
  e: Extract<RecurrenceEvent, { type: 'charge_settled' }>,
  outcomeText: string,
  at: string,
): Change {
  const paid = e.outcome.status === 'captured';
  const scheduled = paid && e.scheduled !== false;
  const settled: RecurrenceState = {
    ...next,
    firstPayment: {
      status: paid ? 'paid' : 'declined',
      providerReference: e.outcome.providerReference,
      scheduled,
    },
    registrationReference: paid ? e.outcome.providerReference : undefined,
  };
  if (before.status !== 'pending') {
    return { state: settled, note: `${outcomeText} (the recurrence is ${before.status})` };
  }
  if (!paid) {
    const reason = `the first payment was ${e.outcome.status}${e.outcome.reason ? `: ${e.outcome.reason}` : ''}; no charges follow`;
    return { state: { ...settled, status: 'failed', reason }, note: reason };
  }
  if (!scheduled) {
    const reason = `${before.provider} could not schedule the recurrence (it reported current_payment_count 0, e.g. a 3-D Secure card); the first payment stands, no charges follow`;
    return { state: { ...settled, status: 'failed', reason }, note: reason };
  }
  const anchor = {
    number: 2,
    at: before.firstChargeAt ?? new Date(Date.parse(at) + before.intervalMs).toISOString(),
  };
  const active: RecurrenceState = { ...settled, status: 'active', reason: undefined, anchor };
  if (scheduleComplete(active)) return { state: { ...active, status: 'completed' }, note: outcomeText };
  return { state: active, note: `${outcomeText}; charge 2 due at ${anchor.at}` };
}

function chargeReported(
  s: RecurrenceState,
  e: Extract<RecurrenceEvent, { type: 'charge_reported' }>,
  at: string,
): Change | undefined {
  if (e.number < 2 || isRecorded(s, e.number)) return undefined; // duplicates are normal; each is recorded once
  const { outcome } = e;
  const paid = outcome.status === 'captured';
  const record: ChargeRecord = {
    number: e.number,
    attempt: 0,
    orderId: e.orderId,
    status: paid ? 'paid' : 'declined',
    amount: outcome.amount,
    at,
    providerReference: outcome.providerReference,
    reason: outcome.reason,
  };
  const unexpected = unexpectedCharge(s, e.number, outcome);
  const recorded = markRecorded(s, e.number);
  let next: RecurrenceState = {
    ...s,
    ...recorded,
    charges: withCharge(s.charges, record),
    totals: countCharge(s.totals, record),
  };
  const outcomeText = paid
    ? `charge ${e.number} paid ${money(s, outcome.amount)}`
    : `charge ${e.number} declined${outcome.reason ? `: ${outcome.reason}` : ''}`;
  if (isFinalRecurrence(s.status)) {
    return { state: next, note: `${outcomeText}, reported after the recurrence was ${s.status}` };
  }
  next = {
    ...next,
    status: paid ? 'active' : 'past_due',
    reason: paid ? undefined : `charge ${e.number} declined; the provider's next charge follows its schedule`,
    attention: unexpected ?? stillNeedsAttention(s.attention, next),
  };
  if (scheduleComplete(next)) {
    const gaps = missingNumbers(next);
    const reason =
      gaps.length > 0 ? `charge${gaps.length > 1 ? 's' : ''} ${gaps.join(', ')} never reported` : undefined;
    return {
      state: { ...next, status: 'completed', reason },
      note: `${outcomeText}; all ${s.paymentsNo} payments made${reason ? ` (${reason})` : ''}`,
    };
  }
  return { state: next, note: unexpected ? `${outcomeText}; ${unexpected.reason}` : outcomeText };
}

/** Why a provider's charge is not what this recurrence charges, if it is not. */
function unexpectedCharge(
  s: RecurrenceState,
  number: number,
  outcome: ChargeOutcome,
): RecurrenceAttention | undefined {
  if (outcome.currency && outcome.currency !== s.currency) {
    return {
      kind: 'unexpected_charge',
      number,
      reason: `charge ${number} was made in ${outcome.currency}, not ${s.currency}`,
    };
  }
  if (outcome.status === 'captured' && !s.acceptedAmounts.includes(outcome.amount)) {
    return {
      kind: 'unexpected_charge',
      number,
      reason: `charge ${number} was ${money(s, outcome.amount)}, but the recurrence charges ${money(s, s.amount)}`,
    };
  }
  return undefined;
}

/** Attention that a newly recorded, well-formed charge does not resolve. */
function stillNeedsAttention(
  attention: RecurrenceAttention | undefined,
  after: RecurrenceState,
): RecurrenceAttention | undefined {
  if (!attention) return undefined;
  if (attention.kind === 'missed_charge') {
    return attention.number !== undefined && isRecorded(after, attention.number) ? undefined : attention;
  }
  return attention.kind === 'unsettled_charge' ? attention : undefined;
}

/** The charge numbers below the highest recorded one that were never recorded. */
function missingNumbers(s: RecurrenceState): number[] {
  const missing: number[] = [];
  for (let n = s.recordedThrough + 1; n < highestRecorded(s) && missing.length < 10; n++) {
    if (!s.recordedAbove.includes(n)) missing.push(n);
  }
  return missing;
}

function withCharge(charges: ChargeRecord[], record: ChargeRecord): ChargeRecord[] {
  const index = charges.findIndex((c) => c.orderId === record.orderId && c.number === record.number);
  if (index >= 0) return charges.map((c, i) => (i === index ? { ...c, ...record } : c));
  return lastOf([...charges, record], MAX_CHARGES_KEPT);
}

function countCharge(totals: RecurrenceState['totals'], record: ChargeRecord): RecurrenceState['totals'] {
  return record.status === 'paid'
    ? { ...totals, paid: totals.paid + 1, paidAmount: totals.paidAmount + record.amount }
    : { ...totals, declined: totals.declined + 1 };
}

function attemptName(number: number, attempt: number): string {
  return attempt === 0 ? `charge ${number}` : `retry ${attempt} of charge ${number}`;
}

function money(s: RecurrenceState, minor: number): string {
  return `${formatMinorUnits(minor, s.exponent)} ${s.currency}`;
}

function lastOf<T>(items: T[], max: number): T[] {
  return items.length > max ? items.slice(items.length - max) : items;
}
