/**
 * One payment through the real path: REST create (the answer carries the redirect), the payer on the
 * provider sandbox's own pages, the sandbox's signed notification through the gateway to the workflow
 * (the merchant polls GET until it shows), REST capture and refund, and the workflow's completion.
 * Latencies are taken where a merchant would see them; completion is returned as a promise so that
 * the concurrency slot is free once the merchant has nothing left to do (the floor does the same).
 */
import type { Client } from '@temporalio/client';
import type { RedirectInstruction } from '../../domain/payment-types';
import type { ProviderSandbox } from '../../providers/contract';
import { paymentWorkflowId } from '../../workflows/payment-definitions';
import type { PaymentFlow } from './flows';
import { pollUntil, type PollOptions } from './poll';
import { expectStatus, type RestClient } from './rest';

export interface PaymentTimings {
  createMs: number;
  /** From the payer's Pay (the sandbox sends the notification as it answers) until GET shows it. */
  visibleMs: number;
  captureMs?: number;
  refundMs?: number;
}

export interface DriverDeps {
  rest: RestClient;
  client: Client;
  sandboxes: ReadonlyMap<string, ProviderSandbox>;
  poll: PollOptions;
  /**
   * False for payments left open on purpose (the gateway phase): no long poll for their result is
   * started, so none is left running when the stack stops.
   */
  watchCompletion?: boolean;
}

export interface Driven<T> {
  timings: T;
  /** Resolves with performance.now() when the workflow has completed. */
  completion: Promise<number>;
}

const UNDECIDED = new Set(['processing', 'awaiting_payer']);

export async function drivePayment(
  deps: DriverDeps,
  flow: PaymentFlow,
  orderId: string,
): Promise<Driven<PaymentTimings>> {
  const path = `/v1/payments/${orderId}`;
  let started = performance.now();
  const created = expectStatus(
    await deps.rest.post('/v1/payments', createBody(flow, orderId)),
    201,
    'create',
  );
  const createMs = performance.now() - started;
  const redirect = created.redirect as RedirectInstruction | undefined;
  if (!redirect) throw new Error(`create: no redirect (status ${String(created.status)})`);

  const sandbox = deps.sandboxes.get(flow.provider);
  if (!sandbox) throw new Error(`no sandbox for ${flow.provider}`);
  await sandbox.actAsPayer(redirect, 'approve');
  const paid = performance.now();
  const expected = flow.captureMode === 'two_stage' ? 'authorized' : 'captured';
  const seen = await pollUntil(
    async () => String(expectStatus(await deps.rest.get(path), 200, 'get').status),
    (status) => !UNDECIDED.has(status),
    deps.poll,
  );
  if (seen !== expected) throw new Error(`after the payer paid: ${seen}, expected ${expected}`);
  const timings: PaymentTimings = { createMs, visibleMs: performance.now() - paid };

  if (flow.capture) {
    started = performance.now();
    const view = expectStatus(await deps.rest.post(`${path}/capture`, {}), 200, 'capture');
    timings.captureMs = performance.now() - started;
    if (view.status !== 'captured') throw new Error(`capture: ${String(view.status)}`);
  }
  if (flow.refund) {
    started = performance.now();
    const view = expectStatus(await deps.rest.post(`${path}/refunds`, { refundId: 'r1' }), 200, 'refund');
    timings.refundMs = performance.now() - started;
    if (view.status !== 'refunded') throw new Error(`refund: ${String(view.status)}`);
  }
  if (deps.watchCompletion === false) return { timings, completion: Promise.resolve(performance.now()) };
  const completion = deps.client.workflow
    .getHandle(paymentWorkflowId(orderId))
    .result()
    .then(() => performance.now());
  return { timings, completion };
}

/** The create request of a flow: ECommPay's Gate needs the payer's e-mail and address, so all carry them. */
export function createBody(flow: PaymentFlow, orderId: string): Record<string, unknown> {
  return {
    orderId,
    provider: flow.provider,
    amount: flow.amount,
    currency: flow.currency,
    captureMode: flow.captureMode,
    description: `bench ${orderId}`,
    customer: { email: 'payer@example.com', phone: '+15550100', ipAddress: '127.0.0.1' },
    returnUrls: { success: 'https://merchant.example/ok', failure: 'https://merchant.example/fail' },
  };
}
