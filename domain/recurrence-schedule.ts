/**
 * Dates and numbers of a recurrence's schedule, pure. The schedule is an anchor (charge `number` is due at
 * `at`) plus the interval, so a charge that runs late (a worker was down, a dunning retry succeeded days later)
 * never shifts the ones after it, and moving the next charge simply moves the anchor.
 */
import type { RecurrenceState } from './recurrence-types';
import { isFinalRecurrence } from './recurrence-types';

export interface ExpectedCharge {
  number: number;
  /** ISO 8601. */
  expectedAt: string;
  amount: number;
}

/** When charge `number` is due under `anchor`. */
export function expectedChargeAt(
  anchor: { number: number; at: string },
  number: number,
  intervalMs: number,
): string {
  return new Date(Date.parse(anchor.at) + (number - anchor.number) * intervalMs).toISOString();
}

export function isRecorded(
  state: Pick<RecurrenceState, 'recordedThrough' | 'recordedAbove'>,
  number: number,
) {
  return number <= state.recordedThrough || state.recordedAbove.includes(number);
}

/** recordedThrough/recordedAbove after recording `number`: the contiguous prefix absorbs what it reaches. */
export function markRecorded(
  state: Pick<RecurrenceState, 'recordedThrough' | 'recordedAbove'>,
  number: number,
): Pick<RecurrenceState, 'recordedThrough' | 'recordedAbove'> {
  if (isRecorded(state, number)) return state;
  const above = [...state.recordedAbove, number].sort((a, b) => a - b);
  let through = state.recordedThrough;
  while (above[0] === through + 1) {
    through += 1;
    above.shift();
  }
  return { recordedThrough: through, recordedAbove: above };
}

export function highestRecorded(state: Pick<RecurrenceState, 'recordedThrough' | 'recordedAbove'>): number {
  return state.recordedAbove.at(-1) ?? state.recordedThrough;
}

/**
 * The number of the next scheduled charge. Provider-scheduled: the lowest charge not yet reported (a gap left
 * by a lost notification is the one to look for). Orchestrator-scheduled: a charge in flight or in dunning
 * keeps its number, so the next scheduled one comes after it.
 */
export function nextChargeNumber(state: RecurrenceState): number {
  const busy =
    state.scheduling === 'orchestrator' && (state.inFlight !== undefined || state.dunning !== undefined);
  return state.recordedThrough + (busy ? 2 : 1);
}

/** The next scheduled charge, or undefined when there is none (no schedule yet, finished, or all made). */
export function nextExpectedCharge(state: RecurrenceState): ExpectedCharge | undefined {
  if (!state.anchor || isFinalRecurrence(state.status)) return undefined;
  const number = nextChargeNumber(state);
  if (state.paymentsNo > 0 && number > state.paymentsNo) return undefined;
  return {
    number,
    expectedAt: expectedChargeAt(state.anchor, number, state.intervalMs),
    amount: state.amount,
  };
}

/** Whether the schedule has made every payment it was created for (never, for an unlimited one). */
export function scheduleComplete(state: RecurrenceState): boolean {
  return state.paymentsNo > 0 && highestRecorded(state) >= state.paymentsNo;
}
