/**
 * The end of a chaos run: wait until every payment has settled, that is, its workflow has closed or
 * waits for an operator in needs_attention, then read each payment's final state through the REST API
 * like a merchant would. A payment still running after the settle budget is stuck.
 */
import { Connection, Client } from '@temporalio/client';
import type { PaymentRecord } from './journal';
import type { RestClient } from './rest-client';

export interface FinalView {
  status: string;
  authorizedAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  reason?: string;
  operations: Array<{ id: string; kind: string; status: string; error?: string }>;
  timeline: Array<{ status: string; note: string }>;
}

export type FinalState = { found: true; view: FinalView } | { found: false; status: number | 'no answer' };

const UNSETTLED_QUERY = 'ExecutionStatus="Running" AND PaymentStatus!="needs_attention"';

/** Polls Temporal visibility until no payment is left unsettled; returns the ids still unsettled at the end. */
export async function waitUntilSettled(
  address: string,
  budgetMs: number,
  log: (line: string) => void,
): Promise<string[]> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace: 'default' });
    const deadline = Date.now() + budgetMs;
    let lastReported = -1;
    for (;;) {
      const { count } = await client.workflow.count(UNSETTLED_QUERY);
      if (count === 0) return [];
      if (count !== lastReported) log(`waiting for ${count} payments to settle`);
      lastReported = count;
      if (Date.now() > deadline) {
        const unsettled: string[] = [];
        for await (const info of client.workflow.list({ query: UNSETTLED_QUERY }))
          unsettled.push(info.workflowId);
        return unsettled;
      }
      await new Promise((done) => setTimeout(done, 2_000));
    }
  } finally {
    await connection.close();
  }
}

export async function readFinalStates(
  records: readonly PaymentRecord[],
  api: RestClient,
): Promise<Map<string, FinalState>> {
  const states = new Map<string, FinalState>();
  const queue = [...records];
  const reader = async () => {
    for (let record = queue.shift(); record; record = queue.shift()) {
      const answer = await api.get(record.plan.orderId).catch(() => undefined);
      states.set(
        record.plan.orderId,
        answer?.status === 200
          ? { found: true, view: answer.body as FinalView }
          : { found: false, status: answer?.status ?? 'no answer' },
      );
    }
  };
  await Promise.all(Array.from({ length: 8 }, reader));
  return states;
}
