/**
 * Validation runs in the real PaymentsClient, before it touches Temporal. These tests use the real
 * client over a Temporal `Client` that fails the test if anything reaches it, which proves both the
 * messages and that an invalid request never gets as far as Temporal.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@temporalio/client';
import { PaymentsClient } from '../../client/payments-client';
import { SANDBOX_CAPABILITIES } from './fakes';
import { PROBLEM_JSON, testGateway } from './harness';

const temporalMustNotBeCalled = new Proxy(
  {},
  {
    get(_target, property) {
      throw new Error(`Temporal was called (${String(property)}) for a request that should fail validation`);
    },
  },
) as unknown as Client;

const payments = new PaymentsClient({
  client: temporalMustNotBeCalled,
  taskQueue: 'payments',
  providers: new Map([['sandboxpay', { displayName: 'Sandbox Pay', capabilities: SANDBOX_CAPABILITIES }]]),
  gatewayPublicUrl: 'http://gateway.test',
  timeouts: {
    payerTimeoutMs: 1000,
    statusPollScheduleMs: [1000],
    redirectTimeoutMs: 1000,
    captureDeadlineMs: 1000,
    captureDeadlineAction: 'void',
    refundWindowMs: 1000,
  },
});

const VALID = {
  orderId: 'A-1001',
  provider: 'sandboxpay',
  amount: 23740,
  currency: 'USD',
  returnUrls: { success: 'https://shop.example/ok', failure: 'https://shop.example/ko' },
};

interface ValidationProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors: Array<{ field: string; message: string }>;
}

async function create(
  body: unknown,
): Promise<{ status: number; contentType: unknown; problem: ValidationProblem }> {
  const { app } = testGateway({ payments });
  const res = await app.inject({ method: 'POST', url: '/v1/payments', payload: body as object });
  return {
    status: res.statusCode,
    contentType: res.headers['content-type'],
    problem: res.json<ValidationProblem>(),
  };
}

function fields(problem: ValidationProblem): string[] {
  return problem.errors.map((e) => e.field).sort();
}

describe('REST API: validation problems from the real PaymentsClient', () => {
  it('names a missing returnUrls', async () => {
    const { returnUrls: _omitted, ...body } = VALID;
    const { status, contentType, problem } = await create(body);
    assert.equal(status, 422);
    assert.equal(contentType, PROBLEM_JSON);
    assert.equal(problem.type, 'https://payments.example/problems/validation');
    assert.equal(problem.title, 'Invalid request');
    assert.equal(problem.status, 422);
    assert.equal(problem.instance, '/v1/payments');
    assert.deepEqual(fields(problem), ['returnUrls']);
  });

  it('names a negative amount with the money rule', async () => {
    const { problem } = await create({ ...VALID, amount: -5 });
    assert.deepEqual(problem.errors, [{ field: 'amount', message: 'must not be negative' }]);
  });

  it('names a currency that is not ISO 4217', async () => {
    const { problem } = await create({ ...VALID, currency: 'XYZ1' });
    assert.deepEqual(fields(problem), ['currency']);
  });

  it('names every offending field at once, nested paths included', async () => {
    const { problem } = await create({
      ...VALID,
      amount: 1.5,
      returnUrls: { success: 'not a url', failure: 'https://shop.example/ko' },
      unexpected: true,
    });
    assert.deepEqual(fields(problem), ['(body)', 'amount', 'returnUrls.success']);
  });

  it('refuses a provider this deployment does not offer, listing those it does', async () => {
    const { status, problem } = await create({ ...VALID, provider: 'nopay' });
    assert.equal(status, 422);
    assert.deepEqual(problem.errors, [{ field: 'provider', message: 'must be one of: sandboxpay' }]);
  });

  it('refuses a currency the provider does not accept', async () => {
    const { problem } = await create({ ...VALID, currency: 'JPY' });
    assert.deepEqual(problem.errors, [{ field: 'currency', message: 'must be one of: USD, EUR' }]);
  });

  it('validates command bodies too (capture amount)', async () => {
    const { app } = testGateway({ payments });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/payments/A-1001/capture',
      payload: { amount: 0 },
    });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json<ValidationProblem>().errors, [
      { field: 'amount', message: 'must be greater than 0' },
    ]);
  });
});
