/**
 * Orchestrator-scheduled recurrences against the BIG FISH sandbox, the real gateway and a real Temporal
 * server: the first payment registers the card; the recurrence workflow sleeps on durable timers and runs
 * each charge as a child payment workflow (InitRP → StartRP); dunning on declines; move, re-price and cancel
 * through REST; a worker stopped while the workflow sleeps; and continue-as-new over hundreds of charges.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { bigfishProvider, type BigfishSandbox } from '../../providers/bigfish';
import { PaymentsError } from '../../client/errors';
import { recurrenceWorkflowId, type RecurrenceView } from '../../workflows/recurring-definitions';
import { paymentWorkflowId } from '../../workflows/payment-definitions';
import { PaymentProviderKey, RecurrenceStatusKey } from '../../workflows/search-attributes';
import { connectTestTemporal, type TestTemporal } from '../support/temporal';
import { startStack, type Stack } from '../support/stack';
import { chargeSummary, RETURN_URLS, waitForRecurrence } from '../support/recurrence';

const HISTORY_LIMIT = 400;

let temporal: TestTemporal;
let stack: Stack;
const sandbox = () => stack.sandbox as BigfishSandbox;

before(async () => {
  temporal = await connectTestTemporal();
  stack = await startStack(temporal, {
    provider: bigfishProvider,
    // Charges close soon after they are paid, so hundreds of them do not stay open in the test server.
    timeouts: { refundWindowMs: 1_000 },
    recurrence: {
      dunningScheduleMs: [1_500, 1_500],
      chargeTimeoutMs: 30_000,
      missedChargeGraceMs: 5_000,
      historyLimit: HISTORY_LIMIT,
    },
  });
});
after(async () => {
  await stack?.close();
  await temporal?.close();
});

const newId = () => `bf-${randomUUID().slice(0, 8)}`;

function request(recurrenceId: string, extra: Record<string, unknown> = {}) {
  return {
    recurrenceId,
    provider: bigfishProvider.name,
    amount: 1_000,
    currency: 'EUR',
    paymentsNo: 3,
    intervalMs: 1_000,
    description: 'subscription test',
    customer: { id: 'customer-7', email: 'payer@example.com' },
    returnUrls: RETURN_URLS,
    ...extra,
  };
}

/** Creates the recurrence and pays its first payment as the customer would. */
async function subscribe(extra: Record<string, unknown> = {}): Promise<{ id: string; view: RecurrenceView }> {
  const id = newId();
  const created = await stack.payments.createRecurrence(request(id, extra));
  assert.equal(created.recurrence.status, 'pending');
  assert.ok(created.firstPayment.redirect, 'the first payment comes with its redirect');
  await stack.sandbox.actAsPayer(created.firstPayment.redirect, 'approve');
  const view = await waitForRecurrence(stack.payments, id, (r) => r.status !== 'pending');
  return { id, view };
}

const sales = (orderPrefix: string) =>
  stack.sandbox.ledger().filter((e) => e.paymentId.startsWith(`${orderPrefix}-`) && e.kind === 'sale');

describe('BIG FISH recurrence (orchestrator-scheduled)', () => {
  it('runs a full schedule as child payments until payments_no is reached', { timeout: 60_000 }, async () => {
    const { id, view } = await subscribe();
    assert.equal(view.status, 'active');
    assert.ok(view.registrationReference, 'the first payment registered the card');
    const done = await waitForRecurrence(stack.payments, id, (r) => r.status === 'completed');
    assert.deepEqual(chargeSummary(done), ['1/0:paid', '2/0:paid', '3/0:paid']);
    assert.deepEqual(done.totals, { paid: 3, declined: 0, paidAmount: 3_000 });
    assert.equal(done.nextCharge, undefined);
    for (const n of [2, 3]) {
      const charge = await stack.payments.getPayment(`${id}-${n}`);
      assert.equal(charge.status, 'captured');
      assert.equal(charge.capturedAmount, 1_000);
    }
    assert.deepEqual(
      sales(id)
        .map((e) => e.paymentId)
        .sort(),
      [`${id}-1`, `${id}-2`, `${id}-3`],
    );

    // Visible to operators: the search attribute follows the status.
    const described = await temporal.client.workflow.getHandle(recurrenceWorkflowId(id)).describe();
    assert.equal(described.typedSearchAttributes.get(RecurrenceStatusKey), 'completed');

    // Creating it again with the same request returns it; with another request it is a conflict.
    const again = await stack.payments.createRecurrence(request(id));
    assert.equal(again.recurrence.status, 'completed');
    assert.equal(again.firstPayment.paymentId, `${id}-1`);
    await assert.rejects(
      stack.payments.createRecurrence(request(id, { amount: 2_000 })),
      (err) => err instanceof PaymentsError && err.code === 'conflict',
    );
    // A charge can never run twice: its payment workflow id is taken for good.
    await assert.rejects(
      temporal.client.workflow.start('paymentWorkflow', {
        workflowId: paymentWorkflowId(`${id}-2`),
        taskQueue: stack.taskQueue,
        args: [{}],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    );
  });

  it('moves and re-prices the next charge, then cancels, through REST', { timeout: 60_000 }, async () => {
    const id = newId();
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${stack.gatewayUrl}/v1${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const created = await api('POST', '/recurring', request(id, { paymentsNo: 0, intervalMs: 8_000 }));
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('location'), `/v1/recurring/${id}`);
    const { recurrence, firstPayment } = (await created.json()) as {
      recurrence: RecurrenceView & { requestFingerprint?: string };
      firstPayment: { redirect: { method: 'GET' | 'POST'; url: string; fields: Record<string, string> } };
    };
    assert.equal(recurrence.requestFingerprint, undefined, 'internal fields stay internal');
    await stack.sandbox.actAsPayer(firstPayment.redirect, 'approve');
    const active = await waitForRecurrence(stack.payments, id, (r) => r.status === 'active');
    const scheduledAt = Date.parse(active.nextCharge!.expectedAt);

    const movedTo = new Date(Date.now() + 1_500).toISOString();
    const patched = await api('PATCH', `/recurring/${id}`, { nextChargeAt: movedTo, amount: 700 });
    assert.equal(patched.status, 200, await patched.clone().text());
    const view = (await patched.json()) as RecurrenceView;
    assert.deepEqual([view.nextCharge?.number, view.nextCharge?.expectedAt, view.amount], [2, movedTo, 700]);

    const charged = await waitForRecurrence(stack.payments, id, (r) => r.totals.paid === 2);
    const second = charged.charges.find((c) => c.number === 2)!;
    assert.equal(second.amount, 700, 're-priced');
    assert.ok(Date.parse(second.at) >= Date.parse(movedTo), 'not before the new date');
    assert.ok(Date.parse(second.at) < scheduledAt, 'moved earlier than first scheduled');

    const refused = await api('PATCH', `/recurring/${id}`, {
      nextChargeAt: new Date(Date.now() - 60_000).toISOString(),
    });
    assert.equal(refused.status, 422);
    assert.match(((await refused.json()) as { detail: string }).detail, /into the past/);

    const deleted = await api('DELETE', `/recurring/${id}`);
    assert.equal(deleted.status, 200);
    assert.equal(((await deleted.json()) as RecurrenceView).status, 'canceled');
    const got = await api('GET', `/recurring/${id}`);
    const canceled = (await got.json()) as RecurrenceView;
    assert.equal(canceled.status, 'canceled');
    assert.equal(canceled.nextCharge, undefined);
    const again = await api('DELETE', `/recurring/${id}`);
    assert.equal(again.status, 422, 'nothing after cancel');
    assert.equal((await api('GET', '/recurring/no-such-thing')).status, 404);
  });

  it(
    'dunning: a declined charge is retried, past_due meanwhile, and recovers',
    { timeout: 60_000 },
    async () => {
      const { id } = await subscribe();
      sandbox().setRecurringOutcome('decline');
      try {
        const pastDue = await waitForRecurrence(stack.payments, id, (r) => r.status === 'past_due');
        assert.equal(pastDue.nextCharge?.kind, 'retry');
        assert.equal(pastDue.nextCharge?.number, 2);
      } finally {
        sandbox().setRecurringOutcome('approve');
      }
      const done = await waitForRecurrence(stack.payments, id, (r) => r.status === 'completed');
      assert.deepEqual(chargeSummary(done), ['1/0:paid', '2/0:declined', '2/1:paid', '3/0:paid']);
      assert.ok(done.timeline.some((t) => t.status === 'past_due'));
      assert.ok(done.timeline.some((t) => /retry 1 of charge 2 paid/.test(t.note)));
      assert.equal((await stack.payments.getPayment(`${id}-2-r1`)).status, 'captured');
    },
  );

  it(
    'dunning: after the last retry is declined the recurrence is canceled',
    { timeout: 60_000 },
    async () => {
      const { id } = await subscribe();
      sandbox().setRecurringOutcome('decline');
      let done: RecurrenceView;
      try {
        done = await waitForRecurrence(stack.payments, id, (r) => r.status === 'canceled');
      } finally {
        sandbox().setRecurringOutcome('approve');
      }
      assert.deepEqual(chargeSummary(done), ['1/0:paid', '2/0:declined', '2/1:declined', '2/2:declined']);
      assert.match(
        done.reason ?? '',
        /charge 2 was declined 3 times .*canceled after the last dunning retry/,
      );
      assert.ok(done.timeline.some((t) => t.status === 'past_due'));
    },
  );

  it(
    'a charge falls due while no worker runs and is made once a worker is back',
    { timeout: 60_000 },
    async () => {
      const { id, view } = await subscribe({ paymentsNo: 2, intervalMs: 2_000 });
      await stack.stopWorker();
      try {
        const dueIn = Date.parse(view.nextCharge!.expectedAt) - Date.now();
        await new Promise((r) => setTimeout(r, Math.max(0, dueIn) + 1_000));
        await assert.rejects(
          stack.payments.getPayment(`${id}-2`),
          /no payment/,
          'nothing ran without a worker',
        );
      } finally {
        await stack.startWorker();
      }
      const done = await waitForRecurrence(stack.payments, id, (r) => r.status === 'completed');
      assert.deepEqual(chargeSummary(done), ['1/0:paid', '2/0:paid']);
    },
  );

  it('continues as new with a bounded history over hundreds of charges', { timeout: 300_000 }, async (t) => {
    const charges = 200;
    const { id } = await subscribe({ paymentsNo: charges, intervalMs: 50 });
    const done = await waitForRecurrence(stack.payments, id, (r) => r.status === 'completed', {
      timeoutMs: 280_000,
      intervalMs: 1_000,
    });
    assert.equal(done.totals.paid, charges);
    assert.equal(done.charges.length, 50, 'the state keeps the latest charges only');
    assert.equal(done.charges.at(-1)?.number, charges);
    assert.ok(done.run > 1, `continued as new (run ${done.run})`);
    const lengths: number[] = [];
    for await (const run of temporal.client.workflow.list({
      query: `WorkflowId = '${recurrenceWorkflowId(id)}'`,
    })) {
      const described = await temporal.client.workflow.getHandle(run.workflowId, run.runId).describe();
      lengths.push(described.historyLength);
    }
    t.diagnostic(`${charges} charges in ${lengths.length} runs; history lengths ${lengths.join(', ')}`);
    assert.equal(lengths.length, done.run, 'one execution per run');
    // A run ends at the first loop boundary past the limit: one charge's events at most beyond it.
    assert.ok(Math.max(...lengths) < HISTORY_LIMIT + 60, `history lengths ${lengths.join(', ')}`);
    assert.equal(sales(id).length, charges, 'each charge moved money once');
    const latest = await temporal.client.workflow.getHandle(recurrenceWorkflowId(id)).describe();
    assert.equal(
      latest.typedSearchAttributes.get(PaymentProviderKey),
      'bigfish',
      'found by provider after continue-as-new',
    );
    assert.equal(latest.typedSearchAttributes.get(RecurrenceStatusKey), 'completed');
  });
});
