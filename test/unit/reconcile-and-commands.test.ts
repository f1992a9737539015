import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { reconcile } from '../../domain/reconcile';
import {
  applyPaymentEvent,
  initialPaymentState,
  type PaymentEvent,
  type PaymentState,
} from '../../domain/payment-state';
import {
  checkCancel,
  checkCapture,
  checkRefund,
  checkResolution,
  checkVoid,
} from '../../domain/payment-commands';
import type { ProviderCapabilities } from '../../domain/capabilities';

const AT = '2026-01-01T00:00:00.000Z';
const caps: ProviderCapabilities = {
  captureModes: ['one_stage', 'two_stage'],
  partialCapture: true,
  multipleCaptures: false,
  void: true,
  refunds: 'partial',
  multipleRefunds: true,
  statusApi: true,
  recurring: 'none',
};
const fullRefundsOnly: ProviderCapabilities = { ...caps, refunds: 'full_only', partialCapture: false };

function payment(mode: 'one_stage' | 'two_stage', ...events: PaymentEvent[]): PaymentState {
  const s = initialPaymentState(
    { paymentId: 'A1', provider: 'assist', captureMode: mode, amount: 23_740, currency: 'USD', exponent: 2 },
    AT,
  );
  return events.reduce((acc, e) => applyPaymentEvent(acc, e, AT), s);
}

const authorized = () =>
  payment('two_stage', { type: 'redirect_issued' }, { type: 'authorized', amount: 23_740 });

describe('reconcile', () => {
  it('leaves an undecided payment undecided while the provider has nothing final', () => {
    assert.deepEqual(reconcile(payment('two_stage'), { state: 'pending' }, caps), { kind: 'undecided' });
    assert.deepEqual(reconcile(payment('two_stage'), { state: 'not_found' }, caps), { kind: 'undecided' });
  });

  it('authorizes a two-stage payment and completes a one-stage one', () => {
    const two = reconcile(payment('two_stage'), { state: 'authorized', authorizedAmount: 23_740 }, caps);
    assert.deepEqual(two, {
      kind: 'events',
      events: [{ type: 'authorized', amount: 23_740, providerReference: undefined }],
    });
    const one = reconcile(payment('one_stage'), { state: 'captured', capturedAmount: 23_740 }, caps);
    assert.equal(one.kind === 'events' && one.events[0]?.type, 'sale_completed');
  });

  it('treats an older report as no news (out-of-order notifications are normal)', () => {
    const captured = applyPaymentEvent(
      authorized(),
      { type: 'capture_succeeded', amount: 23_740, closesCapture: true },
      AT,
    );
    assert.deepEqual(reconcile(captured, { state: 'authorized' }, caps), { kind: 'events', events: [] });
    assert.deepEqual(reconcile(captured, { state: 'declined' }, caps), { kind: 'events', events: [] });
  });

  it('catches up with captures and refunds the provider reports', () => {
    const r = reconcile(
      authorized(),
      { state: 'refunded', capturedAmount: 10_000, refundedAmount: 2_500 },
      caps,
    );
    assert.deepEqual(r, {
      kind: 'events',
      events: [
        { type: 'capture_succeeded', amount: 10_000, closesCapture: true },
        { type: 'refund_succeeded', amount: 2_500 },
      ],
    });
  });

  it('flags a capture beyond what the payment allows as unexplained', () => {
    const closed = applyPaymentEvent(
      authorized(),
      { type: 'capture_succeeded', amount: 1_000, closesCapture: true },
      AT,
    );
    const r = reconcile(closed, { state: 'captured', capturedAmount: 5_000 }, caps);
    assert.equal(r.kind, 'unexplained');
  });

  it('recognises a void', () => {
    assert.deepEqual(reconcile(authorized(), { state: 'voided', capturedAmount: 0 }, caps), {
      kind: 'events',
      events: [{ type: 'hold_released' }],
    });
  });
});

describe('command validation', () => {
  it('rejects over-capture with the amounts in the message', () => {
    assert.match(
      checkCapture(authorized(), caps, 30_000) ?? '',
      /cannot capture 300\.00 USD: only 237\.40 USD remains/,
    );
    assert.equal(checkCapture(authorized(), caps, 10_000), null);
    assert.match(checkCapture(authorized(), fullRefundsOnly, 10_000) ?? '', /full captures only/);
  });

  it('rejects capture after void and refund before capture', () => {
    const voided = applyPaymentEvent(authorized(), { type: 'hold_released' }, AT);
    assert.match(checkCapture(voided, caps, undefined) ?? '', /voided/);
    assert.match(checkRefund(authorized(), caps, 100) ?? '', /not been captured/);
  });

  it('rejects over-refund and partial refunds where only full refunds exist', () => {
    const captured = applyPaymentEvent(
      authorized(),
      { type: 'capture_succeeded', amount: 23_740, closesCapture: true },
      AT,
    );
    assert.match(checkRefund(captured, caps, 23_741) ?? '', /only 237\.40 USD is refundable/);
    assert.match(checkRefund(captured, fullRefundsOnly, 100) ?? '', /full refunds only/);
    assert.equal(checkRefund(captured, fullRefundsOnly, undefined), null);
  });

  it('allows void and cancel only where they make sense', () => {
    assert.equal(checkVoid(authorized(), caps), null);
    assert.match(checkVoid(authorized(), { ...caps, void: false }) ?? '', /does not support voiding/);
    assert.equal(checkCancel(payment('two_stage', { type: 'redirect_issued' })), null);
    assert.match(checkCancel(authorized()) ?? '', /void the authorization instead/);
  });

  it('checks that an operator resolution is self-consistent', () => {
    const attention = payment('two_stage', { type: 'attention_needed', reason: 'x' });
    const base = { authorizedAmount: 100, capturedAmount: 100, refundedAmount: 0, note: 'portal' };
    assert.equal(checkResolution(attention, { ...base, status: 'captured' }), null);
    assert.match(checkResolution(attention, { ...base, status: 'authorized' }) ?? '', /capturedAmount 0/);
    assert.match(checkResolution(authorized(), { ...base, status: 'captured' }) ?? '', /needs attention/);
  });
});
