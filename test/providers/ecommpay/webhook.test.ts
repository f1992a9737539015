/**
 * The webhook handler over the seed's four sample callbacks (re-signed with a test secret) and over the ways a
 * callback can be wrong: signature, shape, prototype tricks, repeated keys, another project.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProviderEvent } from '../../../domain/provider-events';
import type { WebhookOutcome } from '../../../providers/contract';
import { encodeMerchantRefundId } from '../../../providers/ecommpay/merchant-refund-id';
import { sign } from '../../../providers/ecommpay/signature';
import type { SignableValue } from '../../../providers/ecommpay/signature';
import { EcommpayWebhookHandler } from '../../../providers/ecommpay/webhook';
import {
  REDIRECT_DATA,
  REFUND_DECLINE,
  REFUND_SUCCESS,
  SALE_DECLINE,
  SALE_SUCCESS,
} from './fixtures/seed-callbacks';

const SECRET = 'test-secret';
const handler = new EcommpayWebhookHandler({ projectId: 2924, secretKey: SECRET });

type Body = { [key: string]: SignableValue };
const copy = <T>(value: T): T => structuredClone(value);
const signed = (body: Body, secret = SECRET): Body => ({ ...body, signature: sign(body, secret) });

function deliver(body: Body | string, contentType = 'application/json'): Promise<WebhookOutcome> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return handler.handle({
    rawBody: Buffer.from(text, 'utf8'),
    headers: { 'content-type': contentType },
    query: {},
  });
}

async function eventOf(body: Body | string): Promise<{ paymentId: string; event: ProviderEvent }> {
  const outcome = await deliver(body);
  assert.equal(outcome.kind, 'event', outcome.kind === 'rejected' ? outcome.reason : undefined);
  assert.deepEqual(outcome.reply, { status: 200, contentType: 'text/plain; charset=utf-8', body: 'OK' });
  if (outcome.kind !== 'event') throw new Error('unreachable');
  return { paymentId: outcome.paymentId, event: outcome.event };
}

async function rejection(
  body: Body | string,
  contentType?: string,
): Promise<{ status: number; reason: string }> {
  const outcome = await deliver(body, contentType);
  assert.equal(outcome.kind, 'rejected');
  if (outcome.kind !== 'rejected') throw new Error('unreachable');
  return { status: outcome.reply.status, reason: outcome.reason };
}

describe('ECommPay webhook: the seed sample callbacks', () => {
  it('sale success → payment_state captured 10.00 KES', async () => {
    const { paymentId, event } = await eventOf(signed(SALE_SUCCESS));
    assert.equal(paymentId, 'EP79a6-d2db');
    assert.deepEqual(event, {
      type: 'payment_state',
      eventId: 'ecommpay:EP79a6-d2db:389:success:success',
      status: {
        state: 'captured',
        currency: 'KES',
        providerReference: SALE_SUCCESS.operation.request_id,
        authorizedAmount: 1000,
        capturedAmount: 1000,
      },
    });
  });

  it('sale decline → payment_state declined with code and message', async () => {
    const { event } = await eventOf(signed(SALE_DECLINE));
    assert.equal(event.type, 'payment_state');
    if (event.type !== 'payment_state') return;
    assert.equal(event.status.state, 'declined');
    assert.equal(event.status.declineCode, '20000');
    assert.equal(event.status.declineReason, 'General decline');
    assert.equal(event.status.capturedAmount, undefined);
  });

  it('refund success with our merchant_refund_id → refund_result for our refundId', async () => {
    const body = copy(REFUND_SUCCESS) as Body & { payment: Body };
    body.payment.merchant_refund_id = encodeMerchantRefundId('EP79a6-d2db', 'r-1');
    const { paymentId, event } = await eventOf(signed(body));
    assert.equal(paymentId, 'EP79a6-d2db');
    assert.deepEqual(event, {
      type: 'refund_result',
      eventId: 'ecommpay:EP79a6-d2db:391:success:refunded',
      refundId: 'r-1',
      succeeded: true,
      amount: 1000,
      providerReference: REFUND_SUCCESS.operation.request_id,
    });
  });

  it('refund decline with our merchant_refund_id → a failed refund_result with the reason', async () => {
    const body = copy(REFUND_DECLINE) as Body & { payment: Body };
    body.payment.merchant_refund_id = encodeMerchantRefundId('EPacf3-b6d0', 'refund/2 €');
    const { event } = await eventOf(signed(body));
    assert.equal(event.type, 'refund_result');
    if (event.type !== 'refund_result') return;
    assert.equal(event.refundId, 'refund/2 €');
    assert.equal(event.succeeded, false);
    assert.equal(event.reason, 'General decline (code 20000)');
  });

  it('refund callbacks as the seed prints them (no merchant_refund_id) → status_hint', async () => {
    for (const sample of [REFUND_SUCCESS, REFUND_DECLINE]) {
      const { event } = await eventOf(signed(sample));
      assert.equal(event.type, 'status_hint');
    }
  });

  it('a merchant_refund_id of another payment is not trusted → status_hint', async () => {
    const body = copy(REFUND_SUCCESS) as Body & { payment: Body };
    body.payment.merchant_refund_id = encodeMerchantRefundId('someone-else', 'r-1');
    assert.equal((await eventOf(signed(body))).event.type, 'status_hint');
  });

  it('duplicates share an eventId; another status gets another', async () => {
    const first = await eventOf(signed(SALE_SUCCESS));
    const again = await eventOf(signed(SALE_SUCCESS));
    assert.equal(first.event.eventId, again.event.eventId);
    const other = copy(SALE_SUCCESS);
    other.payment.status = 'awaiting customer';
    other.operation.status = 'processing';
    assert.notEqual((await eventOf(signed(other))).event.eventId, first.event.eventId);
  });

  it('accepts the legacy placement general.signature', async () => {
    const body: Body = { ...SALE_SUCCESS, general: { project_id: 2924 } };
    const withSignature = { ...body, general: { project_id: 2924, signature: sign(body, SECRET) } };
    assert.equal((await eventOf(withSignature)).event.type, 'payment_state');
  });
});

describe('ECommPay webhook: redirect_data (Gate)', () => {
  const awaiting = () => {
    const body = copy(SALE_SUCCESS) as Body & { payment: Body; operation: Body };
    body.payment.status = 'awaiting redirect result';
    body.operation.status = 'awaiting redirect result';
    delete body.operation.code;
    return body;
  };

  it('the seed fragment becomes redirect_ready with a form POST of every body field', async () => {
    const { event } = await eventOf(signed({ ...awaiting(), redirect_data: REDIRECT_DATA }));
    assert.equal(event.type, 'redirect_ready');
    if (event.type !== 'redirect_ready') return;
    assert.deepEqual(event.redirect, { method: 'POST', url: REDIRECT_DATA.url, fields: REDIRECT_DATA.body });
    assert.equal(event.providerReference, SALE_SUCCESS.operation.request_id);
  });

  it('redirectData with GET and an empty array body (PHP SDK fixture shape) → GET with fields in the URL', async () => {
    const data = { method: 'get', body: [], encrypted: [], url: 'https://partner.example/pay?x=1' };
    const { event } = await eventOf(signed({ ...awaiting(), redirectData: data }));
    assert.deepEqual(event.type === 'redirect_ready' && event.redirect, {
      method: 'GET',
      url: 'https://partner.example/pay?x=1',
      fields: {},
    });
  });

  it('GET redirect_data with body fields puts them into the query', async () => {
    const data = { method: 'GET', body: { inv: 'A 1', amt: 5 }, url: 'https://partner.example/pay' };
    const { event } = await eventOf(signed({ ...awaiting(), redirect_data: data }));
    assert.equal(
      event.type === 'redirect_ready' && event.redirect.url,
      'https://partner.example/pay?inv=A+1&amt=5',
    );
  });

  it('an awaiting callback without redirect data is a pending payment_state', async () => {
    const { event } = await eventOf(signed(awaiting()));
    assert.deepEqual(event.type === 'payment_state' && event.status.state, 'pending');
  });

  it('refuses a redirect to a non-http URL', async () => {
    const data = { ...REDIRECT_DATA, url: 'javascript:alert(1)' };
    assert.equal((await rejection(signed({ ...awaiting(), redirect_data: data }))).status, 400);
  });
});

describe('ECommPay webhook: statuses', () => {
  for (const spelling of ['canceled', 'cancelled']) {
    it(`"${spelling}" is a released hold`, async () => {
      const body = copy(SALE_SUCCESS) as Body & { payment: Body; operation: Body };
      body.payment.status = spelling;
      body.operation.type = 'cancel';
      const { event } = await eventOf(signed(body));
      assert.equal(event.type === 'payment_state' && event.status.state, 'voided');
    });
  }

  it('a status card-partner never uses becomes a status_hint (the status API decides)', async () => {
    const body = copy(SALE_SUCCESS);
    body.payment.status = 'awaiting clearing';
    assert.equal((await eventOf(signed(body))).event.type, 'status_hint');
  });

  it('operation types we do not track are acknowledged and ignored', async () => {
    const body = copy(SALE_SUCCESS);
    body.operation.type = 'recurring';
    const outcome = await deliver(signed(body));
    assert.equal(outcome.kind, 'ignored');
    assert.equal(outcome.reply.status, 200);
  });

  it('a refund still in progress is acknowledged and ignored', async () => {
    const body = copy(REFUND_SUCCESS);
    body.operation.status = 'processing';
    assert.equal((await deliver(signed(body))).kind, 'ignored');
  });
});

describe('ECommPay webhook: refusals', () => {
  it('a signature made with another secret → 400, nothing signaled', async () => {
    assert.deepEqual(await rejection(signed(SALE_SUCCESS, 'wrong')), {
      status: 400,
      reason: 'signature mismatch',
    });
  });

  it('a signed callback whose amount was changed afterwards → 400', async () => {
    const body = signed(SALE_SUCCESS) as Body & { operation: { sum_initial: Body } };
    const tampered = copy(body);
    tampered.operation.sum_initial.amount = 1;
    assert.equal((await rejection(tampered)).reason, 'signature mismatch');
  });

  it('no signature → 400', async () => {
    assert.equal((await rejection(SALE_SUCCESS)).reason, 'callback carries no signature');
  });

  it('__proto__ keys, repeated keys and inexact numbers are refused before verification', async () => {
    const text = JSON.stringify(signed(SALE_SUCCESS));
    const proto = text.replace('"customer":', '"__proto__":{"polluted":1},"customer":');
    assert.match((await rejection(proto)).reason, /__proto__/);
    const repeated = text.replace('"project_id":2924', '"project_id":2924,"project_id":1');
    assert.match((await rejection(repeated)).reason, /repeated key/);
    const huge = text.replace('"id":389', '"id":12345678901234567890');
    assert.match((await rejection(huge)).reason, /exactly/);
    assert.equal(({} as { polluted?: number }).polluted, undefined);
  });

  it('not JSON, not an object, or malformed fields → 400 naming the fields only', async () => {
    assert.equal((await rejection('{"payment":')).status, 400);
    assert.equal((await rejection('[1,2]')).status, 400);
    const body = copy(SALE_SUCCESS) as Body & { payment: Body };
    delete body.payment.id;
    const { reason } = await rejection(signed(body));
    assert.equal(reason, 'callback fields missing or invalid: payment.id');
  });

  it('another project → 400', async () => {
    const body = { ...SALE_SUCCESS, project_id: 1 };
    assert.equal((await rejection(signed(body))).reason, 'callback is for another project');
  });

  it('wrong media type → 415; oversized → 413', async () => {
    assert.equal((await rejection(signed(SALE_SUCCESS), 'application/x-www-form-urlencoded')).status, 415);
    const big = { ...SALE_SUCCESS, padding: 'x'.repeat(70_000) };
    assert.equal((await rejection(signed(big))).status, 413);
  });

  it('answers 404 for an unknown payment (ECommPay retries) and 503 when we could not record it', () => {
    assert.equal(handler.unknownPaymentReply('x').status, 404);
    assert.equal(handler.temporaryFailureReply().status, 503);
  });
});
