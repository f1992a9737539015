import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fakePayments } from './fakes';
import { PROBLEM_JSON, testGateway } from './harness';

const CREATE_BODY = {
  orderId: 'A-1001',
  provider: 'sandboxpay',
  amount: 23740,
  currency: 'USD',
  returnUrls: { success: 'https://shop.example/ok', failure: 'https://shop.example/ko' },
};

describe('REST API: payments', () => {
  it('creates a payment: 201, Location, and the view without its internal fingerprint', async () => {
    const { api, calls } = fakePayments();
    const { app } = testGateway({ payments: api });
    const res = await app.inject({ method: 'POST', url: '/v1/payments', payload: CREATE_BODY });
    assert.equal(res.statusCode, 201);
    assert.equal(res.headers.location, '/v1/payments/A-1001');
    const body = res.json<Record<string, unknown>>();
    assert.equal(body.paymentId, 'A-1001');
    assert.deepEqual(body.redirect, {
      method: 'POST',
      url: 'https://pay.example/form',
      fields: { order: 'A-1001' },
    });
    assert.equal('requestFingerprint' in body, false);
    assert.deepEqual(calls, [{ method: 'createPayment', args: [CREATE_BODY] }]);
  });

  it('accepts an Idempotency-Key equal to the order id, bare or quoted', async () => {
    const { app } = testGateway();
    for (const key of ['A-1001', '"A-1001"']) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/payments',
        headers: { 'idempotency-key': key },
        payload: CREATE_BODY,
      });
      assert.equal(res.statusCode, 201, key);
    }
  });

  it('refuses an Idempotency-Key that differs from the order id, naming the header', async () => {
    const { api, calls } = fakePayments();
    const { app } = testGateway({ payments: api });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/payments',
      headers: { 'idempotency-key': 'something-else' },
      payload: CREATE_BODY,
    });
    assert.equal(res.statusCode, 422);
    assert.equal(res.headers['content-type'], PROBLEM_JSON);
    const problem = res.json<{
      type: string;
      detail: string;
      errors: Array<{ field: string; message: string }>;
    }>();
    assert.equal(problem.type, 'https://payments.example/problems/validation');
    assert.match(problem.detail, /order id is the idempotency key/);
    assert.deepEqual(
      problem.errors.map((e) => e.field),
      ['Idempotency-Key'],
    );
    assert.equal(calls.length, 0);
  });

  it('reads a payment', async () => {
    const { api, calls } = fakePayments();
    const { app } = testGateway({ payments: api });
    const res = await app.inject({ method: 'GET', url: '/v1/payments/A-1001' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json<{ paymentId: string }>().paymentId, 'A-1001');
    assert.equal('requestFingerprint' in res.json<object>(), false);
    assert.deepEqual(calls, [{ method: 'getPayment', args: ['A-1001'] }]);
  });

  it('refuses an order id outside the allowed pattern before calling anything', async () => {
    const { api, calls } = fakePayments();
    const { app } = testGateway({ payments: api });
    const res = await app.inject({ method: 'GET', url: '/v1/payments/has%20space' });
    assert.equal(res.statusCode, 422);
    const problem = res.json<{ errors: Array<{ field: string }>; instance: string }>();
    assert.deepEqual(
      problem.errors.map((e) => e.field),
      ['orderId'],
    );
    assert.equal(problem.instance, '/v1/payments/has%20space');
    assert.equal(calls.length, 0);
  });

  it('captures with the Idempotency-Key as the command key', async () => {
    const { api, calls } = fakePayments();
    const { app } = testGateway({ payments: api });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/payments/A-1001/capture',
      headers: { 'idempotency-key': 'cap-1' },
      payload: { amount: 1000 },
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(calls, [{ method: 'capture', args: ['A-1001', { amount: 1000 }, 'cap-1'] }]);
  });

  it('captures everything when there is no body at all', async () => {
    const { api, calls } = fakePayments();
    const { app } = testGateway({ payments: api });
    const res = await app.inject({ method: 'POST', url: '/v1/payments/A-1001/capture' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(calls, [{ method: 'capture', args: ['A-1001', {}, undefined] }]);
  });

  it('voids, accepting an empty JSON body, and refuses options it does not have', async () => {
    const { api, calls } = fakePayments();
    const { app } = testGateway({ payments: api });
    const ok = await app.inject({
      method: 'POST',
      url: '/v1/payments/A-1001/void',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'void-1' },
      payload: '',
    });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(calls, [{ method: 'void', args: ['A-1001', 'void-1'] }]);

    const refused = await app.inject({
      method: 'POST',
      url: '/v1/payments/A-1001/void',
      payload: { amount: 5 },
    });
    assert.equal(refused.statusCode, 422);
    assert.equal(calls.length, 1);
  });

  it('refunds with the body refundId, or with the Idempotency-Key standing in for it', async () => {
    const { api, calls } = fakePayments();
    const { app } = testGateway({ payments: api });
    await app.inject({ method: 'POST', url: '/v1/payments/A-1001/refunds', payload: { refundId: 'r-1' } });
    await app.inject({
      method: 'POST',
      url: '/v1/payments/A-1001/refunds',
      headers: { 'idempotency-key': 'r-2' },
      payload: { amount: 500 },
    });
    await app.inject({
      method: 'POST',
      url: '/v1/payments/A-1001/refunds',
      headers: { 'idempotency-key': 'r-3' },
    });
    assert.deepEqual(calls, [
      { method: 'refund', args: ['A-1001', { refundId: 'r-1' }] },
      { method: 'refund', args: ['A-1001', { amount: 500, refundId: 'r-2' }] },
      { method: 'refund', args: ['A-1001', { refundId: 'r-3' }] },
    ]);
  });

  it('refuses a refund whose Idempotency-Key contradicts refundId, or cannot serve as one', async () => {
    const { api, calls } = fakePayments();
    const { app } = testGateway({ payments: api });
    const contradicting = await app.inject({
      method: 'POST',
      url: '/v1/payments/A-1001/refunds',
      headers: { 'idempotency-key': 'r-2' },
      payload: { refundId: 'r-1' },
    });
    assert.equal(contradicting.statusCode, 422);
    const unusable = await app.inject({
      method: 'POST',
      url: '/v1/payments/A-1001/refunds',
      headers: { 'idempotency-key': 'has.dot' },
    });
    assert.equal(unusable.statusCode, 422);
    assert.deepEqual(
      unusable.json<{ errors: Array<{ field: string }> }>().errors.map((e) => e.field),
      ['Idempotency-Key'],
    );
    assert.equal(calls.length, 0);
  });

  it('cancels and resolves, passing the body through', async () => {
    const { api, calls } = fakePayments();
    const { app } = testGateway({ payments: api });
    const resolution = {
      status: 'captured',
      authorizedAmount: 100,
      capturedAmount: 100,
      refundedAmount: 0,
      note: 'checked the provider back office',
    };
    assert.equal((await app.inject({ method: 'POST', url: '/v1/payments/A-1001/cancel' })).statusCode, 200);
    assert.equal(
      (await app.inject({ method: 'POST', url: '/v1/payments/A-1001/resolve', payload: resolution }))
        .statusCode,
      200,
    );
    assert.deepEqual(calls, [
      { method: 'cancel', args: ['A-1001', {}] },
      { method: 'resolve', args: ['A-1001', resolution] },
    ]);
  });

  it('lists payment methods with their capabilities', async () => {
    const { app } = testGateway();
    const res = await app.inject({ method: 'GET', url: '/v1/payment-methods' });
    assert.equal(res.statusCode, 200);
    const { paymentMethods } = res.json<{ paymentMethods: Array<{ name: string; displayName: string }> }>();
    assert.deepEqual(
      paymentMethods.map((m) => [m.name, m.displayName]),
      [['sandboxpay', 'Sandbox Pay']],
    );
  });

  it('keeps a plain upstream request id and replaces anything else', async () => {
    const { app } = testGateway();
    const kept = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'lb-123' } });
    assert.equal(kept.headers['x-request-id'], 'lb-123');
    const replaced = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'a b\nc' },
    });
    assert.match(String(replaced.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  it('logs one line per request with id, route pattern, status and latency, never the body', async () => {
    const { app, logs, rawLogs } = testGateway();
    await app.inject({
      method: 'POST',
      url: '/v1/payments',
      headers: { 'x-request-id': 'req-42' },
      payload: { ...CREATE_BODY, customer: { email: 'payer@example.com' } },
    });
    const completed = logs().filter((line) => line.msg === 'request completed');
    assert.equal(completed.length, 1);
    const [line] = completed;
    assert.equal(line?.reqId, 'req-42');
    assert.equal(line?.route, '/v1/payments');
    assert.equal(line?.status, 201);
    assert.equal(typeof line?.latencyMs, 'number');
    assert.doesNotMatch(rawLogs(), /payer@example\.com|shop\.example/);
  });
});
