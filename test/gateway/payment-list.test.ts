import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@temporalio/client';
import type { PaymentSummary } from '../../client/payment-search';
import { PaymentsClient } from '../../client/payments-client';
import { TEST_TIMEOUTS } from '../support/stack';
import { fakePayments } from './fakes';
import { PROBLEM_JSON, testGateway } from './harness';

const SUMMARY: PaymentSummary = {
  orderId: 'A-1',
  status: 'authorized',
  provider: 'sandboxpay',
  amount: 23740,
  currency: 'USD',
  startedAt: '2024-01-01T00:00:00.000Z',
  open: true,
};

describe('GET /v1/payments', () => {
  it('passes the query to listPayments and answers the matches', async () => {
    const { api, calls } = fakePayments({ listPayments: async () => [SUMMARY] });
    const { app } = testGateway({ payments: api });
    const res = await app.inject({ method: 'GET', url: '/v1/payments?status=authorized&limit=5' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { payments: [SUMMARY] });
    const [query] = calls.find((c) => c.method === 'listPayments')?.args ?? [];
    // Fastify's query object has no prototype; compare its contents.
    assert.deepEqual({ ...(query as object) }, { status: 'authorized', limit: '5' });
  });

  it("refuses a bad filter with PaymentsClient's own validation, naming the parameter", async () => {
    // The filter is validated before Temporal is asked anything, so no client is needed.
    const payments = new PaymentsClient({
      client: {} as Client,
      taskQueue: 'unused',
      providers: new Map(),
      gatewayPublicUrl: 'http://127.0.0.1',
      timeouts: TEST_TIMEOUTS,
    });
    const { app } = testGateway({ payments });
    for (const [query, field] of [
      ['status=bogus', 'status'],
      ['since=yesterday', 'since'],
      ['limit=0', 'limit'],
      ['orderBy=amount', '(body)'],
    ]) {
      const res = await app.inject({ method: 'GET', url: `/v1/payments?${query}` });
      assert.equal(res.statusCode, 422, query);
      assert.equal(res.headers['content-type'], PROBLEM_JSON);
      assert.ok(
        (res.json() as { errors: Array<{ field: string }> }).errors.some((e) => e.field === field),
        `${query}: ${res.body}`,
      );
    }
  });
});
