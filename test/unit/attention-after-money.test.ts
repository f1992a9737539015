/**
 * A payment that needs attention after its money moved (a capture or refund with an unknown outcome)
 * keeps its amounts. Found by the chaos run: a mobilPay credit timed out, the payment went to
 * needs_attention, and the credit's own IPN (which proves only "this credit happened") was then applied
 * as if the payment had never been paid, rewriting 339.23 captured into 107.19 captured and refunded.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { reconcile } from '../../domain/reconcile';
import {
  applyPaymentEvent,
  initialPaymentState,
  PaymentTransitionError,
  type PaymentEvent,
  type PaymentState,
} from '../../domain/payment-state';
import type { ProviderStatus } from '../../domain/provider-events';

const AT = '2026-01-01T00:00:00.000Z';
const OPTS = { multipleCaptures: false };

function payment(mode: 'one_stage' | 'two_stage', ...events: PaymentEvent[]): PaymentState {
  const s = initialPaymentState(
    {
      paymentId: 'A1',
      provider: 'mobilpay',
      captureMode: mode,
      amount: 33_923,
      currency: 'USD',
      exponent: 2,
    },
    AT,
  );
  return events.reduce((acc, e) => applyPaymentEvent(acc, e, AT), s);
}

/** Applies what reconcile proposes the way the workflow does: an event the reducer refuses is skipped. */
function applyReport(state: PaymentState, report: ProviderStatus): PaymentState {
  const outcome = reconcile(state, report, OPTS);
  if (outcome.kind !== 'events') return state;
  return outcome.events.reduce((acc, e) => {
    try {
      return applyPaymentEvent(acc, e, AT);
    } catch (err) {
      if (err instanceof PaymentTransitionError) return acc;
      throw err;
    }
  }, state);
}

const paidThenUnknownRefund = () =>
  payment(
    'one_stage',
    { type: 'redirect_issued' },
    { type: 'sale_completed', amount: 33_923 },
    { type: 'attention_needed', reason: 'refund outcome unknown: mobilPay credit timed out' },
  );

describe('needs_attention after money moved', () => {
  it('a credit notification does not restart the payment from its partial figures', () => {
    const before = paidThenUnknownRefund();
    const credit: ProviderStatus = {
      state: 'refunded',
      capturedAmount: 10_719,
      refundedAmount: 10_719,
      currency: 'USD',
    };
    const after = applyReport(before, credit);
    assert.equal(after.status, 'needs_attention', 'an operator still settles it');
    assert.equal(after.authorizedAmount, 33_923);
    assert.equal(after.capturedAmount, 33_923);
    assert.equal(after.refundedAmount, 0);
  });

  it('a status report cannot send a captured payment back to authorized', () => {
    const captured = payment(
      'two_stage',
      { type: 'redirect_issued' },
      { type: 'authorized', amount: 33_923 },
      { type: 'capture_succeeded', amount: 33_923, closesCapture: true },
      { type: 'attention_needed', reason: 'refund outcome unknown' },
    );
    const after = applyReport(captured, { state: 'captured', authorizedAmount: 33_923, currency: 'USD' });
    assert.equal(after.status, 'needs_attention');
    assert.equal(after.capturedAmount, 33_923);
  });

  it('the reducer refuses a first outcome for a payment that was already authorized', () => {
    const before = paidThenUnknownRefund();
    for (const event of [
      { type: 'sale_completed', amount: 10_719 },
      { type: 'authorized', amount: 10_719 },
      { type: 'declined', reason: 'late decline' },
      { type: 'expired', reason: 'late expiry' },
    ] as const) {
      assert.throws(() => applyPaymentEvent(before, event, AT), PaymentTransitionError, event.type);
    }
  });

  it('needs_attention before any money moved still takes the provider outcome', () => {
    const unknownCreate = payment('one_stage', {
      type: 'attention_needed',
      reason: 'create outcome unknown',
    });
    const after = applyReport(unknownCreate, { state: 'captured', capturedAmount: 33_923, currency: 'USD' });
    assert.equal(after.status, 'captured');
    assert.equal(after.capturedAmount, 33_923);
  });
});
