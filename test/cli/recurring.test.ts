/**
 * payctl's recurring and events commands without Temporal: the visibility query a filter becomes, the
 * command-line checks, what each command asks PaymentsClient for, and how its answers read.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instantArg } from '../../client/cli/arguments';
import { renderOutcomeJson, renderOutcomeText } from '../../client/cli/format-outcome';
import {
  describeInterval,
  renderRecurrence,
  renderRecurrenceList,
} from '../../client/cli/format-recurrences';
import { PaymentsError } from '../../client/errors';
import { recurrenceFilterSchema, recurrenceVisibilityQuery } from '../../client/recurrence-search';
import { NOW, payctl } from './fake-client';
import { notificationRecord, recurrenceSummary, recurrenceView } from './fixtures';

describe('recurrence visibility query', () => {
  it('is built from the validated filter only', () => {
    const filter = recurrenceFilterSchema.parse({
      status: 'past_due',
      provider: 'bigfish',
      dueBefore: '2024-05-03T12:00:00+02:00',
    });
    assert.equal(
      recurrenceVisibilityQuery(filter),
      "WorkflowType = 'recurrenceWorkflow' AND ExecutionStatus != 'ContinuedAsNew' AND " +
        "RecurrenceStatus = 'past_due' AND PaymentProvider = 'bigfish' AND NextChargeAt < '2024-05-03T10:00:00.000Z'",
    );
  });

  it('refuses what could change the query', () => {
    assert.equal(recurrenceFilterSchema.safeParse({ provider: "x' OR 1=1" }).success, false);
    assert.equal(recurrenceFilterSchema.safeParse({ status: 'paid' }).success, false);
    assert.equal(recurrenceFilterSchema.safeParse({ dueBefore: 'tomorrow' }).success, false);
  });
});

describe('instantArg ahead', () => {
  it('counts a duration forward from now for the schedule', () => {
    assert.equal(instantArg('due-before', '1d', NOW, 'h', 'ahead'), '2024-05-03T12:00:00.000Z');
    assert.equal(instantArg('since', '1d', NOW, 'h'), '2024-05-01T12:00:00.000Z');
    assert.throws(() => instantArg('at', 'soon', NOW, 'h', 'ahead'), /a duration from now/);
  });
});

describe('recurrence output', () => {
  it('describes intervals in the largest exact unit', () => {
    assert.equal(describeInterval(86_400_000), '1 day');
    assert.equal(describeInterval(7 * 86_400_000), '7 days');
    assert.equal(describeInterval(60_000), '1 minute');
    assert.equal(describeInterval(90_000), '90 seconds');
    assert.equal(describeInterval(1_500), '1500 ms');
  });

  it('lists recurrences with their next charge in UTC', () => {
    assert.equal(
      renderRecurrenceList([
        recurrenceSummary(),
        recurrenceSummary({
          recurrenceId: 'sub-7',
          status: 'canceled',
          nextChargeAt: undefined,
          open: false,
        }),
      ]),
      'RECURRENCE  STATUS    PROVIDER  NEXT CHARGE (UTC)    STARTED (UTC)        WORKFLOW\n' +
        'sub-42      active    bigfish   2024-05-03 10:00:00  2024-05-01 09:59:00  open\n' +
        'sub-7       canceled  bigfish   -                    2024-05-01 09:59:00  closed\n',
    );
    assert.equal(renderRecurrenceList([]), 'No recurrences match.\n');
  });

  it('shows the schedule, the next charge, every charge attempt and the timeline', () => {
    const text = renderRecurrence(recurrenceView({ reason: 'customer asked' }));
    assert.equal(
      text,
      'Recurrence sub-42\n' +
        '  status         active\n' +
        '  provider       bigfish (orchestrator-scheduled)\n' +
        '  amount         10.00 EUR per charge\n' +
        '  schedule       every 1 day, 12 payments\n' +
        '  next charge    #3 at 2024-05-03 10:00:00 UTC, 10.00 EUR\n' +
        '  paid           2 (20.00 EUR), declined 1\n' +
        '  first payment  sub-42-1\n' +
        '  reason         customer asked\n' +
        '  version        7\n' +
        '\n' +
        'Charges\n' +
        '  NO  ATTEMPT  ORDER        STATUS    AMOUNT (EUR)  AT (UTC)             REASON\n' +
        '   1        0  sub-42-1     paid             10.00  2024-05-01 10:00:00\n' +
        '   2        0  sub-42-2     declined         10.00  2024-05-02 10:00:00  insufficient funds\n' +
        '   2        1  sub-42-2-r1  paid             10.00  2024-05-02 11:00:00\n' +
        '\n' +
        'Timeline\n' +
        '  AT (UTC)             STATUS   NOTE\n' +
        '  2024-05-01 09:59:00  pending  recurrence created\n' +
        '  2024-05-01 10:00:00  active   the first payment paid 10.00 EUR\n',
    );
  });

  it('says when a retry is next, and when nothing is', () => {
    const retry = recurrenceView({
      status: 'past_due',
      nextCharge: {
        number: 2,
        expectedAt: '2024-05-03T10:00:00.000Z',
        amount: 700,
        kind: 'retry',
        attempt: 2,
      },
    });
    assert.match(
      renderRecurrence(retry),
      /\n {2}next charge +#2 \(retry 2\) at 2024-05-03 10:00:00 UTC, 7\.00 EUR\n/,
    );
    const ended = recurrenceView({ status: 'completed', nextCharge: undefined, paymentsNo: 0 });
    assert.match(renderRecurrence(ended), /\n {2}next charge +none\n/);
    assert.match(renderRecurrence(ended), /\n {2}schedule +every 1 day, until canceled\n/);
  });

  it('JSON leaves the internal fingerprint out, like the REST API', () => {
    const json = JSON.parse(
      renderOutcomeJson({ kind: 'recurrence', action: 'show', view: recurrenceView() }),
    );
    assert.equal(json.requestFingerprint, undefined);
    assert.equal(json.amount, 1_000, 'minor units');
  });

  it('a redelivery prints the delivery record', () => {
    const record = notificationRecord({ delivery: 'failed', error: 'HTTP 500' });
    assert.equal(
      renderOutcomeText({ kind: 'redelivery', orderId: 'A20042011_28', record }),
      'redeliver: event A20042011_28:v3 of order A20042011_28 is failed\n' +
        '  event id  A20042011_28:v3\n' +
        '  type      payment.authorized\n' +
        '  created   2024-05-01 10:02:00 UTC\n' +
        '  delivery  failed\n' +
        '  error     HTTP 500\n',
    );
  });
});

describe('recurring and events on the command line', () => {
  const answers = (method: string): unknown =>
    method === 'listRecurrences'
      ? [recurrenceSummary()]
      : method === 'redeliverNotification'
        ? notificationRecord()
        : recurrenceView();

  it('help lists the groups and each command', async () => {
    const main = await payctl(['--help']);
    assert.match(main.stdout, /\n {2}payctl recurring <command>/);
    assert.match(main.stdout, /\n {2}recurring reprice +Change the amount/);
    assert.match(main.stdout, /\n {2}events redeliver +Send/);
    const move = await payctl(['recurring', 'move', '--help']);
    assert.equal(move.code, 0);
    assert.match(
      move.stdout,
      /^Usage: payctl recurring move <recurrenceId> --at TIME \[--idempotency-key KEY\] \[--json\]\n/,
    );
    const events = await payctl(['events']);
    assert.equal(events.code, 2);
    assert.match(events.stderr, /^Usage: payctl events <command>/);
  });

  it('list: the filter, with --due-before counted forward from now', async () => {
    const run = await payctl(
      [
        'recurring',
        'list',
        '--status',
        'past_due',
        '--provider',
        'bigfish',
        '--due-before',
        '1d',
        '--limit',
        '1',
      ],
      answers,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.calls, [
      [
        'listRecurrences',
        { status: 'past_due', provider: 'bigfish', dueBefore: '2024-05-03T12:00:00.000Z', limit: 1 },
      ],
    ]);
    assert.match(run.stdout, /^RECURRENCE +STATUS/);
    assert.match(run.stderr, /showing the newest 1; more may match/);
  });

  it('show, move, reprice, cancel and redeliver call PaymentsClient with what was typed', async () => {
    const cases: Array<[string[], unknown[]]> = [
      [
        ['recurring', 'show', 'sub-42'],
        ['getRecurrence', 'sub-42'],
      ],
      [
        ['recurring', 'move', 'sub-42', '--at', '2024-05-10T09:00:00+02:00', '--idempotency-key', 'k1'],
        ['moveNextCharge', 'sub-42', { at: '2024-05-10T07:00:00.000Z' }, 'k1'],
      ],
      [
        ['recurring', 'move', 'sub-42', '--at', '2h'],
        ['moveNextCharge', 'sub-42', { at: '2024-05-02T14:00:00.000Z' }, undefined],
      ],
      [
        ['recurring', 'reprice', 'sub-42', '--amount', '700'],
        ['changeRecurrenceAmount', 'sub-42', { amount: 700 }, undefined],
      ],
      [
        ['recurring', 'cancel', 'sub-42', '--reason', 'asked'],
        ['cancelRecurrence', 'sub-42', { reason: 'asked' }],
      ],
      [
        ['recurring', 'cancel', 'sub-42'],
        ['cancelRecurrence', 'sub-42', {}],
      ],
      [
        ['events', 'redeliver', 'A20042011_28', 'A20042011_28:v3'],
        ['redeliverNotification', 'A20042011_28', 'A20042011_28:v3'],
      ],
    ];
    for (const [argv, call] of cases) {
      const run = await payctl(argv, answers);
      assert.equal(run.code, 0, `${argv.join(' ')}: ${run.stderr}`);
      assert.deepEqual(run.calls, [call], argv.join(' '));
    }
    const moved = await payctl(['recurring', 'move', 'sub-42', '--at', '2h'], answers);
    assert.match(moved.stdout, /^move: recurrence sub-42 is now active\n {2}amount +10\.00 EUR per charge\n/);
  });

  const usage: Array<[string[], RegExp]> = [
    [['recurring', 'show'], /missing <recurrenceId>/],
    [['recurring', 'show', 'sub 42'], /recurrence id "sub 42" must be 1–/],
    [['recurring', 'move', 'sub-42'], /missing --at/],
    [['recurring', 'move', 'sub-42', '--at', '2024-05-10T09:00'], /has no time zone/],
    [
      ['recurring', 'reprice', 'sub-42', '--amount', '7.00'],
      /--amount must be a whole number of minor units/,
    ],
    [['recurring', 'list', '--status', 'paid'], /--status must be one of: pending, active/],
    [
      ['recurring', 'list', '--due-before', 'tomorrow'],
      /--due-before must be an ISO 8601 time.*duration from now/,
    ],
    [
      ['recurring', 'pause', 'sub-42'],
      /unknown command "recurring pause"; commands: list, show, move, reprice, cancel \(see 'payctl recurring --help'\)/,
    ],
    [['events', 'redeliver', 'A1'], /missing <eventId>/],
    [['events', 'redeliver', 'A1', 'a b'], /event id "a b" must be 1–255 visible ASCII/],
  ];
  for (const [argv, message] of usage) {
    it(`exit 2: ${argv.join(' ')}`, async () => {
      const run = await payctl(argv, answers);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.opened, 0, 'nothing was sent');
    });
  }

  it('maps PaymentsClient errors to the same exit codes as payments', async () => {
    const notFound = await payctl(
      ['recurring', 'show', 'nope'],
      () => new PaymentsError('not_found', 'no recurrence nope'),
    );
    assert.deepEqual([notFound.code, notFound.stderr], [3, 'payctl: no recurrence nope\n']);
    const refused = await payctl(
      ['recurring', 'move', 'sub-42', '--at', '2020-01-01T00:00:00Z', '--json'],
      () => new PaymentsError('validation', 'cannot move the next charge into the past'),
    );
    assert.equal(refused.code, 1);
    assert.deepEqual(JSON.parse(refused.stderr), {
      error: { code: 'validation', message: 'cannot move the next charge into the past', exitCode: 1 },
    });
    const invalid = await payctl(
      ['recurring', 'reprice', 'sub-42', '--amount', '0'],
      () =>
        new PaymentsError('validation', 'invalid request: amount: must be greater than 0', {
          amount: 'must be greater than 0',
        }),
    );
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /\n {2}--amount: must be greater than 0\n$/);
  });
});
