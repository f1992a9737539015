/**
 * payctl from argv to exit code with a fake PaymentsClient: routing, help, the command-line checks,
 * what each command asks PaymentsClient for, and how its answers and errors come out.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PaymentsError } from '../../client/errors';
import { ConfigError } from '../../worker/config';
import { payctl } from './fake-client';
import { paymentSummary } from './fixtures';

describe('help', () => {
  it('--help, -h and help print the overview with the exit codes on stdout, exit 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const run = await payctl(argv);
      assert.equal(run.code, 0, argv.join(' '));
      assert.match(run.stdout, /Usage:\n {2}payctl payments <command>/);
      assert.match(run.stdout, /integer minor units/);
      assert.match(run.stdout, /Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}3 .*\n {2}4 .*\n {2}5 /);
      assert.equal(run.stderr, '');
      assert.equal(run.opened, 0, 'help never connects');
    }
  });

  it('payments --help lists the commands; per-command help shows its options', async () => {
    const group = await payctl(['payments', '--help']);
    assert.equal(group.code, 0);
    for (const name of ['list', 'show', 'capture', 'void', 'refund', 'cancel', 'resolve']) {
      assert.match(group.stdout, new RegExp(`\\n {2}payments ${name} `));
    }
    const refund = await payctl(['payments', 'refund', '--help']);
    assert.equal(refund.code, 0);
    assert.match(
      refund.stdout,
      /^Usage: payctl payments refund <orderId> --refund-id ID \[--amount MINOR\] \[--json\]\n/,
    );
    assert.match(refund.stdout, /\n {2}--refund-id ID {2}your id for this refund;[^-]*\(required\)\n/);
    assert.match(refund.stdout, /integer minor units/);
    assert.deepEqual(await payctl(['help', 'payments', 'refund']).then((r) => r.stdout), refund.stdout);
  });

  it('help wins over missing arguments', async () => {
    const run = await payctl(['payments', 'resolve', '-h']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /--note TEXT/);
  });

  it('without a command, the help goes to stderr and the exit code is 2', async () => {
    for (const argv of [[], ['payments']]) {
      const run = await payctl(argv);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /Usage/);
    }
  });
});

describe('usage errors exit 2 before any configuration is read or connection made', () => {
  const cases: Array<[string[], RegExp]> = [
    [['pay'], /^payctl: unknown command "pay" \(see 'payctl --help'\)\n$/],
    [['--version'], /^payctl: unknown option --version/],
    [['payments', 'recurring'], /unknown command "payments recurring"; commands: list, show, capture/],
    [['payments', 'show'], /missing <orderId>/],
    [['payments', 'show', 'A1', 'B2'], /unexpected argument "B2"/],
    [['payments', 'show', 'A 1'], /order id "A 1" must be 1–64 characters/],
    [
      ['payments', 'capture', 'A1', '--amout', '5'],
      /^payctl: unknown option --amout \(see 'payctl payments capture --help'\)\n$/,
    ],
    [['payments', 'capture', 'A1', '--amount'], /option --amount needs a value/],
    [
      ['payments', 'capture', 'A1', '--amount', '12.50'],
      /--amount must be a whole number of minor units, got "12.50" \(amounts are integer minor units/,
    ],
    [['payments', 'capture', 'A1', '--amount=-5'], /--amount must be a whole number of minor units/],
    [
      ['payments', 'capture', 'A1', '--amount', '99999999999999999999'],
      /--amount 99999999999999999999 is too large/,
    ],
    [
      ['payments', 'capture', 'A1', '--amount', '5', '--amount', '50'],
      /option --amount is given more than once/,
    ],
    [
      ['payments', 'capture', 'A1', '--idempotency-key', 'a b'],
      /--idempotency-key must be 1–255 visible ASCII/,
    ],
    [['payments', 'void', 'A1', '--json=yes'], /option --json takes no value/],
    [['payments', 'refund', 'A1'], /missing --refund-id/],
    [
      ['payments', 'resolve', 'A1', '--status', 'captured'],
      /missing --authorized, --captured, --refunded, --note/,
    ],
    [
      [
        'payments',
        'resolve',
        'A1',
        '--status',
        'paid',
        '--authorized',
        '1',
        '--captured',
        '1',
        '--refunded',
        '0',
        '--note',
        'x',
      ],
      /--status must be one of: authorized, captured/,
    ],
    [['payments', 'list', '--status', 'paid'], /--status must be one of: awaiting_payer, processing/],
    [['payments', 'list', '--limit', '0'], /--limit must be a positive whole number/],
    [['payments', 'list', '--since', '2024-05-01T10:00:00'], /has no time zone; add Z for UTC/],
    [['payments', 'list', '--since', '2024-02-30'], /--since must be an ISO 8601 time/],
    [['payments', 'list', '--until', 'yesterday'], /--until must be an ISO 8601 time/],
    [['payments', 'list', '--since', '99999999999d'], /--since "99999999999d" is too long/],
  ];
  for (const [argv, message] of cases) {
    it(argv.join(' '), async () => {
      const run = await payctl(argv);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
      assert.equal(run.opened, 0);
    });
  }

  it('with --json, a usage error is a JSON object on stderr', async () => {
    const run = await payctl(['payments', 'capture', 'A1', '--json', '--bogus']);
    assert.equal(run.code, 2);
    assert.deepEqual(JSON.parse(run.stderr), {
      error: { code: 'usage', message: 'unknown option --bogus', exitCode: 2 },
    });
  });
});

describe('what each command asks PaymentsClient for', () => {
  it('list: the filter, with relative and date-only times turned into UTC instants', async () => {
    const run = await payctl(
      [
        'payments',
        'list',
        '--status',
        'authorized',
        '--provider',
        'assist',
        '--since',
        '2h',
        '--until',
        '2024-05-02',
        '--limit',
        '10',
      ],
      () => [paymentSummary()],
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.calls, [
      [
        'listPayments',
        {
          status: 'authorized',
          provider: 'assist',
          since: '2024-05-02T10:00:00.000Z',
          until: '2024-05-02T00:00:00.000Z',
          limit: 10,
        },
      ],
    ]);
    assert.match(run.stdout, /^ORDER +STATUS/);
    assert.equal(run.stderr, '');
  });

  it('list: an offset is normalized to UTC; the default limit is 50', async () => {
    const run = await payctl(['payments', 'list', '--since', '2024-05-01T12:00:00+02:00'], () => []);
    assert.deepEqual(run.calls, [
      [
        'listPayments',
        {
          status: undefined,
          provider: undefined,
          since: '2024-05-01T10:00:00.000Z',
          until: undefined,
          limit: 50,
        },
      ],
    ]);
    assert.equal(run.stdout, 'No payments match.\n');
  });

  it('list: a full page says on stderr that more may match', async () => {
    const run = await payctl(['payments', 'list', '--limit', '1'], () => [paymentSummary()]);
    assert.equal(run.code, 0);
    assert.match(run.stderr, /showing the newest 1; more may match \(raise --limit/);
    const json = await payctl(['payments', 'list', '--limit', '1', '--json'], () => [paymentSummary()]);
    assert.equal(json.stderr, '', 'JSON output stays clean for scripts');
    assert.deepEqual(JSON.parse(json.stdout), [paymentSummary()]);
  });

  it('show', async () => {
    const run = await payctl(['payments', 'show', 'A20042011_28']);
    assert.deepEqual(run.calls, [['getPayment', 'A20042011_28']]);
    assert.match(run.stdout, /^Payment A20042011_28\n/);
    assert.equal(run.closed, 1, 'the connection is closed');
  });

  it('capture: amount in minor units and the idempotency key; or nothing, for everything', async () => {
    const partial = await payctl([
      'payments',
      'capture',
      'A1',
      '--amount',
      '20000',
      '--idempotency-key',
      'cap-1',
    ]);
    assert.equal(partial.code, 0);
    assert.deepEqual(partial.calls, [['capture', 'A1', { amount: 20_000 }, 'cap-1']]);
    assert.match(
      partial.stdout,
      /^capture: order A20042011_28 is now partially_refunded\n {2}operation {3}capture-1 · succeeded · 200\.00 USD/,
    );
    const full = await payctl(['payments', 'capture', 'A1']);
    assert.deepEqual(full.calls, [['capture', 'A1', {}, undefined]]);
  });

  it('void, refund, cancel', async () => {
    assert.deepEqual((await payctl(['payments', 'void', 'A1', '--idempotency-key', 'v1'])).calls, [
      ['void', 'A1', 'v1'],
    ]);
    const refund = await payctl(['payments', 'refund', 'A1', '--refund-id', 'rf-1', '--amount', '500']);
    assert.deepEqual(refund.calls, [['refund', 'A1', { amount: 500, refundId: 'rf-1' }]]);
    assert.match(refund.stdout, /operation {3}refund-rf-1 · failed · 50\.00 USD · AS105: refund rejected/);
    assert.deepEqual((await payctl(['payments', 'refund', 'A1', '--refund-id', 'rf-2'])).calls, [
      ['refund', 'A1', { refundId: 'rf-2' }],
    ]);
    assert.deepEqual((await payctl(['payments', 'cancel', 'A1', '--reason', 'customer called'])).calls, [
      ['cancel', 'A1', { reason: 'customer called' }],
    ]);
    assert.deepEqual((await payctl(['payments', 'cancel', 'A1'])).calls, [['cancel', 'A1', {}]]);
  });

  it('resolve: the resolution PaymentsClient validates, amounts by their API names', async () => {
    const run = await payctl([
      'payments',
      'resolve',
      'A1',
      '--status',
      'captured',
      '--authorized',
      '23740',
      '--captured',
      '23740',
      '--refunded',
      '0',
      '--note',
      'checked in the Assist back office, ticket OPS-12',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.calls, [
      [
        'resolve',
        'A1',
        {
          status: 'captured',
          authorizedAmount: 23_740,
          capturedAmount: 23_740,
          refundedAmount: 0,
          note: 'checked in the Assist back office, ticket OPS-12',
        },
      ],
    ]);
  });

  it('--json prints the payment as the REST API does', async () => {
    const run = await payctl(['payments', 'capture', 'A1', '--json']);
    const json = JSON.parse(run.stdout);
    assert.equal(json.paymentId, 'A20042011_28');
    assert.equal(json.requestFingerprint, undefined);
  });
});

describe('errors from PaymentsClient and the configuration', () => {
  it('a refusal exits 1 with the message and the fields as flags', async () => {
    const refused = new PaymentsError('validation', 'invalid request: refundId: must be 1–64 characters', {
      refundId: 'must be 1–64 characters',
    });
    const run = await payctl(['payments', 'refund', 'A1', '--refund-id', 'x'], () => refused);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      'payctl: invalid request: refundId: must be 1–64 characters\n  --refund-id: must be 1–64 characters\n',
    );
    assert.equal(run.closed, 1, 'the connection is closed after a failure too');
  });

  it('not found exits 3, unavailable 4, each as one line', async () => {
    const missing = await payctl(
      ['payments', 'show', 'nope'],
      () => new PaymentsError('not_found', 'no payment for order nope'),
    );
    assert.deepEqual([missing.code, missing.stderr], [3, 'payctl: no payment for order nope\n']);
    const down = await payctl(
      ['payments', 'list'],
      () => new PaymentsError('unavailable', 'Temporal is unavailable'),
    );
    assert.deepEqual([down.code, down.stderr], [4, 'payctl: Temporal is unavailable\n']);
  });

  it('a configuration error exits 2 with the message naming the variable', async () => {
    const run = await payctl(['payments', 'show', 'A1'], undefined, async () => {
      throw new ConfigError('invalid configuration:\n  PAYLOAD_ENCRYPTION_KEYS: not set');
    });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'payctl: invalid configuration:\n  PAYLOAD_ENCRYPTION_KEYS: not set\n');
  });

  it('an unexpected error exits 5, without a stack trace; with --json as a JSON object', async () => {
    const run = await payctl(['payments', 'show', 'A1'], () => new Error('socket hang up'));
    assert.deepEqual([run.code, run.stderr], [5, 'payctl: unexpected error: socket hang up\n']);
    const json = await payctl(['payments', 'show', 'A1', '--json'], () => new Error('socket hang up'));
    assert.deepEqual(JSON.parse(json.stderr), {
      error: { code: 'internal', message: 'unexpected error: socket hang up', exitCode: 5 },
    });
  });
});
