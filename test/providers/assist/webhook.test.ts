import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebhookRequest } from '../../../providers/contract';
import { notificationCheckvalue, parsePushPaymentResult } from '../../../providers/assist/protocol';
import { AssistWebhookHandler, MAX_NOTIFICATION_BYTES } from '../../../providers/assist/webhook';

const settings = { merchantId: '123456', secretWord: 'secret', acceptTestMode: false };
const handler = new AssistWebhookHandler(settings);

function notification(overrides: Record<string, string> = {}, secret = 'secret'): Record<string, string> {
  const fields = {
    merchant_id: '123456',
    ordernumber: 'A20042011_28',
    billnumber: '5111111000965142',
    amount: '237.40',
    currency: 'USD',
    orderamount: '237.40',
    ordercurrency: 'USD',
    orderstate: 'Delayed',
    responsecode: 'AS000',
    testmode: '0',
    email: 'payer@example.test',
    packetdate: '2024-01-31 12:00:00',
    ...overrides,
  };
  const cv = notificationCheckvalue({ ...fields, orderstate: fields.orderstate as 'Delayed' }, secret);
  return { ...fields, checkvalue: cv };
}

function request(body: string, contentType = 'application/x-www-form-urlencoded'): WebhookRequest {
  return { rawBody: Buffer.from(body), headers: { 'content-type': contentType }, query: {} };
}

const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

describe('Assist webhook handler', () => {
  it('turns a verified Delayed notification into an authorized payment_state and echoes the order', async () => {
    const outcome = await handler.handle(request(form(notification())));
    assert.equal(outcome.kind, 'event');
    if (outcome.kind !== 'event') return;
    assert.equal(outcome.paymentId, 'A20042011_28');
    assert.deepEqual(outcome.event, {
      type: 'payment_state',
      eventId: 'assist:5111111000965142:Delayed:2024-01-31 12:00:00',
      status: {
        state: 'authorized',
        providerReference: '5111111000965142',
        authorizedAmount: 23740,
        capturedAmount: 0,
        refundedAmount: 0,
      },
    });
    assert.equal(outcome.reply.status, 200);
    assert.deepEqual(parsePushPaymentResult(outcome.reply.body), {
      firstcode: '0',
      secondcode: '0',
      order: { billnumber: '5111111000965142', packetdate: '2024-01-31 12:00:00' },
    });
  });

  it('gives a resend the same eventId', async () => {
    const body = form(notification());
    const first = await handler.handle(request(body));
    const again = await handler.handle(request(body));
    assert.ok(first.kind === 'event' && again.kind === 'event');
    assert.equal(first.event.eventId, again.event.eventId);
  });

  it('reports a declined payment with its AS code', async () => {
    const outcome = await handler.handle(
      request(form(notification({ orderstate: 'Declined', responsecode: 'AS102' }))),
    );
    assert.ok(outcome.kind === 'event' && outcome.event.type === 'payment_state');
    assert.equal(outcome.event.status.state, 'declined');
    assert.equal(outcome.event.status.declineCode, 'AS102');
  });

  it('rejects a wrong checkvalue with 400 and a reason only', async () => {
    const forged = notification({}, 'not-the-secret');
    const outcome = await handler.handle(request(form(forged)));
    assert.equal(outcome.kind, 'rejected');
    assert.equal(outcome.reply.status, 400);
    assert.equal(outcome.reply.body, 'checkvalue mismatch');
  });

  it('rejects a tampered amount', async () => {
    const outcome = await handler.handle(request(form({ ...notification(), amount: '2374.00' })));
    assert.equal(outcome.kind, 'rejected');
  });

  it('rejects non-form, oversized, duplicated and incomplete bodies without echoing values', async () => {
    assert.equal(
      (await handler.handle(request(JSON.stringify(notification()), 'application/json'))).reply.status,
      415,
    );
    const huge = form(notification()) + '&pad=' + 'x'.repeat(MAX_NOTIFICATION_BYTES);
    assert.equal((await handler.handle(request(huge))).reply.status, 413);
    const duplicated = await handler.handle(request(form(notification()) + '&amount=1.00'));
    assert.equal(duplicated.kind, 'rejected');
    const { checkvalue: _cv, ...unsigned } = notification();
    const incomplete = await handler.handle(request(form(unsigned)));
    assert.ok(incomplete.kind === 'rejected');
    assert.ok(!incomplete.reason.includes('payer@example.test'));
  });

  it('rejects a notification for another merchant', async () => {
    const outcome = await handler.handle(request(form(notification({ merchant_id: '999' }))));
    assert.ok(outcome.kind === 'rejected' && /another merchant/.test(outcome.reason));
  });

  it('acknowledges but ignores test-mode payments unless configured to accept them', async () => {
    const body = form(notification({ testmode: '1' }));
    assert.equal((await handler.handle(request(body))).kind, 'ignored');
    assert.equal(
      (await new AssistWebhookHandler({ ...settings, acceptTestMode: true }).handle(request(body))).kind,
      'event',
    );
  });

  it('asks the status API when only the operation list can interpret the state', async () => {
    const outcome = await handler.handle(request(form(notification({ orderstate: 'Canceled' }))));
    assert.ok(outcome.kind === 'event');
    assert.equal(outcome.event.type, 'status_hint');
  });

  it('answers an unknown payment with a failure packet and a temporary failure with 503', async () => {
    const unknown = handler.unknownPaymentReply('nope');
    assert.equal(unknown.status, 200);
    assert.notEqual(parsePushPaymentResult(unknown.body).firstcode, '0');
    assert.equal(handler.temporaryFailureReply().status, 503);
  });
});
