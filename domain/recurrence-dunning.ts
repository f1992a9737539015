/**
 * Dunning: what happens after a charge we made (orchestrator-scheduled) is declined. The charge is retried
 * after each delay of the schedule (e.g. 1 day, 3 days, 5 days); the recurrence is past_due meanwhile, and
 * when the last retry is declined too it is canceled. Provider-scheduled charges are retried by nobody but
 * the provider's own next charge, so this applies to ours only.
 */

export type DunningStep =
  /** Retry as `attempt` after `delayMs`. */
  | { kind: 'retry'; attempt: number; delayMs: number }
  /** Every retry is used up: `attempts` attempts were declined in all. */
  | { kind: 'give_up'; attempts: number };

/** The step after attempt `declinedAttempt` (0 = the scheduled charge, k = retry k) was declined. */
export function dunningStep(scheduleMs: readonly number[], declinedAttempt: number): DunningStep {
  const delayMs = scheduleMs[declinedAttempt];
  if (delayMs === undefined) return { kind: 'give_up', attempts: declinedAttempt + 1 };
  return { kind: 'retry', attempt: declinedAttempt + 1, delayMs };
}
