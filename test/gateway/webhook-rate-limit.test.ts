/**
 * Unverified webhooks are rate-limited per source address: a source whose notifications keep failing
 * verification gets 429 before its requests reach the handler, while verified notifications, and other
 * sources, carry on. The bucket itself is tested with a fake clock.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RejectionLimiter } from '../../client/gateway/rejection-limiter';
import type { WebhookOutcome } from '../../providers/contract';
import { ACK_REPLY, fakePayments, fakeWebhookHandler, REJECT_REPLY, SAMPLE_EVENT } from './fakes';
import { PROBLEM_JSON, testGateway } from './harness';

const ATTACKER = '198.51.100.66';
const PROVIDER = '203.0.113.10';

/** Verifies exactly the bodies that say "signed". */
function setup(limit: number | undefined) {
  const handler = fakeWebhookHandler((request): WebhookOutcome =>
    request.rawBody.toString() === 'signed'
      ? { kind: 'event', paymentId: 'A-1', event: SAMPLE_EVENT, reply: ACK_REPLY }
      : { kind: 'rejected', reason: 'bad signature', reply: REJECT_REPLY },
  );
  const { api, calls } = fakePayments();
  const gateway = testGateway({
    payments: api,
    webhooks: new Map([['sandboxpay', handler]]),
    webhookRejectLimitPerMinute: limit,
  });
  const post = (body: string, remoteAddress: string) =>
    gateway.app.inject({ method: 'POST', url: '/webhooks/sandboxpay', payload: body, remoteAddress });
  return { ...gateway, handler, calls, post };
}

describe('webhook rejection limit', () => {
  it('answers 429 problem+json with Retry-After once a source used up its rejections, before the handler', async () => {
    const { post, handler } = setup(3);
    for (let i = 0; i < 3; i++) assert.equal((await post('forged', ATTACKER)).statusCode, 403);
    const limited = await post('forged', ATTACKER);
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.headers['content-type'], PROBLEM_JSON);
    assert.equal(limited.json().type, 'https://payments.example/problems/too-many-requests');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    assert.equal(handler.received.length, 3, 'the limited request never reached the handler');
  });

  it('does not affect verified notifications from another source', async () => {
    const { post, calls } = setup(2);
    for (let i = 0; i < 5; i++) await post('forged', ATTACKER);
    const verified = await post('signed', PROVIDER);
    assert.equal(verified.statusCode, 200);
    assert.equal(calls.filter((c) => c.method === 'deliverNotification').length, 1);
  });

  it('charges nothing for verified notifications: a busy provider is never limited', async () => {
    const { post } = setup(2);
    for (let i = 0; i < 20; i++) assert.equal((await post('signed', PROVIDER)).statusCode, 200);
  });

  it('counts a handler that throws as a rejection', async () => {
    const handler = fakeWebhookHandler(() => {
      throw new Error('parser blew up');
    });
    const gateway = testGateway({
      webhooks: new Map([['sandboxpay', handler]]),
      webhookRejectLimitPerMinute: 1,
    });
    const send = () =>
      gateway.app.inject({
        method: 'POST',
        url: '/webhooks/sandboxpay',
        payload: 'x',
        remoteAddress: ATTACKER,
      });
    assert.equal((await send()).statusCode, 400);
    assert.equal((await send()).statusCode, 429);
  });

  it('is off without a limit', async () => {
    const { post } = setup(undefined);
    for (let i = 0; i < 100; i++) assert.equal((await post('forged', ATTACKER)).statusCode, 403);
  });
});

describe('RejectionLimiter', () => {
  it('refills at the configured rate per minute', () => {
    let now = 0;
    const limiter = new RejectionLimiter(6, () => now); // one token every 10 s
    for (let i = 0; i < 6; i++) limiter.recordRejection('a');
    assert.equal(limiter.isLimited('a'), true);
    assert.equal(limiter.retryAfterSeconds('a'), 10);
    now += 9_999;
    assert.equal(limiter.isLimited('a'), true);
    now += 1;
    assert.equal(limiter.isLimited('a'), false);
    limiter.recordRejection('a');
    assert.equal(limiter.isLimited('a'), true);
  });

  it('forgets a source once its allowance is full again', () => {
    let now = 0;
    const limiter = new RejectionLimiter(60, () => now);
    limiter.recordRejection('a');
    assert.equal(limiter.trackedSources, 1);
    now += 1_000;
    assert.equal(limiter.isLimited('a'), false);
    assert.equal(limiter.trackedSources, 0);
  });

  it('keeps memory bounded under a flood of sources', () => {
    const limiter = new RejectionLimiter(10, () => 0);
    for (let i = 0; i < 25_000; i++) limiter.recordRejection(`10.0.${i >> 8}.${i & 255}`);
    assert.ok(limiter.trackedSources <= 10_000, `${limiter.trackedSources} sources tracked`);
  });

  it('refuses a limit that is not a positive integer', () => {
    assert.throws(() => new RejectionLimiter(0), RangeError);
    assert.throws(() => new RejectionLimiter(1.5), RangeError);
  });
});
