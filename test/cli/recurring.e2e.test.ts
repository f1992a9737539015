/**
 * payctl's recurring and events commands as an operator runs them: a child process against the real
 * Temporal server, steering a BIG FISH recurrence (orchestrator-scheduled) that the in-process stack
 * created and whose first payment the sandbox payer approved, and redelivering that payment's merchant
 * event to a receiver of the test's own.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { bigfishProvider } from '../../providers/bigfish';
import { findFreePort } from '../../scripts/dev-server';
import type { RecurrenceView } from '../../workflows/recurring-definitions';
import { RETURN_URLS, waitForRecurrence } from '../support/recurrence';
import { startStack, type Stack } from '../support/stack';
import { connectTestTemporal, type TestTemporal } from '../support/temporal';
import { assertExit, runPayctl, stackEnv } from './child-process';

const SECRET = 'payctl-test-merchant-secret-0123456789';

let temporal: TestTemporal;
let stack: Stack;
let receiver: Server;
let receiverUrl: string;
/** Event ids the merchant's backend received, in order. */
const received: string[] = [];

before(async () => {
  temporal = await connectTestTemporal();
  const port = await findFreePort();
  receiverUrl = `http://127.0.0.1:${port}/events`;
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
  stack = await startStack(temporal, {
    provider: bigfishProvider,
    merchantNotifications: {
      url: receiverUrl,
      secret: SECRET,
      retry: { initialIntervalMs: 200, maximumIntervalMs: 500, giveUpAfterMs: 60_000 },
    },
  });
});
after(async () => {
  await stack?.close();
  await temporal?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

/** payctl as the operator's machine has it: the stack's Temporal, keys and merchant notification URL. */
const payctl = (args: string[], extra: Record<string, string> = {}) =>
  runPayctl(args, {
    ...stackEnv(temporal, stack, bigfishProvider.name),
    MERCHANT_NOTIFICATION_URL: receiverUrl,
    ...extra,
  });

describe('payctl recurring against a running BIG FISH recurrence', { timeout: 180_000 }, () => {
  const id = `cli-${randomUUID().slice(0, 8)}`;

  before(async () => {
    const created = await stack.payments.createRecurrence({
      recurrenceId: id,
      provider: bigfishProvider.name,
      amount: 1_000,
      currency: 'EUR',
      // Until canceled, a minute apart: nothing is charged while the test steers the schedule.
      paymentsNo: 0,
      intervalMs: 60_000,
      description: 'payctl test',
      customer: { id: 'customer-7', email: 'payer@example.com' },
      returnUrls: RETURN_URLS,
    });
    await stack.sandbox.actAsPayer(created.firstPayment.redirect!, 'approve');
    await waitForRecurrence(stack.payments, id, (r) => r.status === 'active', { timeoutMs: 30_000 });
  });

  it('recurring list --due-before finds it with its next charge (visibility catches up within seconds)', async () => {
    const args = ['recurring', 'list', '--status', 'active', '--provider', 'bigfish', '--due-before', '1d'];
    const deadline = Date.now() + 15_000;
    let found: Record<string, unknown> | undefined;
    for (;;) {
      const result = await payctl([...args, '--limit', '1000', '--json']);
      assertExit(result, 0);
      const list = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
      found = list.find((r) => r.recurrenceId === id && typeof r.nextChargeAt === 'string');
      if (found || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    const view = await stack.payments.getRecurrence(id);
    assert.deepEqual(
      { ...found, startedAt: typeof found?.startedAt },
      {
        recurrenceId: id,
        status: 'active',
        provider: 'bigfish',
        nextChargeAt: view.nextCharge?.expectedAt,
        startedAt: 'string',
        open: true,
      },
    );

    const table = await payctl([...args, '--limit', '1000']);
    assertExit(table, 0);
    assert.match(
      table.stdout,
      /^RECURRENCE +STATUS +PROVIDER +NEXT CHARGE \(UTC\) +STARTED \(UTC\) +WORKFLOW\n/,
    );
    assert.match(
      table.stdout,
      new RegExp(`\\n${id} +active +bigfish +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +`),
    );

    // Nothing of it charges before a minute ago.
    const past = await payctl([
      'recurring',
      'list',
      '--due-before',
      '2020-01-01',
      '--limit',
      '1000',
      '--json',
    ]);
    assertExit(past, 0);
    assert.ok(
      !(JSON.parse(past.stdout) as Array<{ recurrenceId: string }>).some((r) => r.recurrenceId === id),
    );
  });

  it('recurring show prints the schedule, the next charge and the charges', async () => {
    const result = await payctl(['recurring', 'show', id]);
    assertExit(result, 0);
    assert.match(result.stdout, new RegExp(`^Recurrence ${id}\\n`));
    assert.match(result.stdout, /\n {2}status +active\n/);
    assert.match(result.stdout, /\n {2}provider +bigfish \(orchestrator-scheduled\)\n/);
    assert.match(result.stdout, /\n {2}schedule +every 1 minute, until canceled\n/);
    assert.match(result.stdout, /\n {2}next charge +#2 at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, 10\.00 EUR\n/);
    assert.match(result.stdout, new RegExp(`\\n +1 +0 +${id}-1 +paid +10\\.00 +\\d{4}-`));
    assert.equal(result.stderr, '');

    const json = await payctl(['recurring', 'show', id, '--json']);
    assertExit(json, 0);
    const view = JSON.parse(json.stdout) as RecurrenceView;
    assert.equal(view.recurrenceId, id);
    assert.equal(view.requestFingerprint, undefined, 'internal fields stay internal');
  });

  it('recurring move, reprice and cancel steer the schedule; a move into the past exits 1', async () => {
    const at = new Date(Date.now() + 30 * 60_000).toISOString();
    const move = await payctl(['recurring', 'move', id, '--at', at, '--idempotency-key', `mv-${id}`]);
    assertExit(move, 0);
    assert.match(move.stdout, new RegExp(`^move: recurrence ${id} is now active\\n`));
    assert.equal((await stack.payments.getRecurrence(id)).nextCharge?.expectedAt, at);

    const past = await payctl(['recurring', 'move', id, '--at', '2020-01-01T00:00:00Z']);
    assertExit(past, 1);
    assert.match(past.stderr, /^payctl: .*into the past/);
    assert.equal((await stack.payments.getRecurrence(id)).nextCharge?.expectedAt, at, 'nothing changed');

    const reprice = await payctl(['recurring', 'reprice', id, '--amount', '700', '--json']);
    assertExit(reprice, 0);
    const repriced = JSON.parse(reprice.stdout) as RecurrenceView;
    assert.deepEqual([repriced.amount, repriced.nextCharge?.amount], [700, 700]);

    const cancel = await payctl(['recurring', 'cancel', id, '--reason', 'customer asked']);
    assertExit(cancel, 0);
    assert.match(cancel.stdout, new RegExp(`^cancel: recurrence ${id} is now canceled\\n`));
    assert.match(cancel.stdout, /\n {2}next charge +none\n/);
    assert.equal((await stack.payments.getRecurrence(id)).status, 'canceled');

    const again = await payctl(['recurring', 'cancel', id]);
    assertExit(again, 1);
  });

  it('events redeliver sends the first payment’s event again and prints its delivery', async () => {
    const orderId = `${id}-1`;
    const payment = await stack.payments.getPayment(orderId);
    const event = payment.notifications.at(-1)?.event;
    assert.ok(event, 'the first payment notified the merchant');
    const before = received.filter((e) => e === event.id).length;

    const result = await payctl(['events', 'redeliver', orderId, event.id]);
    assertExit(result, 0);
    assert.match(
      result.stdout,
      new RegExp(`^redeliver: event ${event.id} of order ${orderId} is delivered\\n`),
    );
    assert.match(result.stdout, new RegExp(`\\n {2}type +${event.type.replace('.', '\\.')}\\n`));
    assert.ok(received.filter((e) => e === event.id).length > before, 'the receiver got it again');

    const json = await payctl(['events', 'redeliver', orderId, event.id, '--json']);
    assertExit(json, 0);
    const record = JSON.parse(json.stdout) as { event: { id: string }; delivery: string };
    assert.deepEqual([record.event.id, record.delivery], [event.id, 'delivered']);

    const unconfigured = await payctl(['events', 'redeliver', orderId, event.id], {
      MERCHANT_NOTIFICATION_URL: '',
    });
    assertExit(unconfigured, 1);
    assert.equal(unconfigured.stderr, 'payctl: merchant notifications are not configured\n');
  });
});

describe('payctl recurring errors', { timeout: 60_000 }, () => {
  it('an unknown recurrence exits 3', async () => {
    const id = `nope-${randomUUID().slice(0, 8)}`;
    const show = await payctl(['recurring', 'show', id]);
    assertExit(show, 3);
    assert.equal(show.stderr, `payctl: no recurrence ${id}\n`);
    assertExit(await payctl(['recurring', 'cancel', id]), 3);
  });
});
