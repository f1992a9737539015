/**
 * A Temporal client stand-in for fuzzing the REST API through the real PaymentsClient: every call that
 * would reach Temporal (start, update, signal, query, describe, list) is recorded and answered "no such
 * workflow", so a test can tell whether a request got past validation, and nothing ever runs.
 */
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { PaymentsClient } from '../../../client/payments-client';
import { PROVIDER_MODULES } from '../../../providers/registry';

export interface RecordingTemporal {
  payments: PaymentsClient;
  /** What reached Temporal since the last reset, e.g. "executeUpdate payment-A-1". */
  calls: string[];
  reset(): void;
}

export function recordingTemporal(): RecordingTemporal {
  const calls: string[] = [];
  const refuse = (what: string, workflowId: string) => async () => {
    calls.push(`${what} ${workflowId}`);
    throw new WorkflowNotFoundError('workflow not found', workflowId, undefined);
  };
  // Whatever a handle or the workflow client is asked (query, update, signal, start, ...), record and refuse.
  const handle = (workflowId: string) =>
    new Proxy(
      { workflowId },
      {
        get: (target, name) => (name === 'workflowId' ? target.workflowId : refuse(String(name), workflowId)),
      },
    );
  const workflow = new Proxy(
    {
      getHandle: handle,
      list: () => {
        calls.push('list');
        return (async function* () {})();
      },
    } as Record<string, unknown>,
    { get: (target, name) => target[String(name)] ?? refuse(String(name), '?') },
  );
  const client = {
    workflow,
    withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
  } as unknown as Client;

  const payments = new PaymentsClient({
    client,
    taskQueue: 'fuzz',
    providers: new Map(
      PROVIDER_MODULES.map((m) => [
        m.name,
        { displayName: m.displayName, paymentModeId: m.paymentModeId, capabilities: m.capabilities },
      ]),
    ),
    gatewayPublicUrl: 'http://127.0.0.1:3000',
    timeouts: {
      payerTimeoutMs: 60_000,
      statusPollScheduleMs: [60_000],
      redirectTimeoutMs: 30_000,
      captureDeadlineMs: 600_000,
      captureDeadlineAction: 'void',
      refundWindowMs: 600_000,
    },
  });
  return { payments, calls, reset: () => void calls.splice(0) };
}
