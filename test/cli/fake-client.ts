/**
 * payctl from argv to exit code with a fake PaymentsClient that records each call: what the runner tests
 * use instead of Temporal.
 */
import type { PaymentsOperations } from '../../client/cli/commands';
import { runCli } from '../../client/cli/run';
import { paymentView } from './fixtures';

export const NOW = new Date('2024-05-02T12:00:00.000Z');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  calls: Array<[string, ...unknown[]]>;
  opened: number;
  closed: number;
}

/** Runs payctl with a PaymentsClient whose every method records its call and answers `answer`. */
export async function payctl(
  argv: string[],
  answer: (method: string) => unknown = () => paymentView(),
  open: () => Promise<void> = async () => undefined,
): Promise<Run> {
  const run: Run = { code: -1, stdout: '', stderr: '', calls: [], opened: 0, closed: 0 };
  const method =
    (name: string) =>
    async (...args: unknown[]) => {
      run.calls.push([name, ...args]);
      const result = answer(name);
      if (result instanceof Error) throw result;
      return result;
    };
  const payments = {
    listPayments: method('listPayments'),
    getPayment: method('getPayment'),
    capture: method('capture'),
    void: method('void'),
    refund: method('refund'),
    cancel: method('cancel'),
    resolve: method('resolve'),
    listRecurrences: method('listRecurrences'),
    getRecurrence: method('getRecurrence'),
    moveNextCharge: method('moveNextCharge'),
    changeRecurrenceAmount: method('changeRecurrenceAmount'),
    cancelRecurrence: method('cancelRecurrence'),
    redeliverNotification: method('redeliverNotification'),
  } as unknown as PaymentsOperations;
  run.code = await runCli(argv, {
    openPayments: async () => {
      run.opened += 1;
      await open();
      return {
        payments,
        close: async () => {
          run.closed += 1;
        },
      };
    },
    now: () => NOW,
    stdout: (text) => {
      run.stdout += text;
    },
    stderr: (text) => {
      run.stderr += text;
    },
  });
  return run;
}
