/**
 * The scenarios whose workflow histories are recorded into test/histories/ (scripts/record-histories.ts)
 * and replayed on every test run (replay.test.ts), so that a workflow change that would break running
 * payments fails CI. Each scenario drives a payment to a characteristic point and returns its order id.
 */
import type { ProviderModule } from '../../providers/contract';
import { assistProvider } from '../../providers/assist';
import type { Stack } from '../support/stack';
import { waitForPayment } from '../support/wait';

export interface Scenario {
  name: string;
  provider: ProviderModule;
  run(stack: Stack, orderId: string): Promise<void>;
}

const returnUrls = { success: 'https://merchant.example/ok', failure: 'https://merchant.example/fail' };

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

export const SCENARIOS: Scenario[] = [
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
];
