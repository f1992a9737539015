import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebhookRequest } from '../../../providers/contract';
import {
  notificationKey,
  notificationToken,
  notificationUrlFor,
  tokenMatches,
} from '../../../providers/bigfish/notification-url';
import { buildNotificationBody } from '../../../providers/bigfish/protocol';
import { BigfishWebhookHandler, MAX_NOTIFICATION_BYTES } from '../../../providers/bigfish/webhook';

const config = {
  apiKey: '86af3-80e4f-f8228-9498f-910ad',
  notificationSecret: 'a-notification-secret-of-some-length',
};
const handler = new BigfishWebhookHandler(config);
const key = notificationKey(config);
const TX = '8219d46f5cc9a240f6f5f5c4c9e070df';

function request(
  paymentId: string,
  token: string,
  body = buildNotificationBody({ storeName: 'sdk_test', transactionId: TX, orderId: paymentId }),
): WebhookRequest {
  return {
    rawBody: Buffer.from(body),
    headers: { 'content-type': 'application/json' },
    query: { paymentId, token },
  };
}

describe('BIG FISH notification URL', () => {
  it('adds the payment id and its token to our webhook URL, keeping what is there', () => {
    const url = new URL(notificationUrlFor('https://gw.example/webhooks/bigfish?x=1', 'order 7/ü', key));
    assert.equal(url.origin + url.pathname, 'https://gw.example/webhooks/bigfish');
    assert.equal(url.searchParams.get('x'), '1');
    assert.equal(url.searchParams.get('paymentId'), 'order 7/ü');
    const token = url.searchParams.get('token') ?? '';
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(tokenMatches(key, 'order 7/ü', token));
    assert.ok(!tokenMatches(key, 'order 8', token));
    assert.ok(!tokenMatches(key, 'order 7/ü', token.slice(1)));
  });

  it('derives a key from the API key when no secret is configured, distinct from the API key itself', () => {
    const derived = notificationKey({ apiKey: config.apiKey });
    assert.equal(derived.length, 32);
    assert.notEqual(notificationToken(derived, 'p'), notificationToken(Buffer.from(config.apiKey), 'p'));
    assert.equal(
      notificationToken(derived, 'p'),
      notificationToken(notificationKey({ apiKey: config.apiKey }), 'p'),
    );
  });
});

describe('BIG FISH webhook handler', () => {
  it('turns a call on a URL we issued into a status hint for that payment, and answers 200', async () => {
    const outcome = await handler.handle(request('order-1', notificationToken(key, 'order-1')));
    assert.equal(outcome.kind, 'event');
    if (outcome.kind !== 'event') return;
    assert.equal(outcome.paymentId, 'order-1');
    assert.equal(outcome.event.type, 'status_hint');
    assert.match(outcome.event.eventId, new RegExp(`^bigfish:${TX}:[0-9a-f]{16}$`));
    assert.deepEqual(outcome.reply, { status: 200, contentType: 'text/plain; charset=utf-8', body: 'OK' });
  });

  it('gives resends the same event id and different notifications different ones', async () => {
    const token = notificationToken(key, 'order-1');
    const ids = await Promise.all(
      [
        request('order-1', token),
        request('order-1', token),
        request('order-1', token, '{"commonData":{}}'),
      ].map(async (r) => {
        const outcome = await handler.handle(r);
        return outcome.kind === 'event' ? outcome.event.eventId : '';
      }),
    );
    assert.equal(ids[0], ids[1]);
    assert.notEqual(ids[0], ids[2]);
  });

  it('refuses calls without a valid token, whatever they claim, and signals nothing', async () => {
    const cases: Array<[WebhookRequest, number]> = [
      [request('order-1', notificationToken(key, 'order-2')), 401],
      [request('order-1', notificationToken(notificationKey({ apiKey: 'other' }), 'order-1')), 401],
      [request('order-1', ''), 400],
      [{ ...request('order-1', 'x'), query: {} }, 400],
    ];
    for (const [req, status] of cases) {
      const outcome = await handler.handle(req);
      assert.equal(outcome.kind, 'rejected');
      assert.equal(outcome.reply.status, status);
    }
  });

  it('refuses malformed bodies with a specific reason even on a valid URL', async () => {
    const token = notificationToken(key, 'order-1');
    const bad = await handler.handle(
      request('order-1', token, '{"commonData":{"transactionId":"../../etc"}}'),
    );
    assert.equal(bad.kind, 'rejected');
    assert.equal(bad.reply.status, 400);
    assert.match(bad.kind === 'rejected' ? bad.reason : '', /malformed/);
    const huge = await handler.handle(request('order-1', token, ' '.repeat(MAX_NOTIFICATION_BYTES + 1)));
    assert.equal(huge.reply.status, 413);
  });

  it('acknowledges a notification that names no TransactionId: it is only a trigger', async () => {
    const outcome = await handler.handle(request('order-1', notificationToken(key, 'order-1'), ''));
    assert.equal(outcome.kind, 'event');
    assert.match(outcome.kind === 'event' ? outcome.event.eventId : '', /^bigfish:unnamed:/);
  });

  it('asks BIG FISH to call again when we could not record the hint; an unknown payment is acknowledged', () => {
    assert.equal(handler.temporaryFailureReply().status, 503);
    assert.equal(handler.unknownPaymentReply('gone').status, 200);
  });
});
