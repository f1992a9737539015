/**
 * The worker is SIGKILLed while a capture is in flight and a new worker process takes over: the
 * payment completes, and the provider's ledger shows exactly one capture.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { assistProvider } from '../../providers/assist';
import { TEST_ENCRYPTION_ENV } from '../support/encryption';
import { connectTestTemporal, type TestTemporal } from '../support/temporal';
import { startStack, type Stack } from '../support/stack';
import { waitForPayment } from '../support/wait';

const ROOT = resolve(__dirname, '../..');
let temporal: TestTemporal;
let stack: Stack;

before(async () => {
  temporal = await connectTestTemporal();
  stack = await startStack(temporal, { provider: assistProvider, inProcessWorker: false });
});
after(async () => {
  await stack?.close();
  await temporal?.close();
});

/** worker/main.ts as its own process, configured like production but pointed at the test sandbox. */
function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'worker/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: stack.taskQueue,
      PROVIDERS: assistProvider.name,
      PROVIDER_MODE: 'sandbox',
      SANDBOX_BASE_PORT: String(stack.sandboxPort),
      LOG_LEVEL: 'warn',
      ...TEST_ENCRYPTION_ENV,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

it(
  'a capture interrupted by a killed worker completes once after restart',
  { timeout: 120_000 },
  async () => {
    let worker = startWorkerProcess();
    try {
      const orderId = `crash-${randomUUID().slice(0, 12)}`;
      const created = await stack.payments.createPayment({
        orderId,
        provider: assistProvider.name,
        amount: 12_000,
        currency: 'USD',
        captureMode: 'two_stage',
        returnUrls: { success: 'https://merchant.example/ok', failure: 'https://merchant.example/fail' },
      });
      await stack.sandbox.actAsPayer(created.redirect!, 'approve');
      await waitForPayment(stack.payments, orderId, (p) => p.status === 'authorized', { timeoutMs: 30_000 });

      // Slow the provider down so the capture is still in flight when the worker dies.
      stack.sandbox.setFaults({ latencyMs: 2_000 });
      const capture = stack.payments.capture(orderId, {}, `capture-${orderId}`);
      await new Promise((r) => setTimeout(r, 1_000));
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('exit', r));
      stack.sandbox.setFaults({ latencyMs: 0 });

      worker = startWorkerProcess();
      const captured = await capture;
      assert.equal(captured.status, 'captured');
      assert.equal(captured.capturedAmount, 12_000);
      const captures = stack.sandbox.ledger().filter((e) => e.paymentId === orderId && e.kind === 'capture');
      assert.equal(captures.length, 1, 'the provider moved the money once');
    } finally {
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
    }
  },
);
