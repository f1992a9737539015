/**
 * The scenarios whose workflow histories are recorded into test/histories/ (scripts/record-histories.ts)
 * and replayed on every test run (replay.test.ts), so that a workflow change that would break running
 * payments fails CI. Each scenario drives a payment to a characteristic point and returns its order id.
 */
import type { ProviderModule } from '../../providers/contract';
import { assistProvider } from '../../providers/assist';
import { bigfishProvider } from '../../providers/bigfish';
import { mobilpayProvider } from '../../providers/mobilpay';
import { ecommpayProvider } from '../../providers/ecommpay';
import { opentradeProvider } from '../../providers/opentrade';
import { recurrenceWorkflowId } from '../../workflows/recurring-definitions';
import { waitForRecurrence } from '../support/recurrence';
import type { Stack, StackOptions } from '../support/stack';
import { waitForPayment } from '../support/wait';

export interface Scenario {
  name: string;
  provider: ProviderModule;
  run(stack: Stack, orderId: string): Promise<void>;
  /** The workflow whose history is recorded; default: the payment of `orderId`. */
  workflowId?: (orderId: string) => string;
  /** What the scenario needs of the stack besides the provider (sandbox options, recurrence timing). */
  stackOptions?: Omit<StackOptions, 'provider'>;
}

const returnUrls = { success: 'https://merchant.example/ok', failure: 'https://merchant.example/fail' };

/** A recurrence of three payments, the first one paid by the customer; returns once it is completed. */
async function threeChargeRecurrence(
  stack: Stack,
  provider: ProviderModule,
  recurrenceId: string,
  schedule: { intervalDays?: number; intervalMs?: number },
  money: { amount: number; currency: string },
) {
  const created = await stack.payments.createRecurrence({
    recurrenceId,
    provider: provider.name,
    ...money,
    paymentsNo: 3,
    ...schedule,
    customer: { id: 'customer-1', email: 'payer@example.com' },
    returnUrls,
  });
  await stack.sandbox.actAsPayer(created.firstPayment.redirect!, 'approve');
  await waitForRecurrence(stack.payments, recurrenceId, (r) => r.status === 'completed', {
    timeoutMs: 30_000,
  });
}

async function authorized(
  stack: Stack,
  provider: ProviderModule,
  orderId: string,
  amount: number,
  currency: string,
) {
  const created = await stack.payments.createPayment({
    orderId,
    provider: provider.name,
    amount,
    currency,
    captureMode: 'two_stage',
    returnUrls,
  });
  await stack.sandbox.actAsPayer(created.redirect!, 'approve');
  await waitForPayment(stack.payments, orderId, (p) => p.status === 'authorized');
}

/** A one-stage payment the payer approves, refunded in full: every provider's main flow. */
async function paidAndRefunded(
  stack: Stack,
  provider: ProviderModule,
  orderId: string,
  amount: number,
  currency: string,
) {
  const created = await stack.payments.createPayment({
    orderId,
    provider: provider.name,
    amount,
    currency,
    captureMode: 'one_stage',
    customer: { id: 'customer-1', email: 'payer@example.com', ipAddress: '127.0.0.1' },
    returnUrls,
  });
  await stack.sandbox.actAsPayer(created.redirect!, 'approve');
  await waitForPayment(stack.payments, orderId, (p) => p.status === 'captured');
  if (provider.capabilities.refunds !== 'none') await stack.payments.refund(orderId, { refundId: 'rf-1' });
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'ecommpay-gate-sale-refund',
    provider: ecommpayProvider,
    run: (stack, orderId) => paidAndRefunded(stack, ecommpayProvider, orderId, 150_000, 'KES'),
  },
  {
    name: 'bigfish-two-stage-capture-refund',
    provider: bigfishProvider,
    async run(stack, orderId) {
      await authorized(stack, bigfishProvider, orderId, 10_000, 'EUR');
      await stack.payments.capture(orderId, { amount: 6_000 });
      await stack.payments.refund(orderId, { amount: 1_000, refundId: 'rf-1' });
    },
  },
  {
    name: 'mobilpay-sale-credit',
    provider: mobilpayProvider,
    run: (stack, orderId) => paidAndRefunded(stack, mobilpayProvider, orderId, 2_500, 'RON'),
  },
  {
    name: 'opentrade-sale',
    provider: opentradeProvider,
    run: (stack, orderId) => paidAndRefunded(stack, opentradeProvider, orderId, 50_015, 'RUB'),
  },
  {
    name: 'assist-two-stage-partial-capture-two-refunds',
    provider: assistProvider,
    async run(stack, orderId) {
      await authorized(stack, assistProvider, orderId, 23_740, 'USD');
      await stack.payments.capture(orderId, { amount: 20_000 });
      await stack.payments.refund(orderId, { amount: 5_000, refundId: 'rf-1' });
      await stack.payments.refund(orderId, { amount: 15_000, refundId: 'rf-2' });
    },
  },
  {
    name: 'assist-one-stage-sale',
    provider: assistProvider,
    async run(stack, orderId) {
      const created = await stack.payments.createPayment({
        orderId,
        provider: 'assist',
        amount: 1_000,
        currency: 'USD',
        captureMode: 'one_stage',
        returnUrls,
      });
      await stack.sandbox.actAsPayer(created.redirect!, 'approve');
      await waitForPayment(stack.payments, orderId, (p) => p.status === 'captured');
    },
  },
  {
    name: 'assist-void',
    provider: assistProvider,
    async run(stack, orderId) {
      await authorized(stack, assistProvider, orderId, 5_000, 'USD');
      await stack.payments.void(orderId);
    },
  },
  {
    name: 'assist-declined',
    provider: assistProvider,
    async run(stack, orderId) {
      const created = await stack.payments.createPayment({
        orderId,
        provider: 'assist',
        amount: 1_000,
        currency: 'USD',
        captureMode: 'two_stage',
        returnUrls,
      });
      await stack.sandbox.actAsPayer(created.redirect!, 'decline');
      await waitForPayment(stack.payments, orderId, (p) => p.status === 'declined');
    },
  },
  {
    name: 'assist-abandoned-expired',
    provider: assistProvider,
    async run(stack, orderId) {
      const created = await stack.payments.createPayment({
        orderId,
        provider: 'assist',
        amount: 1_000,
        currency: 'USD',
        captureMode: 'two_stage',
        returnUrls,
      });
      await stack.sandbox.actAsPayer(created.redirect!, 'abandon');
      await waitForPayment(stack.payments, orderId, (p) => p.status === 'expired', { timeoutMs: 30_000 });
    },
  },
  {
    // Orchestrator-scheduled: durable timers, two child charges on the registration (InitRP → StartRP).
    name: 'bigfish-recurrence-three-charges',
    provider: bigfishProvider,
    workflowId: recurrenceWorkflowId,
    stackOptions: { timeouts: { refundWindowMs: 1_000 } },
    async run(stack, recurrenceId) {
      await threeChargeRecurrence(
        stack,
        bigfishProvider,
        recurrenceId,
        { intervalMs: 500 },
        {
          amount: 1_000,
          currency: 'EUR',
        },
      );
    },
  },
  {
    // Provider-scheduled: the sandbox charges every "day" of one second and the IPNs reach the recurrence.
    name: 'mobilpay-recurrence-three-charges',
    provider: mobilpayProvider,
    workflowId: recurrenceWorkflowId,
    stackOptions: { sandboxOptions: { dayMs: 1_000 }, recurrence: { dayMs: 1_000 } },
    async run(stack, recurrenceId) {
      await threeChargeRecurrence(
        stack,
        mobilpayProvider,
        recurrenceId,
        { intervalDays: 1 },
        {
          amount: 2_500,
          currency: 'RON',
        },
      );
    },
  },
];
