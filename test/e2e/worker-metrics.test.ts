/**
 * Metrics as Prometheus scrapes them: worker/main.ts runs as its own process with
 * WORKER_METRICS_ADDRESS on a free port, a payment goes through create → payer → notification, and
 * then both endpoints are scraped: the worker's Temporal Runtime (SDK metrics and our provider call
 * counters) and the gateway's /metrics (webhook verification, delivery and signal latency).
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { assistProvider } from '../../providers/assist';
import { findFreePort } from '../../scripts/dev-server';
import { TEST_ENCRYPTION_ENV } from '../support/encryption';
import { parsePrometheusText, sampleValue, type Sample } from '../support/prometheus-text';
import { startStack, type Stack } from '../support/stack';
import { connectTestTemporal, type TestTemporal } from '../support/temporal';
import { waitForPayment } from '../support/wait';

const ROOT = resolve(__dirname, '../..');
let temporal: TestTemporal;
let stack: Stack;
let worker: ChildProcess | undefined;
let metricsUrl: string;

before(async () => {
  temporal = await connectTestTemporal();
  stack = await startStack(temporal, { provider: assistProvider, inProcessWorker: false });
  const metricsAddress = `127.0.0.1:${await findFreePort()}`;
  metricsUrl = `http://${metricsAddress}/metrics`;
  worker = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'worker/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: stack.taskQueue,
      PROVIDERS: assistProvider.name,
      PROVIDER_MODE: 'sandbox',
      SANDBOX_BASE_PORT: String(stack.sandboxPort),
      WORKER_METRICS_ADDRESS: metricsAddress,
      LOG_LEVEL: 'warn',
      ...TEST_ENCRYPTION_ENV,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
});

after(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((done) => worker?.once('exit', done));
    worker.kill('SIGTERM');
    await exited;
  }
  await stack?.close();
  await temporal?.close();
});

async function scrape(url: string): Promise<Sample[]> {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  return parsePrometheusText(await res.text());
}

/** The worker counts a provider call when its activity completes, just before the workflow sees the result. */
async function scrapeUntil(url: string, done: (samples: Sample[]) => boolean): Promise<Sample[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const samples = await scrape(url);
    if (done(samples) || Date.now() > deadline) return samples;
    await new Promise((r) => setTimeout(r, 250));
  }
}

it('serves worker and gateway metrics for a payment that went through', { timeout: 120_000 }, async () => {
  const orderId = `metrics-${randomUUID().slice(0, 12)}`;
  const created = await stack.payments.createPayment({
    orderId,
    provider: assistProvider.name,
    amount: 5_000,
    currency: 'USD',
    captureMode: 'two_stage',
    returnUrls: { success: 'https://merchant.example/ok', failure: 'https://merchant.example/fail' },
  });
  await stack.sandbox.actAsPayer(created.redirect!, 'approve');
  await waitForPayment(stack.payments, orderId, (p) => p.status === 'authorized', { timeoutMs: 30_000 });

  const providerCalls = { provider: 'assist', outcome: 'success', activityType: 'createAtProvider' };
  const worker = await scrapeUntil(
    metricsUrl,
    (s) => sampleValue(s, 'payments_provider_calls_total', providerCalls) >= 1,
  );
  assert.ok(sampleValue(worker, 'payments_provider_calls_total', providerCalls) >= 1, 'provider calls');
  assert.ok(
    sampleValue(worker, 'payments_provider_call_duration_seconds_count', providerCalls) >= 1,
    'provider call duration',
  );
  // The SDK's own metrics, with the prefix and suffixes worker/runtime-telemetry.ts configures.
  assert.ok(sampleValue(worker, 'temporal_activity_execution_latency_seconds_count') >= 1);
  assert.ok(sampleValue(worker, 'temporal_workflow_task_execution_latency_seconds_count') >= 1);
  assert.ok(sampleValue(worker, 'temporal_num_pollers', { task_queue: stack.taskQueue }) >= 1);

  const gateway = await scrape(`${stack.gatewayUrl}/metrics`);
  const assist = { provider: 'assist' };
  assert.ok(sampleValue(gateway, 'gateway_webhook_verifications_total', { ...assist, result: 'event' }) >= 1);
  assert.ok(
    sampleValue(gateway, 'gateway_webhook_deliveries_total', { ...assist, outcome: 'delivered' }) >= 1,
  );
  assert.ok(
    sampleValue(gateway, 'gateway_signal_duration_seconds_count', { ...assist, outcome: 'delivered' }) >= 1,
  );
  assert.ok(
    sampleValue(gateway, 'gateway_http_request_duration_seconds_count', { route: '/webhooks/:provider' }) >=
      1,
  );
});
