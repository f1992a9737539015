import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  checkCancelRecurrence,
  checkChangeAmount,
  checkMoveNextCharge,
} from '../../domain/recurrence-commands';
import { dunningStep } from '../../domain/recurrence-dunning';
import { chargeOrderId, firstPaymentOrderId, recurrenceIdOfFirstPayment } from '../../domain/recurrence-ids';
import {
  expectedChargeAt,
  isRecorded,
  markRecorded,
  nextExpectedCharge,
} from '../../domain/recurrence-schedule';
import {
  applyRecurrenceEvent,
  initialRecurrenceState,
  MAX_CHARGES_KEPT,
  MAX_TIMELINE,
  type ChargeOutcome,
  type RecurrenceEvent,
} from '../../domain/recurrence-state';
import {
  displayStatus,
  isFinalRecurrence,
  type RecurrenceState,
  type Scheduling,
} from '../../domain/recurrence-types';
import type { ProviderCapabilities } from '../../domain/capabilities';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const DAY = 86_400_000;

function recurrence(
  scheduling: Scheduling,
  paymentsNo = 3,
  extra: Partial<RecurrenceState> = {},
): RecurrenceState {
  return {
    ...initialRecurrenceState(
      {
        recurrenceId: 'R1',
        provider: scheduling === 'provider' ? 'mobilpay' : 'bigfish',
        scheduling,
        amount: 2_500,
        currency: 'RON',
        exponent: 2,
        intervalMs: DAY,
        paymentsNo,
        dunningScheduleMs: [DAY, 3 * DAY],
      },
      at(0),
    ),
    ...extra,
  };
}

const paid = (amount = 2_500, extra: Partial<ChargeOutcome> = {}): ChargeOutcome => ({
  status: 'captured',
  amount,
  currency: 'RON',
  providerReference: 'ref',
  ...extra,
});
const declined: ChargeOutcome = { status: 'declined', amount: 2_500, reason: 'insufficient funds' };

function run(state: RecurrenceState, ...events: Array<[number, RecurrenceEvent]>): RecurrenceState {
  return events.reduce((s, [ms, e]) => applyRecurrenceEvent(s, e, at(ms)), state);
}

const first = (outcome: ChargeOutcome = paid(), scheduled?: boolean): RecurrenceEvent => ({
  type: 'charge_settled',
  number: 1,
  attempt: 0,
  orderId: 'R1-1',
  outcome,
  scheduled,
});
const reported = (number: number, outcome: ChargeOutcome = paid()): RecurrenceEvent => ({
  type: 'charge_reported',
  number,
  orderId: 'R1-1',
  outcome,
});
const settled = (number: number, attempt: number, outcome: ChargeOutcome): RecurrenceEvent => ({
  type: 'charge_settled',
  number,
  attempt,
  orderId: chargeOrderId('R1', number, attempt),
  outcome,
});
const started = (number: number, attempt = 0): RecurrenceEvent => ({
  type: 'charge_started',
  number,
  attempt,
  orderId: chargeOrderId('R1', number, attempt),
});

describe('recurrence ids', () => {
  it('derives charge order ids and routes the first payment back to its recurrence', () => {
    assert.equal(firstPaymentOrderId('R1'), 'R1-1');
    assert.equal(chargeOrderId('R1', 7), 'R1-7');
    assert.equal(chargeOrderId('R1', 7, 2), 'R1-7-r2');
    assert.equal(recurrenceIdOfFirstPayment('sub-9-1'), 'sub-9');
    assert.equal(recurrenceIdOfFirstPayment('R1-2'), undefined);
    assert.equal(recurrenceIdOfFirstPayment('-1'), undefined);
  });
});

describe('recurrence schedule', () => {
  it('anchors dates so a late charge does not shift the next ones', () => {
    const anchor = { number: 2, at: at(DAY) };
    assert.equal(expectedChargeAt(anchor, 2, DAY), at(DAY));
    assert.equal(expectedChargeAt(anchor, 5, DAY), at(4 * DAY));
  });

  it('records numbers once, in any order, and keeps the contiguous prefix compact', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 80 }), (numbers) => {
        let s = { recordedThrough: 0, recordedAbove: [] as number[] };
        for (const n of numbers) s = markRecorded(s, n);
        const distinct = new Set(numbers);
        for (const n of distinct) assert.ok(isRecorded(s, n));
        for (let n = 1; n <= 31; n++) assert.equal(isRecorded(s, n), distinct.has(n));
        assert.ok(s.recordedAbove.every((n) => n > s.recordedThrough + 1));
        assert.deepEqual(
          s.recordedAbove,
          [...new Set(s.recordedAbove)].sort((a, b) => a - b),
        );
      }),
    );
  });

  it('dunning retries after each delay, then gives up', () => {
    assert.deepEqual(dunningStep([10, 30], 0), { kind: 'retry', attempt: 1, delayMs: 10 });
    assert.deepEqual(dunningStep([10, 30], 1), { kind: 'retry', attempt: 2, delayMs: 30 });
    assert.deepEqual(dunningStep([10, 30], 2), { kind: 'give_up', attempts: 3 });
    assert.deepEqual(dunningStep([], 0), { kind: 'give_up', attempts: 1 });
  });
});

describe('provider-scheduled recurrence', () => {
  it('starts on the first payment and completes when payments_no is reached', () => {
    const s = run(recurrence('provider'), [10, first()], [DAY, reported(2)], [2 * DAY, reported(3)]);
    assert.equal(s.status, 'completed');
    assert.deepEqual(s.totals, { paid: 3, declined: 0, paidAmount: 7_500 });
    assert.deepEqual(
      s.charges.map((c) => [c.number, c.status]),
      [
        [1, 'paid'],
        [2, 'paid'],
        [3, 'paid'],
      ],
    );
    assert.equal(s.anchor?.number, 2);
  });

  it('records duplicated and out-of-order charges once each', () => {
    const s = run(
      recurrence('provider', 0),
      [0, first()],
      [2, reported(3)],
      [3, reported(3)],
      [4, reported(2)],
      [5, reported(2)],
    );
    assert.equal(s.status, 'active');
    assert.equal(s.totals.paid, 3);
    assert.equal(s.recordedThrough, 3);
    assert.equal(nextExpectedCharge(s)?.number, 4);
  });

  it('ends with a clear reason when the provider could not schedule the recurrence', () => {
    const s = run(recurrence('provider'), [0, first(paid(), false)]);
    assert.equal(s.status, 'failed');
    assert.match(s.reason ?? '', /could not schedule the recurrence.*current_payment_count 0/);
  });

  it('fails when the first payment is declined', () => {
    const s = run(recurrence('provider'), [0, first({ ...declined })]);
    assert.equal(s.status, 'failed');
    assert.match(s.reason ?? '', /first payment was declined: insufficient funds/);
  });

  it('flags a missing charge with its expected date and clears it when the charge arrives late', () => {
    const active = run(recurrence('provider'), [0, first()]);
    const expectedAt = nextExpectedCharge(active)?.expectedAt as string;
    const missing = run(active, [2 * DAY, { type: 'charge_overdue', number: 2, expectedAt }]);
    assert.equal(displayStatus(missing), 'needs_attention');
    assert.equal(missing.attention?.expectedAt, expectedAt);
    const late = run(missing, [2 * DAY + 5, reported(2)]);
    assert.equal(displayStatus(late), 'active');
    assert.equal(late.attention, undefined);
  });

  it('flags a charge of an amount or currency the recurrence never had', () => {
    const s = run(recurrence('provider', 0), [0, first()], [DAY, reported(2, paid(9_999))]);
    assert.equal(displayStatus(s), 'needs_attention');
    assert.match(s.attention?.reason ?? '', /99.99 RON/);
    const repriced = run(
      s,
      [DAY + 1, { type: 'amount_changed', amount: 1_000 }],
      [2 * DAY, reported(3, paid(1_000))],
    );
    assert.equal(displayStatus(repriced), 'active');
  });

  it('is past_due after a declined charge and active again after the next paid one', () => {
    const s = run(recurrence('provider', 0), [0, first()], [DAY, reported(2, declined)]);
    assert.equal(s.status, 'past_due');
    assert.equal(run(s, [2 * DAY, reported(3)]).status, 'active');
  });

  it('moves the next charge by moving the anchor', () => {
    const s = run(
      recurrence('provider', 0),
      [0, first()],
      [100, { type: 'next_charge_moved', at: at(5_000) }],
    );
    assert.deepEqual(nextExpectedCharge(s), { number: 2, expectedAt: at(5_000), amount: 2_500 });
  });
});

describe('orchestrator-scheduled recurrence', () => {
  it('registers the first payment and charges each number until payments_no', () => {
    const s = run(
      recurrence('orchestrator'),
      [0, first(paid(2_500, { providerReference: 'TX1' }))],
      [DAY, started(2)],
      [DAY + 1, settled(2, 0, paid())],
      [2 * DAY, started(3)],
      [2 * DAY + 1, settled(3, 0, paid())],
    );
    assert.equal(s.registrationReference, 'TX1');
    assert.equal(s.status, 'completed');
    assert.equal(s.totals.paid, 3);
  });

  it('dunning: past_due after a decline, active again when a retry is paid, schedule kept', () => {
    const s = run(
      recurrence('orchestrator'),
      [0, first()],
      [DAY, started(2)],
      [DAY + 1, settled(2, 0, declined)],
    );
    assert.equal(s.status, 'past_due');
    assert.deepEqual(s.dunning, {
      number: 2,
      attempt: 1,
      retryAt: at(2 * DAY + 1),
      lastReason: 'insufficient funds',
    });
    assert.deepEqual(
      [nextExpectedCharge(s)?.number, nextExpectedCharge(s)?.expectedAt],
      [3, at(2 * DAY)],
      'the retry does not move charge 3',
    );
    const recovered = run(s, [2 * DAY + 1, started(2, 1)], [2 * DAY + 2, settled(2, 1, paid())]);
    assert.equal(recovered.status, 'active');
    assert.equal(recovered.dunning, undefined);
    assert.equal(nextExpectedCharge(recovered)?.number, 3);
  });

  it('dunning: canceled with the reason after the last retry is declined', () => {
    const s = run(
      recurrence('orchestrator'),
      [0, first()],
      [DAY, started(2)],
      [DAY, settled(2, 0, declined)],
      [2 * DAY, started(2, 1)],
      [2 * DAY, settled(2, 1, declined)],
      [5 * DAY, started(2, 2)],
      [5 * DAY, settled(2, 2, declined)],
    );
    assert.equal(s.status, 'canceled');
    assert.match(s.reason ?? '', /charge 2 was declined 3 times.*last dunning retry/);
    assert.equal(nextExpectedCharge(s), undefined);
  });

  it('a charge that needs attention holds the recurrence until it settles', () => {
    const s = run(
      recurrence('orchestrator'),
      [0, first()],
      [DAY, started(2)],
      [DAY, settled(2, 0, { status: 'needs_attention', amount: 2_500, reason: 'outcome unknown' })],
    );
    assert.equal(displayStatus(s), 'needs_attention');
    const resolved = run(s, [DAY + 5, settled(2, 0, paid())]);
    assert.equal(displayStatus(resolved), 'active');
    assert.equal(resolved.totals.paid, 2);
  });
});

describe('recurrence commands', () => {
  const caps = { amountLimits: { RON: { min: 1, max: 9_999_900 } } } as unknown as ProviderCapabilities;
  const active = run(recurrence('provider', 0), [0, first()]);

  it('refuse what cannot happen, with the reason', () => {
    assert.match(checkMoveNextCharge(recurrence('provider'), at(DAY), T0) ?? '', /no schedule yet/);
    assert.match(checkMoveNextCharge(active, at(-1), T0) ?? '', /into the past/);
    assert.equal(checkMoveNextCharge(active, at(DAY), T0), null);
    assert.match(checkChangeAmount(active, caps, 10_000_000) ?? '', /accepts 0.01–99999.00 RON/);
    assert.equal(checkChangeAmount(active, caps, 1_000), null);
    const canceled = run(active, [5, { type: 'canceled', reason: 'by the merchant' }]);
    assert.match(checkCancelRecurrence(canceled) ?? '', /already canceled/);
    assert.match(checkChangeAmount(canceled, caps, 1_000) ?? '', /canceled/);
    assert.match(checkMoveNextCharge(canceled, at(DAY), T0) ?? '', /canceled/);
  });
});

describe('recurrence invariants under any order of events', () => {
  const event = fc.oneof(
    fc.integer({ min: 1, max: 8 }).map((n): RecurrenceEvent => reported(n)),
    fc.integer({ min: 1, max: 8 }).map((n): RecurrenceEvent => reported(n, declined)),
    fc.constant(first()),
    fc
      .record({ n: fc.integer({ min: 2, max: 8 }), k: fc.integer({ min: 0, max: 3 }) })
      .map(({ n, k }) => started(n, k)),
    fc
      .record({ n: fc.integer({ min: 2, max: 8 }), k: fc.integer({ min: 0, max: 3 }), ok: fc.boolean() })
      .map(({ n, k, ok }) => settled(n, k, ok ? paid() : declined)),
    fc
      .integer({ min: 2, max: 8 })
      .map((n): RecurrenceEvent => ({ type: 'charge_overdue', number: n, expectedAt: at(n * DAY) })),
    fc.integer({ min: 1, max: 5_000 }).map((amount): RecurrenceEvent => ({ type: 'amount_changed', amount })),
    fc.constant<RecurrenceEvent>({ type: 'next_charge_moved', at: at(3 * DAY) }),
    fc.constant<RecurrenceEvent>({ type: 'canceled', reason: 'test' }),
  );

  it('records each charge once, keeps final statuses final, stays bounded, and ignores repeats', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Scheduling>('provider', 'orchestrator'),
        fc.integer({ min: 0, max: 6 }),
        fc.array(event, { maxLength: 120 }),
        (scheduling, paymentsNo, events) => {
          let s = recurrence(scheduling, paymentsNo === 1 ? 0 : paymentsNo);
          events.forEach((e, i) => {
            const before = s;
            s = applyRecurrenceEvent(s, e, at(i * 1000));
            if (isFinalRecurrence(before.status)) assert.equal(s.status, before.status, 'final stays final');
            // The same event again changes nothing more.
            if (e.type === 'charge_reported' || e.type === 'charge_settled') {
              assert.equal(applyRecurrenceEvent(s, e, at(i * 1000 + 1)), s, `${e.type} twice`);
            }
          });
          assert.ok(s.charges.length <= MAX_CHARGES_KEPT);
          assert.ok(s.timeline.length <= MAX_TIMELINE);
          const numbers = s.charges.filter((c) => c.status === 'paid').map((c) => `${c.number}/${c.attempt}`);
          assert.equal(new Set(numbers).size, numbers.length, 'no charge paid twice');
          assert.ok(s.totals.paid >= 0 && s.totals.declined >= 0);
          if (s.status === 'completed') assert.ok(s.paymentsNo > 0);
        },
      ),
    );
  });
});
