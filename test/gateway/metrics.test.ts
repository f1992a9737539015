import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { PaymentsError } from '../../client/errors';
import type { WebhookOutcome } from '../../providers/contract';
import { hasMetric, parsePrometheusText, sampleValue, type Sample } from '../support/prometheus-text';
import { ACK_REPLY, fakePayments, fakeWebhookHandler, REJECT_REPLY, SAMPLE_EVENT } from './fakes';
import { PROBLEM_JSON, testGateway } from './harness';

async function scrape(app: FastifyInstance, headers: Record<string, string> = {}): Promise<Sample[]> {
  const res = await app.inject({ method: 'GET', url: '/metrics', headers });
  assert.equal(res.statusCode, 200, res.body);
  return parsePrometheusText(res.body);
}

const EVENT: WebhookOutcome = { kind: 'event', paymentId: 'A-1', event: SAMPLE_EVENT, reply: ACK_REPLY };

describe('gateway metrics', () => {
  it('serves Prometheus text with the process metrics', async () => {
    const { app } = testGateway();
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const samples = parsePrometheusText(res.body);
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      assert.ok(hasMetric(samples, name), name);
    }
  });

  it('counts requests by method, route pattern and status code, with their latency', async () => {
    const { app } = testGateway();
    await app.inject({ method: 'GET', url: '/v1/payments/A-1' });
    await app.inject({ method: 'GET', url: '/v1/payments/A-2' });
    await app.inject({ method: 'GET', url: '/v1/payments/bad%20id' });
    await app.inject({ method: 'GET', url: '/no/such/page?secret=1' });
    const samples = await scrape(app);
    const count = (labels: Record<string, string>) =>
      sampleValue(samples, 'gateway_http_request_duration_seconds_count', labels);
    assert.equal(count({ method: 'GET', route: '/v1/payments/:orderId', status_code: '200' }), 2);
    assert.equal(count({ method: 'GET', route: '/v1/payments/:orderId', status_code: '422' }), 1);
    // Unmatched URLs share one label value, however many a scanner tries; the URL is never a label.
    assert.equal(count({ route: '(unmatched)', status_code: '404' }), 1);
    assert.ok(!samples.some((s) => Object.values(s.labels).some((v) => v.includes('secret'))));
    const bucket = sampleValue(samples, 'gateway_http_request_duration_seconds_bucket', {
      route: '/v1/payments/:orderId',
      status_code: '200',
      le: '+Inf',
    });
    assert.equal(bucket, 2);
  });

  it('counts webhook verifications by provider and result, and deliveries by outcome with their latency', async () => {
    const outcomes: Array<() => WebhookOutcome> = [
      () => EVENT,
      () => EVENT,
      () => EVENT,
      () => EVENT,
      () => ({ kind: 'ignored', reason: 'payout', reply: ACK_REPLY }),
      () => ({ kind: 'rejected', reason: 'bad signature', reply: REJECT_REPLY }),
      () => {
        throw new Error('parser bug');
      },
    ];
    const deliveries = ['delivered', 'payment_closed', 'unknown_payment', 'throw'] as const;
    let next = 0;
    let delivery = 0;
    const handler = fakeWebhookHandler(() => outcomes[next++]!());
    const { api } = fakePayments({
      deliverNotification: async () => {
        const d = deliveries[delivery++];
        if (d === 'throw') throw new PaymentsError('unavailable', 'Temporal is down');
        return d!;
      },
    });
    const { app } = testGateway({ payments: api, webhooks: new Map([['sandboxpay', handler]]) });
    for (let i = 0; i < outcomes.length; i++) {
      await app.inject({ method: 'POST', url: '/webhooks/sandboxpay', payload: 'x=1' });
    }

    const samples = await scrape(app);
    const verifications = (result: string) =>
      sampleValue(samples, 'gateway_webhook_verifications_total', { provider: 'sandboxpay', result });
    assert.deepEqual(
      ['event', 'ignored', 'rejected', 'error'].map(verifications),
      [4, 1, 1, 1],
      'verification results',
    );
    for (const outcome of ['delivered', 'payment_closed', 'unknown_payment', 'temporary_failure']) {
      const labels = { provider: 'sandboxpay', outcome };
      assert.equal(sampleValue(samples, 'gateway_webhook_deliveries_total', labels), 1, outcome);
      assert.equal(sampleValue(samples, 'gateway_signal_duration_seconds_count', labels), 1, outcome);
    }
    // The failed signal was Temporal's fault: it counts as a Temporal call error too.
    assert.equal(
      sampleValue(samples, 'gateway_temporal_call_errors_total', {
        operation: 'deliverNotification',
        reason: 'unavailable',
      }),
      1,
    );
  });

  it('counts Temporal call errors by operation, but not answers such as not-found or validation', async () => {
    let call = 0;
    const failures = [
      new PaymentsError('unavailable', 'Temporal is down'),
      new PaymentsError('not_found', 'no payment'),
      new PaymentsError('validation', 'bad'),
      new Error('a bug'),
    ];
    const { api } = fakePayments({
      getPayment: async () => {
        throw failures[call++];
      },
    });
    const { app } = testGateway({ payments: api });
    const statuses = [];
    for (let i = 0; i < failures.length; i++) {
      statuses.push((await app.inject({ method: 'GET', url: '/v1/payments/A-1' })).statusCode);
    }
    assert.deepEqual(statuses, [503, 404, 422, 500]);
    const samples = await scrape(app);
    const errors = (reason: string) =>
      sampleValue(samples, 'gateway_temporal_call_errors_total', { operation: 'getPayment', reason });
    assert.equal(errors('unavailable'), 1);
    assert.equal(errors('unexpected'), 1);
    assert.equal(sampleValue(samples, 'gateway_temporal_call_errors_total'), 2);
  });

  it('keeps each gateway instance to its own registry', async () => {
    const first = testGateway();
    const second = testGateway();
    await first.app.inject({ method: 'GET', url: '/v1/payment-methods' });
    const route = { route: '/v1/payment-methods' };
    assert.equal(
      sampleValue(await scrape(first.app), 'gateway_http_request_duration_seconds_count', route),
      1,
    );
    assert.equal(
      sampleValue(await scrape(second.app), 'gateway_http_request_duration_seconds_count', route),
      0,
    );
  });

  it('requires GATEWAY_METRICS_TOKEN as a Bearer token when one is configured', async () => {
    const token = 'm'.repeat(40);
    const { app } = testGateway({ metricsToken: token });
    const missing = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(missing.statusCode, 401);
    assert.equal(missing.headers['content-type'], PROBLEM_JSON);
    assert.equal(missing.headers['www-authenticate'], 'Bearer realm="metrics"');
    const wrong = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${'x'.repeat(40)}` },
    });
    assert.equal(wrong.statusCode, 401);
    const samples = await scrape(app, { authorization: `Bearer ${token}` });
    assert.ok(hasMetric(samples, 'process_cpu_user_seconds_total'));
  });
});
