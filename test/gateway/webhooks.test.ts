import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PaymentsError } from '../../client/errors';
import type { WebhookOutcome } from '../../providers/contract';
import {
  ACK_REPLY,
  fakePayments,
  fakeWebhookHandler,
  REJECT_REPLY,
  SAMPLE_EVENT,
  TEMPORARY_FAILURE_REPLY,
} from './fakes';
import { BODY_LIMIT, PROBLEM_JSON, testGateway } from './harness';

const EVENT: WebhookOutcome = { kind: 'event', paymentId: 'A-1001', event: SAMPLE_EVENT, reply: ACK_REPLY };

function setup(decide: () => WebhookOutcome, overrides: Parameters<typeof fakePayments>[0] = {}) {
  const handler = fakeWebhookHandler(decide);
  const { api, calls } = fakePayments(overrides);
  const gateway = testGateway({ payments: api, webhooks: new Map([['sandboxpay', handler]]) });
  return { ...gateway, handler, calls };
}

describe('webhooks', () => {
  it('hands the handler the raw bytes of a form body, unchanged, with query, headers and source', async () => {
    const { app, handler } = setup(() => EVENT);
    // Order, encoding and the duplicate key must survive: a signature covers exactly these bytes.
    const form = 'b=2&a=%C3%A9t%C3%A9+1&a=dup&checkvalue=ABC%3D%3D';
    await app.inject({
      method: 'POST',
      url: '/webhooks/sandboxpay?mode=test&mode=again',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-signature': 'sig' },
      payload: form,
      remoteAddress: '203.0.113.7',
    });
    const [received] = handler.received;
    assert.ok(received);
    assert.ok(Buffer.isBuffer(received.rawBody));
    assert.equal(received.rawBody.toString('latin1'), form);
    assert.deepEqual(received.query, { mode: 'test' });
    assert.equal(received.headers['x-signature'], 'sig');
    assert.equal(received.sourceIp, '203.0.113.7');
  });

  it('does not parse JSON or XML: the exact bytes reach the handler', async () => {
    const { app, handler } = setup(() => EVENT);
    const bodies: Array<[string, Buffer]> = [
      ['application/json', Buffer.from('{ "b":1,  "a" : "x\\u00e9",\n"a":2 }')],
      ['application/json; charset=utf-8', Buffer.from('{"not": "closed"')],
      ['text/xml', Buffer.from('<?xml version="1.0"?><r><a>1</a></r>')],
      ['application/octet-stream', Buffer.from([0, 255, 1, 254])],
    ];
    for (const [contentType, bytes] of bodies) {
      const res = await app.inject({
        method: 'POST',
        url: '/webhooks/sandboxpay',
        headers: { 'content-type': contentType },
        payload: bytes,
      });
      assert.equal(res.statusCode, 200, contentType);
    }
    assert.deepEqual(
      handler.received.map((r) => r.rawBody),
      bodies.map(([, bytes]) => bytes),
    );
  });

  it('accepts a body without a content type, and no body at all', async () => {
    const { app, handler } = setup(() => EVENT);
    await app.inject({ method: 'POST', url: '/webhooks/sandboxpay', payload: 'raw' });
    await app.inject({ method: 'POST', url: '/webhooks/sandboxpay' });
    assert.deepEqual(
      handler.received.map((r) => r.rawBody.toString()),
      ['raw', ''],
    );
  });

  it('delivers a verified event, then answers with the handler reply', async () => {
    const { app, calls } = setup(() => EVENT);
    const res = await app.inject({ method: 'POST', url: '/webhooks/sandboxpay', payload: 'x' });
    assert.deepEqual(calls, [{ method: 'deliverNotification', args: ['A-1001', SAMPLE_EVENT] }]);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/xml');
    assert.equal(res.body, '<ack/>');
  });

  it('acknowledges only after the signal was accepted', async () => {
    let accept: (value: 'delivered') => void = () => {};
    const { app } = setup(() => EVENT, {
      deliverNotification: () => new Promise((resolve) => (accept = resolve)),
    });
    let answered = false;
    const response = app.inject({ method: 'POST', url: '/webhooks/sandboxpay', payload: 'x' }).then((res) => {
      answered = true;
      return res;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(answered, false);
    accept('delivered');
    assert.equal((await response).statusCode, 200);
  });

  it('acknowledges an event for a closed payment, and logs it', async () => {
    const { app, logs } = setup(() => EVENT, { deliverNotification: async () => 'payment_closed' });
    const res = await app.inject({ method: 'POST', url: '/webhooks/sandboxpay', payload: 'x' });
    assert.equal(res.body, '<ack/>');
    assert.ok(logs().some((line) => line.paymentId === 'A-1001' && /closed payment/.test(String(line.msg))));
  });

  it('answers an event for an unknown payment with the handler unknown-payment reply', async () => {
    const { app } = setup(() => EVENT, { deliverNotification: async () => 'unknown_payment' });
    const res = await app.inject({ method: 'POST', url: '/webhooks/sandboxpay', payload: 'x' });
    assert.equal(res.body, 'UNKNOWN A-1001');
  });

  it('answers the handler temporary-failure reply when Temporal is unavailable, so the provider retries', async () => {
    const { app, logs } = setup(() => EVENT, {
      deliverNotification: async () => {
        throw new PaymentsError('unavailable', 'the payment engine (Temporal) is unavailable');
      },
    });
    const res = await app.inject({ method: 'POST', url: '/webhooks/sandboxpay', payload: 'x' });
    assert.equal(res.statusCode, TEMPORARY_FAILURE_REPLY.status);
    assert.equal(res.body, TEMPORARY_FAILURE_REPLY.body);
    assert.ok(logs().some((line) => line.level === 50 && line.paymentId === 'A-1001'));
  });

  it('answers the temporary-failure reply for any other delivery error too', async () => {
    const { app } = setup(() => EVENT, {
      deliverNotification: async () => {
        throw new Error('socket hang up');
      },
    });
    const res = await app.inject({ method: 'POST', url: '/webhooks/sandboxpay', payload: 'x' });
    assert.equal(res.statusCode, 503);
  });

  it('sends a rejected notification the handler 4xx, logs the reason and signals nothing', async () => {
    const { app, calls, logs } = setup(() => ({
      kind: 'rejected',
      reason: 'signature mismatch',
      reply: REJECT_REPLY,
    }));
    const res = await app.inject({ method: 'POST', url: '/webhooks/sandboxpay', payload: 'x' });
    assert.equal(res.statusCode, 403);
    assert.equal(res.body, 'BAD SIGNATURE');
    assert.equal(calls.length, 0);
    assert.ok(logs().some((line) => line.level === 40 && line.reason === 'signature mismatch'));
  });

  it('acknowledges an ignored notification without signaling', async () => {
    const { app, calls } = setup(() => ({ kind: 'ignored', reason: 'payout', reply: ACK_REPLY }));
    const res = await app.inject({ method: 'POST', url: '/webhooks/sandboxpay', payload: 'x' });
    assert.equal(res.statusCode, 200);
    assert.equal(calls.length, 0);
  });

  it('refuses with 400 when the handler throws, logs no payload, and keeps serving', async () => {
    const { app, calls, rawLogs } = setup(() => {
      throw new SyntaxError('Unexpected token in "card_holder=JANE DOE"');
    });
    const res = await app.inject({
      method: 'POST',
      url: '/webhooks/sandboxpay',
      payload: 'card_holder=JANE DOE',
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers['content-type'], PROBLEM_JSON);
    assert.equal(calls.length, 0);
    assert.doesNotMatch(rawLogs(), /JANE DOE/);
    assert.match(rawLogs(), /webhook handler threw/);
    assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  });

  it('answers an unknown provider with a 404 problem', async () => {
    const { app, handler } = setup(() => EVENT);
    const res = await app.inject({ method: 'POST', url: '/webhooks/nopay', payload: 'x' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.headers['content-type'], PROBLEM_JSON);
    assert.equal(handler.received.length, 0);
  });

  it('refuses a body over the limit with a 413 problem, before the handler', async () => {
    const { app, handler } = setup(() => EVENT);
    const res = await app.inject({
      method: 'POST',
      url: '/webhooks/sandboxpay',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a='.padEnd(BODY_LIMIT + 1, 'x'),
    });
    assert.equal(res.statusCode, 413);
    assert.equal(res.headers['content-type'], PROBLEM_JSON);
    assert.equal(handler.received.length, 0);
  });

  it('never logs the notification body', async () => {
    const { app, rawLogs } = setup(() => EVENT);
    await app.inject({
      method: 'POST',
      url: '/webhooks/sandboxpay?email=payer%40example.com',
      payload: 'pan=4111111111111111',
    });
    assert.doesNotMatch(rawLogs(), /4111111111111111|payer/);
  });
});
