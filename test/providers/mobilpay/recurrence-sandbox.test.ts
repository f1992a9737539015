/**
 * Provider-scheduled recurrence (seed 004) against the sandbox, with a one-second "day": the charges mobilPay
 * makes on its own, and moveRecurrence, modifyRecurrencePrice and cancelRecurrence through the adapter.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError } from '../../../domain/errors';
import type { ProviderEvent } from '../../../domain/provider-events';
import type { RecurrenceRequest } from '../../../providers/contract';
import { findPayerForm } from '../../../providers/mobilpay/sandbox-payer-page';
import { postForm } from '../../../providers/shared/http';
import { paymentRequest, startHarness, statusOf } from './harness';
import type { Harness } from './harness';

const DAY_MS = 1_000;

const isProviderError = (kind: ProviderError['kind'], code: string) => (error: unknown) =>
  error instanceof ProviderError && error.kind === kind && error.code === code;

describe('mobilPay provider-scheduled recurrence', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ sandbox: { dayMs: DAY_MS } });
  });
  after(async () => {
    await h.close();
  });

  /** A first payment with a recurrence, paid; returns its id and provider reference. */
  async function subscribe(recurrence: RecurrenceRequest, button: 'approve' | 'approve_3ds' = 'approve') {
    const req = paymentRequest(h, { recurrence });
    const created = await h.adapter.createPayment(req);
    if (button === 'approve') {
      await h.sandbox.actAsPayer(created.redirect!, 'approve');
    } else {
      await payWith3dsCard(created.redirect!.url, created.redirect!.fields);
    }
    const [first] = await h.receiver.waitForEvents(req.paymentId);
    return { paymentId: req.paymentId, first: first!, providerReference: statusOf(first).providerReference };
  }

  const charges = (paymentId: string) =>
    h.receiver
      .eventsFor(paymentId)
      .filter(
        (e): e is Extract<ProviderEvent, { type: 'recurring_charge' }> => e.type === 'recurring_charge',
      );

  it('charges three times, one "day" apart, with current_payment_count 1, 2, 3', async () => {
    const { paymentId, first } = await subscribe({ paymentsNo: 3, intervalDays: 1 });
    assert.equal(first.type, 'payment_state', 'the first payment (count 1) is the payment itself');
    assert.equal(statusOf(first).state, 'captured');
    const events = await h.receiver.waitForEvents(paymentId, 3, 3 * DAY_MS + 2_000);
    const later = charges(paymentId);
    assert.deepEqual(
      later.map((c) => [c.chargeNumber, c.status.state, c.status.capturedAmount]),
      [
        [2, 'captured', 2_500],
        [3, 'captured', 2_500],
      ],
    );
    assert.equal(new Set(events.map((e) => e.eventId)).size, 3);
    assert.equal(
      new Set(events.map((e) => statusOf(e).providerReference)).size,
      3,
      'each charge is a new purchase',
    );
    await sleep(DAY_MS + 500);
    assert.equal(h.receiver.eventsFor(paymentId).length, 3, 'payments_no = 3 includes the first payment');
    const sales = h.sandbox.ledger().filter((e) => e.paymentId === paymentId && e.kind === 'sale');
    assert.equal(sales.length, 3);
  });

  it('modifyRecurrencePrice changes later charges; cancelRecurrence stops them', async () => {
    const { paymentId, providerReference } = await subscribe({ paymentsNo: 0, intervalDays: 1 });
    await h.adapter.recurrence!.changeAmount({
      paymentId,
      providerReference,
      amount: 1_000,
      currency: 'RON',
    });
    await h.receiver.waitForEvents(paymentId, 2, DAY_MS + 2_000);
    assert.equal(charges(paymentId)[0]?.status.capturedAmount, 1_000);
    await h.adapter.recurrence!.cancel({ paymentId, providerReference });
    const count = h.receiver.eventsFor(paymentId).length;
    await sleep(DAY_MS + 500);
    assert.equal(h.receiver.eventsFor(paymentId).length, count, 'no charge after the cancel');
    await assert.rejects(
      h.adapter.recurrence!.cancel({ paymentId, providerReference }),
      isProviderError('final', 'invalid_action'),
    );
  });

  it('moveRecurrence brings the next charge to the given date', async () => {
    const { paymentId, providerReference } = await subscribe({ paymentsNo: 2, intervalDays: 30 });
    const nextChargeAt = new Date(Date.now() + 1_500).toISOString();
    await h.adapter.recurrence!.moveNextCharge({ paymentId, providerReference, nextChargeAt });
    const [, second] = await h.receiver.waitForEvents(paymentId, 2, 4_000);
    assert.equal(second?.type, 'recurring_charge');
    await assert.rejects(
      h.adapter.recurrence!.moveNextCharge({ paymentId, providerReference, nextChargeAt }),
      isProviderError('final', 'invalid_action'),
      'the schedule is complete: nothing left to move',
    );
  });

  it('refuses a date in the past (0x4002), an unknown order (0x4004) and bad input', async () => {
    const { paymentId, providerReference } = await subscribe({ paymentsNo: 0, intervalDays: 30 });
    await assert.rejects(
      h.adapter.recurrence!.moveNextCharge({
        paymentId,
        providerReference,
        nextChargeAt: '2020-01-01T00:00:00Z',
      }),
      isProviderError('final', 'invalid_data'),
    );
    await assert.rejects(
      h.adapter.recurrence!.cancel({ paymentId: 'no-such-order' }),
      isProviderError('final', 'purchase_not_found'),
    );
    await assert.rejects(
      h.adapter.recurrence!.moveNextCharge({ paymentId, providerReference, nextChargeAt: 'tomorrow' }),
      isProviderError('final', 'invalid_request'),
    );
    await assert.rejects(
      h.adapter.recurrence!.changeAmount({ paymentId, providerReference, amount: 0, currency: 'RON' }),
      isProviderError('final', 'invalid_request'),
    );
    await h.adapter.recurrence!.cancel({ paymentId, providerReference });
  });

  it('a 3-D Secure card: the payment succeeds but the recurrence cannot be scheduled (count 0)', async () => {
    const { paymentId, first } = await subscribe({ paymentsNo: 3, intervalDays: 1 }, 'approve_3ds');
    assert.equal(first.type, 'recurring_charge');
    assert.equal(first.type === 'recurring_charge' && first.chargeNumber, 0);
    assert.equal(statusOf(first).state, 'captured');
    await sleep(DAY_MS + 500);
    assert.equal(h.receiver.eventsFor(paymentId).length, 1, 'nothing scheduled');
  });
});

/** What the payer's browser does when pressing "Pay with a 3-D Secure card" (not a contract PayerAction). */
async function payWith3dsCard(url: string, fields: Record<string, string>): Promise<void> {
  const page = await postForm(url, fields, 5_000);
  const form = findPayerForm(page.body, 'approve_3ds');
  const done = await postForm(new URL(form.action, url).toString(), form.fields, 5_000);
  assert.equal(done.status, 303);
}
