/**
 * Provider-scheduled recurrences against the mobilPay sandbox (which charges on its own schedule, with a
 * 1.5-second "day"), the real gateway and a real Temporal server: later charges arrive as IPNs for the first
 * payment's order and are routed to the recurrence; move, re-price and cancel go over SOAP; duplicated IPNs,
 * a missed charge, a recurrence the provider could not schedule, and a SOAP outage.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mobilpayProvider } from '../../providers/mobilpay';
import { findPayerForm } from '../../providers/mobilpay/sandbox-payer-page';
import { postForm } from '../../providers/shared/http';
import { PaymentsError } from '../../client/errors';
import type { RecurrenceView } from '../../workflows/recurring-definitions';
import { connectTestTemporal, type TestTemporal } from '../support/temporal';
import { startStack, type Stack } from '../support/stack';
import { waitForPayment } from '../support/wait';
import { chargeSummary, RETURN_URLS, waitForRecurrence } from '../support/recurrence';

/** The sandbox's "day", and the client's: intervalDays count in it on both sides. */
const DAY_MS = 1_500;

let temporal: TestTemporal;
let stack: Stack;

before(async () => {
  temporal = await connectTestTemporal();
  stack = await startStack(temporal, {
    provider: mobilpayProvider,
    sandboxOptions: { dayMs: DAY_MS },
    recurrence: { dayMs: DAY_MS, missedChargeGraceMs: 2_500, chargeTimeoutMs: 30_000 },
  });
});
after(async () => {
  await stack?.close();
  await temporal?.close();
});

const newId = () => `mp-${randomUUID().slice(0, 8)}`;

function request(recurrenceId: string, extra: Record<string, unknown> = {}) {
  return {
    recurrenceId,
    provider: mobilpayProvider.name,
    amount: 2_500,
    currency: 'RON',
    paymentsNo: 3,
    intervalDays: 1,
    customer: { email: 'payer@example.com', firstName: 'Ana', lastName: 'Pop' },
    returnUrls: RETURN_URLS,
    ...extra,
  };
}

async function subscribe(
  extra: Record<string, unknown> = {},
  card: 'plain' | '3ds' = 'plain',
): Promise<{ id: string; view: RecurrenceView }> {
  const id = newId();
  const created = await stack.payments.createRecurrence(request(id, extra));
  const redirect = created.firstPayment.redirect!;
  if (card === 'plain') {
    await stack.sandbox.actAsPayer(redirect, 'approve');
  } else {
    // A 3-D Secure card: paid, but mobilPay cannot schedule later charges (seed 004: count 0).
    const page = await postForm(redirect.url, redirect.fields, 5_000);
    const form = findPayerForm(page.body, 'approve_3ds');
    const done = await postForm(new URL(form.action, redirect.url).toString(), form.fields, 5_000);
    assert.equal(done.status, 303);
  }
  const view = await waitForRecurrence(stack.payments, id, (r) => r.status !== 'pending');
  return { id, view };
}

const sales = (id: string) =>
  stack.sandbox.ledger().filter((e) => e.paymentId === `${id}-1` && e.kind === 'sale');

describe('mobilPay recurrence (provider-scheduled)', () => {
  it('records each charge mobilPay makes until payments_no is reached', { timeout: 60_000 }, async () => {
    const { id, view } = await subscribe();
    assert.equal(view.status, 'active');
    assert.equal(view.nextCharge?.number, 2);
    const done = await waitForRecurrence(stack.payments, id, (r) => r.status === 'completed');
    assert.deepEqual(chargeSummary(done), ['1/0:paid', '2/0:paid', '3/0:paid']);
    assert.deepEqual(done.totals, { paid: 3, declined: 0, paidAmount: 7_500 });
    assert.equal(new Set(done.charges.map((c) => c.providerReference)).size, 3, 'each charge is a purchase');
    assert.equal(sales(id).length, 3);
    // The first payment is a payment of its own; later charges did not touch it.
    const first = await stack.payments.getPayment(`${id}-1`);
    assert.equal(first.status, 'captured');
    assert.equal(first.capturedAmount, 2_500);
  });

  it(
    'an unlimited schedule: move and re-price take effect on the next charge, cancel stops it',
    { timeout: 60_000 },
    async () => {
      const { id, view } = await subscribe({ paymentsNo: 0, intervalDays: 4 });
      const scheduledAt = Date.parse(view.nextCharge!.expectedAt);
      const movedTo = new Date(Date.now() + 2_000).toISOString();
      const moved = await stack.payments.moveNextCharge(id, { at: movedTo });
      assert.equal(moved.nextCharge?.expectedAt, movedTo);
      const repriced = await stack.payments.changeRecurrenceAmount(id, { amount: 700 });
      assert.equal(repriced.amount, 700);

      const charged = await waitForRecurrence(stack.payments, id, (r) => r.totals.paid === 2);
      const second = charged.charges.find((c) => c.number === 2)!;
      assert.equal(second.amount, 700, 'mobilPay charged the new price');
      assert.ok(Date.parse(second.at) < scheduledAt, 'charged at the moved date, before the original one');
      assert.equal(charged.attention, undefined);

      const canceled = await stack.payments.cancelRecurrence(id, { reason: 'customer unsubscribed' });
      assert.equal(canceled.status, 'canceled');
      assert.equal(canceled.reason, 'customer unsubscribed');
      await assert.rejects(
        stack.payments.changeRecurrenceAmount(id, { amount: 800 }),
        (err) => err instanceof PaymentsError && err.code === 'validation' && /canceled/.test(err.message),
      );
      // Charge 3 was due 4 days after the moved date; mobilPay makes it no more.
      await new Promise((r) => setTimeout(r, Date.parse(movedTo) + 4 * DAY_MS - Date.now() + 1_500));
      assert.equal(sales(id).length, 2);
      assert.equal((await stack.payments.getRecurrence(id)).totals.paid, 2);
    },
  );

  it('duplicated notifications are recorded once each', { timeout: 60_000 }, async () => {
    stack.sandbox.setFaults({ notificationMode: 'duplicate' });
    let done: RecurrenceView;
    try {
      const { id } = await subscribe();
      done = await waitForRecurrence(stack.payments, id, (r) => r.status === 'completed');
      await new Promise((r) => setTimeout(r, 500)); // the last copy arrives and changes nothing
      done = await stack.payments.getRecurrence(id);
    } finally {
      stack.sandbox.setFaults({ notificationMode: 'normal' });
    }
    assert.equal(done.status, 'completed');
    assert.deepEqual(chargeSummary(done), ['1/0:paid', '2/0:paid', '3/0:paid']);
    assert.equal(done.totals.paid, 3);
  });

  it(
    'a charge reported late is flagged with its expected date, then recorded',
    { timeout: 60_000 },
    async () => {
      const { id, view } = await subscribe({ paymentsNo: 2 });
      const expectedAt = view.nextCharge!.expectedAt;
      stack.sandbox.setFaults({ notificationMode: 'delay', notificationDelayMs: 6_000 });
      let flagged: RecurrenceView;
      try {
        flagged = await waitForRecurrence(stack.payments, id, (r) => r.status === 'needs_attention');
      } finally {
        stack.sandbox.setFaults({ notificationMode: 'normal' });
      }
      assert.equal(flagged.attention?.kind, 'missed_charge');
      assert.equal(flagged.attention?.expectedAt, expectedAt);
      assert.match(flagged.attention?.reason ?? '', /charge 2 was expected at/);
      const done = await waitForRecurrence(stack.payments, id, (r) => r.status === 'completed');
      assert.equal(done.attention, undefined);
      assert.deepEqual(chargeSummary(done), ['1/0:paid', '2/0:paid']);
    },
  );

  it(
    'ends with a clear reason when mobilPay cannot schedule the recurrence (count 0)',
    { timeout: 60_000 },
    async () => {
      const { id, view } = await subscribe({}, '3ds');
      assert.equal(view.status, 'failed');
      assert.match(view.reason ?? '', /could not schedule the recurrence .*current_payment_count 0/);
      const first = await waitForPayment(stack.payments, `${id}-1`, (p) => p.status === 'captured');
      assert.equal(first.capturedAmount, 2_500, 'the first payment stands');
    },
  );

  it(
    'canceled before the customer pays: the schedule mobilPay creates anyway is canceled there',
    { timeout: 60_000 },
    async () => {
      const id = newId();
      const created = await stack.payments.createRecurrence(request(id, { paymentsNo: 0 }));
      const canceled = await stack.payments.cancelRecurrence(id);
      assert.equal(canceled.status, 'canceled');
      await stack.sandbox.actAsPayer(created.firstPayment.redirect!, 'approve');
      await waitForPayment(stack.payments, `${id}-1`, (p) => p.status === 'captured');
      await new Promise((r) => setTimeout(r, 3 * DAY_MS));
      assert.equal(sales(id).length, 1, 'only the first payment: mobilPay charged nothing more');
      const view = await stack.payments.getRecurrence(id);
      assert.equal(view.status, 'canceled');
      assert.equal(view.attention, undefined, 'the cancel at mobilPay succeeded');
    },
  );

  it('a SOAP outage fails the command clearly and changes nothing', { timeout: 60_000 }, async () => {
    const { id } = await subscribe({ paymentsNo: 0, intervalDays: 20 });
    stack.sandbox.setFaults({ failNextCalls: 100 });
    try {
      await assert.rejects(
        stack.payments.moveNextCharge(id, { at: new Date(Date.now() + 60_000).toISOString() }),
        (err) =>
          err instanceof PaymentsError &&
          err.code === 'provider_unavailable' &&
          /retry later/.test(err.message),
      );
    } finally {
      stack.sandbox.setFaults({ failNextCalls: 0 });
    }
    const after = await stack.payments.getRecurrence(id);
    assert.equal(after.anchor?.number, 2);
    assert.notEqual(after.timeline.at(-1)?.note.includes('moved'), true);
    const canceled = await stack.payments.cancelRecurrence(id);
    assert.equal(canceled.status, 'canceled');
  });
});
