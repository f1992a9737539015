/** Test helpers for recurrences: poll one until a predicate holds (the dev server runs in real time). */
import type { PaymentsClient } from '../../client/payments-client';
import type { RecurrenceView } from '../../workflows/recurring-definitions';

export const RETURN_URLS = {
  success: 'https://merchant.example/ok',
  failure: 'https://merchant.example/fail',
};

export async function waitForRecurrence(
  payments: Pick<PaymentsClient, 'getRecurrence'>,
  recurrenceId: string,
  predicate: (view: RecurrenceView) => boolean,
  options: { timeoutMs?: number; intervalMs?: number; seen?: (view: RecurrenceView) => void } = {},
): Promise<RecurrenceView> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let last: RecurrenceView | undefined;
  while (Date.now() < deadline) {
    last = await payments.getRecurrence(recurrenceId);
    options.seen?.(last);
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 150));
  }
  throw new Error(
    `recurrence ${recurrenceId} did not reach the expected state in time; last: ${last?.status} ` +
      `(timeline: ${last?.timeline.map((t) => `${t.status}: ${t.note}`).join(' → ')})`,
  );
}

/** The charges of a view as `number/attempt:status`, for compact assertions. */
export function chargeSummary(view: RecurrenceView): string[] {
  return view.charges.map((c) => `${c.number}/${c.attempt}:${c.status}`);
}
