/** Listing payments by status and provider through the search attributes the workflow upserts. */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { assistProvider } from '../../providers/assist';
import { connectTestTemporal, type TestTemporal } from '../support/temporal';
import { startStack, type Stack } from '../support/stack';
import { waitForPayment } from '../support/wait';
import { PaymentsError } from '../../client/errors';

let temporal: TestTemporal;
let stack: Stack;
before(async () => {
  temporal = await connectTestTemporal();
  stack = await startStack(temporal, { provider: assistProvider });
});
after(async () => {
  await stack?.close();
  await temporal?.close();
});

it('finds an authorized payment by status and provider', async () => {
  const orderId = `search-${randomUUID().slice(0, 12)}`;
  const created = await stack.payments.createPayment({
    orderId,
    provider: 'assist',
    amount: 4_200,
    currency: 'USD',
    captureMode: 'two_stage',
    returnUrls: { success: 'https://merchant.example/ok', failure: 'https://merchant.example/fail' },
  });
  await stack.sandbox.actAsPayer(created.redirect!, 'approve');
  await waitForPayment(stack.payments, orderId, (p) => p.status === 'authorized');
  // Visibility is eventually consistent: poll briefly.
  const deadline = Date.now() + 10_000;
  let found;
  while (Date.now() < deadline) {
    const list = await stack.payments.listPayments({ status: 'authorized', provider: 'assist', limit: 1000 });
    found = list.find((p) => p.orderId === orderId);
    if (found) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.deepEqual(
    { ...found, startedAt: undefined },
    {
      orderId,
      status: 'authorized',
      provider: 'assist',
      amount: 4_200,
      currency: 'USD',
      startedAt: undefined,
      closedAt: undefined,
      open: true,
    },
  );
});

it('rejects a filter it cannot express, naming the field', async () => {
  await assert.rejects(
    stack.payments.listPayments({ status: 'nonsense' as never }),
    (err: unknown) => err instanceof PaymentsError && err.fields?.status !== undefined,
  );
  await assert.rejects(
    stack.payments.listPayments({ provider: "x' OR 1=1" }),
    (err: unknown) => err instanceof PaymentsError && err.fields?.provider !== undefined,
  );
});
