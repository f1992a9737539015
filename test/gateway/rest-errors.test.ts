import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PaymentsError, type PaymentsErrorCode } from '../../client/errors';
import { fakePayments } from './fakes';
import { BODY_LIMIT, PROBLEM_JSON, testGateway } from './harness';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: unknown;
}

const BASE = 'https://payments.example/problems/';

describe('REST API: errors as RFC 9457 problem details', () => {
  const mapping: Array<[PaymentsErrorCode, number, string]> = [
    ['validation', 422, 'validation'],
    ['conflict', 409, 'conflict'],
    ['not_found', 404, 'not-found'],
    ['provider_declined', 422, 'provider-declined'],
    ['provider_unavailable', 502, 'provider-unavailable'],
    ['unavailable', 503, 'unavailable'],
  ];
  for (const [code, status, type] of mapping) {
    it(`maps PaymentsError ${code} to ${status} ${type}`, async () => {
      const { api } = fakePayments({
        getPayment: async () => {
          throw new PaymentsError(code, `the ${code} message`);
        },
      });
      const { app } = testGateway({ payments: api });
      const res = await app.inject({
        method: 'GET',
        url: '/v1/payments/A-1?verbose=1',
        headers: { 'x-request-id': 'r1' },
      });
      assert.equal(res.statusCode, status);
      assert.equal(res.headers['content-type'], PROBLEM_JSON);
      const problem = res.json<Problem>();
      assert.equal(problem.type, BASE + type);
      assert.equal(problem.status, status);
      assert.equal(problem.detail, `the ${code} message`);
      assert.equal(problem.instance, '/v1/payments/A-1');
      assert.equal(problem.requestId, 'r1');
      assert.equal(typeof problem.title, 'string');
      assert.equal(res.headers['retry-after'], status === 503 ? '5' : undefined);
    });
  }

  it('answers an unexpected error with a generic 500 and logs the error', async () => {
    const { api } = fakePayments({
      getPayment: async () => {
        throw new TypeError('internal detail that must not leak');
      },
    });
    const { app, logs } = testGateway({ payments: api });
    const res = await app.inject({ method: 'GET', url: '/v1/payments/A-1' });
    assert.equal(res.statusCode, 500);
    const problem = res.json<Problem>();
    assert.equal(problem.type, BASE + 'internal');
    assert.doesNotMatch(res.body, /internal detail/);
    const logged = logs().find((line) => line.level === 50);
    assert.match(JSON.stringify(logged?.err), /internal detail that must not leak/);
  });

  it('answers malformed JSON with 400', async () => {
    const { app } = testGateway();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/payments',
      headers: { 'content-type': 'application/json' },
      payload: '{"orderId": "A-1",',
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers['content-type'], PROBLEM_JSON);
    const problem = res.json<Problem>();
    assert.equal(problem.type, BASE + 'malformed-request');
    assert.equal(problem.detail, 'the request body is not valid JSON');
  });

  it('refuses prototype poisoning in JSON bodies', async () => {
    const { api, calls } = fakePayments();
    const { app } = testGateway({ payments: api });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/payments',
      headers: { 'content-type': 'application/json' },
      payload: '{"orderId": "A-1", "__proto__": {"admin": true}}',
    });
    assert.equal(res.statusCode, 400);
    assert.equal(calls.length, 0);
  });

  it('answers a body over the limit with 413', async () => {
    const { app } = testGateway();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/payments',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ description: 'x'.repeat(BODY_LIMIT) }),
    });
    assert.equal(res.statusCode, 413);
    const problem = res.json<Problem>();
    assert.equal(problem.type, BASE + 'payload-too-large');
    assert.match(problem.detail, new RegExp(`${BODY_LIMIT} bytes`));
  });

  it('answers a body that is not JSON with 415, text/plain and forms included', async () => {
    const { app } = testGateway();
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/payments',
        headers: { 'content-type': contentType },
        payload: 'orderId=A-1',
      });
      assert.equal(res.statusCode, 415, contentType);
      assert.equal(res.json<Problem>().type, BASE + 'unsupported-media-type');
    }
  });

  it('answers an unknown route with a 404 problem', async () => {
    const { app } = testGateway();
    const res = await app.inject({ method: 'GET', url: '/v1/nothing-here' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.headers['content-type'], PROBLEM_JSON);
    assert.equal(res.json<Problem>().type, BASE + 'not-found');
  });

  it('answers a malformed URL with a 400 problem', async () => {
    const { app } = testGateway();
    const res = await app.inject({ method: 'GET', url: '/v1/payments/%E0%A4%A' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers['content-type'], PROBLEM_JSON);
  });
});
