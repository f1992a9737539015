import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  applyPaymentEvent,
  assertInvariants,
  initialPaymentState,
  isTerminal,
  PaymentTransitionError,
  type PaymentEvent,
  type PaymentState,
} from '../../domain/payment-state';

const AT = '2026-01-01T00:00:00.000Z';
const newPayment = (amount = 10_000): PaymentState =>
  initialPaymentState(
    { paymentId: 'A1', provider: 'assist', captureMode: 'two_stage', amount, currency: 'USD', exponent: 2 },
    AT,
  );

function run(state: PaymentState, ...events: PaymentEvent[]): PaymentState {
  return events.reduce((s, e) => applyPaymentEvent(s, e, AT), state);
}

describe('payment state machine', () => {
  it('walks a two-stage payment through partial capture and two partial refunds', () => {
    const s = run(
      newPayment(),
      { type: 'redirect_issued' },
      { type: 'authorized', amount: 10_000, providerReference: 'B1' },
      { type: 'capture_succeeded', amount: 6_000, closesCapture: true },
      { type: 'refund_succeeded', amount: 1_000 },
      { type: 'refund_succeeded', amount: 5_000 },
    );
    assert.equal(s.status, 'refunded');
    assert.deepEqual([s.authorizedAmount, s.capturedAmount, s.refundedAmount], [10_000, 6_000, 6_000]);
    assert.equal(s.providerReference, 'B1');
    assert.equal(s.timeline.length, 6);
    assert.equal(s.version, 6);
  });

  it('marks a partial capture that closes the hold as partially captured and not capturable', () => {
    const s = run(
      newPayment(),
      { type: 'authorized', amount: 10_000 },
      { type: 'capture_succeeded', amount: 4_000, closesCapture: true },
    );
    assert.equal(s.status, 'partially_captured');
    assert.equal(s.captureClosed, true);
    assert.throws(
      () => run(s, { type: 'capture_succeeded', amount: 1_000, closesCapture: false }),
      /no further capture/,
    );
  });

  it('voids an authorization and then refuses everything', () => {
    const s = run(newPayment(), { type: 'authorized', amount: 10_000 }, { type: 'hold_released' });
    assert.equal(s.status, 'voided');
    assert.throws(() => run(s, { type: 'capture_succeeded', amount: 1, closesCapture: false }), /final/);
  });

  it('rejects over-capture, over-refund and refunds before capture', () => {
    const authorized = run(newPayment(), { type: 'authorized', amount: 10_000 });
    assert.throws(
      () => run(authorized, { type: 'capture_succeeded', amount: 10_001, closesCapture: false }),
      /captured more than authorized/,
    );
    assert.throws(() => run(authorized, { type: 'refund_succeeded', amount: 1 }), /not possible while/);
    const captured = run(authorized, { type: 'capture_succeeded', amount: 10_000, closesCapture: true });
    assert.throws(
      () => run(captured, { type: 'refund_succeeded', amount: 10_001 }),
      /refunded more than captured/,
    );
  });

  it('moves to processing when the provider reports progress', () => {
    const s = run(newPayment(), { type: 'redirect_issued' });
    assert.equal(applyPaymentEvent(s, { type: 'provider_processing' }, AT).status, 'processing');
  });

  it('lets an operator resolve a payment that needs attention, and only then', () => {
    const s = run(newPayment(), { type: 'attention_needed', reason: 'unknown' });
    const resolved = run(s, {
      type: 'operator_resolved',
      resolution: {
        status: 'authorized',
        authorizedAmount: 10_000,
        capturedAmount: 0,
        refundedAmount: 0,
        note: 'seen in portal',
      },
    });
    assert.equal(resolved.status, 'authorized');
    assert.equal(resolved.captureClosed, false);
  });
});

/** Random but well-typed events, including nonsense amounts, in any order. */
const amount = fc.oneof(
  fc.integer({ min: -5, max: 12_000 }),
  fc.constantFrom(0, 1, 10_000, Number.MAX_SAFE_INTEGER),
);
const eventArb: fc.Arbitrary<PaymentEvent> = fc.oneof(
  fc.constant<PaymentEvent>({ type: 'redirect_issued' }),
  fc.constant<PaymentEvent>({ type: 'provider_processing' }),
  amount.map<PaymentEvent>((a) => ({ type: 'authorized', amount: a })),
  amount.map<PaymentEvent>((a) => ({ type: 'sale_completed', amount: a })),
  fc
    .tuple(amount, fc.boolean())
    .map<PaymentEvent>(([a, c]) => ({ type: 'capture_succeeded', amount: a, closesCapture: c })),
  fc.constant<PaymentEvent>({ type: 'hold_released' }),
  amount.map<PaymentEvent>((a) => ({ type: 'refund_succeeded', amount: a })),
  fc.constantFrom<PaymentEvent>(
    { type: 'declined', reason: 'r' },
    { type: 'expired', reason: 'r' },
    { type: 'canceled', reason: 'r' },
    { type: 'failed', reason: 'r' },
    { type: 'attention_needed', reason: 'r' },
  ),
);

describe('payment state machine properties', () => {
  it('holds its invariants and never leaves a terminal status, whatever the event order', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        let state = newPayment();
        for (const event of events) {
          const before = state;
          try {
            state = applyPaymentEvent(state, event, AT);
          } catch (err) {
            assert.ok(err instanceof PaymentTransitionError, `unexpected error ${String(err)}`);
            assert.equal(state, before, 'a rejected event must not change the state');
            continue;
          }
          assertInvariants(state);
          if (isTerminal(before.status)) assert.fail(`left terminal status ${before.status}`);
          assert.ok(state.version >= before.version);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('never records more refunded than captured, or captured than authorized, across any accepted sequence', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), (events) => {
        let state = newPayment();
        let refundedSum = 0;
        for (const event of events) {
          try {
            const next = applyPaymentEvent(state, event, AT);
            if (event.type === 'refund_succeeded') refundedSum += event.amount;
            state = next;
          } catch {
            /* rejected events are allowed; they must simply not count */
          }
        }
        assert.equal(state.refundedAmount, refundedSum);
        assert.ok(state.refundedAmount <= state.capturedAmount);
        assert.ok(state.capturedAmount <= state.authorizedAmount);
        assert.ok(state.authorizedAmount <= state.amount);
      }),
      { numRuns: 2_000 },
    );
  });
});
