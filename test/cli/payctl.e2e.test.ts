/**
 * payctl as an operator runs it: a child process configured by environment variables like the worker
 * and the gateway, against the real Temporal server, steering a payment the in-process stack (Assist
 * sandbox, gateway, worker) created and authorized. Exit codes and output are the contract under test.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { assistProvider } from '../../providers/assist';
import { findFreePort } from '../../scripts/dev-server';
import { startStack, type Stack } from '../support/stack';
import { connectTestTemporal, type TestTemporal } from '../support/temporal';
import { waitForPayment } from '../support/wait';
import { assertExit, runPayctl, stackEnv as childStackEnv, type Result } from './child-process';

let temporal: TestTemporal;
let stack: Stack;

before(async () => {
  temporal = await connectTestTemporal();
  stack = await startStack(temporal, { provider: assistProvider });
});
after(async () => {
  await stack?.close();
  await temporal?.close();
});

/** The configuration the worker of this stack would have, as payctl reads it: environment variables only. */
function stackEnv(): Record<string, string> {
  return childStackEnv(temporal, stack, assistProvider.name);
}

function payctl(args: string[], env: Record<string, string> = stackEnv(), entry?: string): Promise<Result> {
  return runPayctl(args, env, entry);
}

describe('payctl against a running payment', { timeout: 180_000 }, () => {
  const orderId = `cli-${randomUUID().slice(0, 12)}`;

  before(async () => {
    const created = await stack.payments.createPayment({
      orderId,
      provider: assistProvider.name,
      amount: 4_200,
      currency: 'USD',
      captureMode: 'two_stage',
      returnUrls: { success: 'https://merchant.example/ok', failure: 'https://merchant.example/fail' },
    });
    await stack.sandbox.actAsPayer(created.redirect!, 'approve');
    await waitForPayment(stack.payments, orderId, (p) => p.status === 'authorized', { timeoutMs: 30_000 });
  });

  it('payments list --status authorized --json finds it (visibility catches up within seconds)', async () => {
    const args = ['payments', 'list', '--status', 'authorized', '--provider', 'assist', '--since', '10m'];
    const deadline = Date.now() + 15_000;
    let found: Record<string, unknown> | undefined;
    for (;;) {
      const result = await payctl([...args, '--limit', '1000', '--json']);
      assertExit(result, 0);
      const list = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
      found = list.find((p) => p.orderId === orderId);
      if (found || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    assert.deepEqual(
      { ...found, startedAt: typeof found?.startedAt },
      {
        orderId,
        status: 'authorized',
        provider: 'assist',
        amount: 4_200,
        currency: 'USD',
        startedAt: 'string',
        open: true,
      },
    );

    const table = await payctl([...args, '--limit', '1000']);
    assertExit(table, 0);
    assert.match(table.stdout, /^ORDER +STATUS +PROVIDER +AMOUNT +CURRENCY +STARTED \(UTC\) +WORKFLOW\n/);
    assert.match(
      table.stdout,
      new RegExp(
        `\\n${orderId} +authorized +assist +42\\.00 +USD +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +open\\n`,
      ),
    );
  });

  it('payments show prints the state, the operations and the timeline', async () => {
    const result = await payctl(['payments', 'show', orderId]);
    assertExit(result, 0);
    assert.match(result.stdout, new RegExp(`^Payment ${orderId}\\n`));
    assert.match(result.stdout, /\n {2}status +authorized\n/);
    assert.match(result.stdout, /\n {2}authorized +42\.00 USD\n/);
    assert.match(result.stdout, /\nOperations\n {2}ID +KIND +STATUS +AMOUNT \(USD\)/);
    assert.match(result.stdout, /\nTimeline\n[\s\S]* authorized +/);
    assert.equal(result.stderr, '');
  });

  it('a capture above the authorization is refused: exit 1 with the reason, nothing captured', async () => {
    const result = await payctl(['payments', 'capture', orderId, '--amount', '999999']);
    assertExit(result, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, 'payctl: cannot capture 9999.99 USD: only 42.00 USD remains authorized\n');

    const json = await payctl(['payments', 'capture', orderId, '--amount', '999999', '--json']);
    assertExit(json, 1);
    assert.deepEqual(JSON.parse(json.stderr), {
      error: {
        code: 'validation',
        message: 'cannot capture 9999.99 USD: only 42.00 USD remains authorized',
        exitCode: 1,
      },
    });
    assert.equal((await stack.payments.getPayment(orderId)).capturedAmount, 0);
  });

  it('payments capture --amount, then refund, move the money and say where the payment stands', async () => {
    const capture = await payctl([
      'payments',
      'capture',
      orderId,
      '--amount',
      '1500',
      '--idempotency-key',
      `cap-${orderId}`,
    ]);
    assertExit(capture, 0);
    assert.match(capture.stdout, new RegExp(`^capture: order ${orderId} is now partially_captured\\n`));
    assert.match(capture.stdout, /\n {2}operation +capture-1 · succeeded · 15\.00 USD/);
    assert.match(capture.stdout, /\n {2}captured +15\.00 USD\n/);

    const refund = await payctl([
      'payments',
      'refund',
      orderId,
      '--refund-id',
      'rf-1',
      '--amount',
      '500',
      '--json',
    ]);
    assertExit(refund, 0);
    const view = JSON.parse(refund.stdout);
    assert.equal(view.status, 'partially_refunded');
    assert.deepEqual([view.capturedAmount, view.refundedAmount], [1_500, 500]);
    assert.equal(view.requestFingerprint, undefined);

    const ledger = stack.sandbox.ledger().filter((e) => e.paymentId === orderId);
    assert.deepEqual(
      ledger.filter((e) => e.kind === 'capture' || e.kind === 'refund').map((e) => e.kind),
      ['capture', 'refund'],
      'the provider saw one capture and one refund',
    );
  });
});

describe('payctl errors', { timeout: 120_000 }, () => {
  it('an unknown order exits 3', async () => {
    const orderId = `nope-${randomUUID().slice(0, 8)}`;
    const show = await payctl(['payments', 'show', orderId]);
    assertExit(show, 3);
    assert.equal(show.stderr, `payctl: no payment for order ${orderId}\n`);
    assertExit(await payctl(['payments', 'capture', orderId]), 3);
  });

  it('a bad flag exits 2 without connecting, also from the bin launcher', async () => {
    const result = await payctl(['payments', 'show', 'A1', '--bogus'], {});
    assertExit(result, 2);
    assert.equal(result.stderr, "payctl: unknown option --bogus (see 'payctl payments show --help')\n");
    const help = await payctl(['--help'], {}, 'bin/payctl.js');
    assertExit(help, 0);
    assert.match(help.stdout, /Exit codes:/);
  });

  it('a configuration error exits 2 with the message naming the variable', async () => {
    const { PAYLOAD_ENCRYPTION_KEYS: _unset, ...withoutKeys } = stackEnv();
    const result = await payctl(['payments', 'show', 'A1'], {
      ...withoutKeys,
      PAYLOAD_ENCRYPTION_KEY_ID: '',
    });
    assertExit(result, 2);
    assert.match(result.stderr, /^payctl: invalid configuration:\n {2}PAYLOAD_ENCRYPTION_KEYS: not set/);
  });

  it('an unreachable Temporal exits 4', async () => {
    const port = await findFreePort(); // free, so nothing answers there
    const result = await payctl(['payments', 'list'], {
      ...stackEnv(),
      TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
    });
    assertExit(result, 4);
    assert.match(result.stderr, new RegExp(`^payctl: cannot reach Temporal at 127\\.0\\.0\\.1:${port}: `));
  });
});
