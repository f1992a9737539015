/**
 * Validation of the merchant's commands on a recurrence, against its state and its provider's capabilities.
 * Each returns null when the command can run, or a message saying why not. Used by the recurrence workflow's
 * update validators, so a rejected command records nothing and never reaches the provider.
 */
import type { ProviderCapabilities } from './capabilities';
import { formatMinorUnits } from './money';
import { nextExpectedCharge } from './recurrence-schedule';
import type { RecurrenceState } from './recurrence-types';
import { isFinalRecurrence } from './recurrence-types';

export type RecurrenceCheck = string | null;

function checkLive(state: RecurrenceState, what: string): RecurrenceCheck {
  if (isFinalRecurrence(state.status)) {
    return `the recurrence is ${state.status}${state.reason ? ` (${state.reason})` : ''}; nothing can be ${what} any more`;
  }
  if (state.status === 'pending') {
    return `the recurrence has no schedule yet: it starts when the first payment is paid`;
  }
  return null;
}

/** Move the next scheduled charge to `at` (ISO 8601): only into the future, only while charges are due. */
export function checkMoveNextCharge(state: RecurrenceState, at: string, nowMs: number): RecurrenceCheck {
  const live = checkLive(state, 'moved');
  if (live) return live;
  const when = Date.parse(at);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(at) || Number.isNaN(when)) return 'the date must be an ISO 8601 date-time';
  if (when <= nowMs) return `the next charge cannot be moved into the past (${at})`;
  if (!nextExpectedCharge(state))
    return 'no charge is left to move: every payment of the schedule is made or in progress';
  return null;
}

/** Change the amount of the next charges, within what the provider accepts per payment. */
export function checkChangeAmount(
  state: RecurrenceState,
  caps: ProviderCapabilities,
  amount: number,
): RecurrenceCheck {
  const live = checkLive(state, 'changed');
  if (live) return live;
  if (!Number.isSafeInteger(amount) || amount <= 0)
    return 'the amount must be a positive whole number of minor units';
  const limits = caps.amountLimits?.[state.currency];
  if (limits && (amount < limits.min || amount > limits.max)) {
    const format = (minor: number) => formatMinorUnits(minor, state.exponent);
    return `${state.provider} accepts ${format(limits.min)}–${format(limits.max)} ${state.currency} per charge`;
  }
  if (amount === state.amount)
    return `the recurrence already charges ${formatMinorUnits(amount, state.exponent)} ${state.currency}`;
  return null;
}

/** Cancel: possible at any time before the recurrence ends, including before the first payment. */
export function checkCancelRecurrence(state: RecurrenceState): RecurrenceCheck {
  if (isFinalRecurrence(state.status)) {
    return `the recurrence is already ${state.status}${state.reason ? ` (${state.reason})` : ''}`;
  }
  return null;
}
