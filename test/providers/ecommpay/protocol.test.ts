/** Gate requests and the Payment Page URL, built as the seed's examples show them and signed as §1.6 says. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ZodError } from 'zod';
import {
  buildPaymentPageUrl,
  buildRefundRequest,
  buildSaleRequest,
  buildStatusRequest,
  gateAnswerSchema,
  GATE_PATHS,
  statusAnswerSchema,
  withoutGateSignature,
} from '../../../providers/ecommpay/protocol';
import { sign, stringToSign } from '../../../providers/ecommpay/signature';

const SECRET = 'secret';

describe('Gate requests', () => {
  it('sale: the seed example, signed over everything but general.signature', () => {
    const body = buildSaleRequest(
      {
        projectId: 125,
        paymentId: 'TEST_184',
        amount: 1000,
        currency: 'KES',
        customerId: '123',
        ipAddress: '1.2.3.4',
        phone: '123456789',
        email: 'customer@example.com',
      },
      SECRET,
    );
    const { general, ...rest } = body;
    assert.deepEqual(rest, {
      customer: { id: '123', ip_address: '1.2.3.4', phone: '123456789', email: 'customer@example.com' },
      payment: { amount: 1000, currency: 'KES' },
    });
    assert.deepEqual(withoutGateSignature(body).general, { project_id: 125, payment_id: 'TEST_184' });
    assert.equal(
      stringToSign(withoutGateSignature(body)),
      'customer:email:customer@example.com;customer:id:123;customer:ip_address:1.2.3.4;customer:phone:123456789;' +
        'general:payment_id:TEST_184;general:project_id:125;payment:amount:1000;payment:currency:KES',
    );
    assert.equal(general.signature, sign(withoutGateSignature(body), SECRET));
  });

  it('sale: return URLs and the callback URL are part of the signed body', () => {
    const body = buildSaleRequest(
      {
        projectId: 1,
        paymentId: 'p',
        amount: 100,
        currency: 'USD',
        customerId: 'c',
        ipAddress: '::1',
        callbackUrl: 'https://gw.example/webhooks/ecommpay',
        returnUrls: { success: 'https://shop.example/ok', decline: 'https://shop.example/no' },
      },
      SECRET,
    );
    assert.equal(body.general.merchant_callback_url, 'https://gw.example/webhooks/ecommpay');
    assert.match(stringToSign(withoutGateSignature(body)), /return_url:decline:https:\/\/shop\.example\/no/);
  });

  it('sale: refuses a body that breaks the rules (bad IP, zero amount)', () => {
    const input = {
      projectId: 1,
      paymentId: 'p',
      amount: 100,
      currency: 'USD',
      customerId: 'c',
      ipAddress: 'nope',
    };
    assert.throws(() => buildSaleRequest(input, SECRET), ZodError);
    assert.throws(() => buildSaleRequest({ ...input, ipAddress: '1.1.1.1', amount: 0 }, SECRET), ZodError);
  });

  it('refund: general plus payment with amount, currency and merchant_refund_id', () => {
    const body = buildRefundRequest(
      {
        projectId: 239,
        paymentId: 'refund_02',
        amount: 1000,
        currency: 'KES',
        merchantRefundId: 'refund_02.r1',
      },
      SECRET,
    );
    assert.deepEqual(withoutGateSignature(body), {
      general: { project_id: 239, payment_id: 'refund_02' },
      payment: { amount: 1000, currency: 'KES', merchant_refund_id: 'refund_02.r1' },
    });
    assert.equal(body.general.signature, sign(withoutGateSignature(body), SECRET));
  });

  it('status: general only', () => {
    const body = buildStatusRequest(7, 'order-7', SECRET);
    assert.deepEqual(withoutGateSignature(body), { general: { project_id: 7, payment_id: 'order-7' } });
  });

  it('paths follow /v2/payment/{method}/{operation}', () => {
    assert.equal(GATE_PATHS.sale('card-partner'), '/v2/payment/card-partner/sale');
    assert.equal(GATE_PATHS.refund('card-partner'), '/v2/payment/card-partner/refund');
    assert.equal(GATE_PATHS.status, '/v2/payment/status');
  });
});

describe('Gate answers', () => {
  it('reads the synchronous answer and an error answer; codes become text', () => {
    assert.deepEqual(
      gateAnswerSchema.parse({ project_id: 1, payment_id: 'p', request_id: 'r', status: 'success' }),
      {
        project_id: 1,
        payment_id: 'p',
        request_id: 'r',
        status: 'success',
      },
    );
    assert.equal(gateAnswerSchema.parse({ status: 'error', code: 3061, message: 'x' }).code, '3061');
  });

  it('reads a status answer with operations; amounts as digit strings too', () => {
    const answer = statusAnswerSchema.parse({
      project_id: 1,
      payment: { id: 'p', status: 'success', sum: { amount: '1000', currency: 'KES' } },
      operations: [
        { id: 389, type: 'sale', status: 'success', sum_initial: { amount: 1000, currency: 'KES' } },
      ],
      extra: { tolerated: true },
    });
    assert.equal(answer.payment.sum?.amount, 1000);
    assert.equal(answer.operations[0]?.id, '389');
  });
});

describe('Payment Page URL', () => {
  const input = {
    projectId: 250,
    paymentId: 'X03936',
    amount: 10000,
    currency: 'KES',
    customerId: 'customer1',
    phone: '123456789',
    email: 'customer@example.com',
    paymentMethod: 'card-partner',
  };

  it('carries the seed example parameters plus force_payment_method, signature last', () => {
    const url = new URL(buildPaymentPageUrl('https://paymentpage.ecommpay.com', input, SECRET));
    assert.equal(url.origin + url.pathname, 'https://paymentpage.ecommpay.com/payment');
    const params = Object.fromEntries(url.searchParams);
    const { signature, ...signed } = params;
    assert.deepEqual(signed, {
      project_id: '250',
      payment_id: 'X03936',
      payment_amount: '10000',
      payment_currency: 'KES',
      customer_id: 'customer1',
      force_payment_method: 'card-partner',
      customer_phone: '123456789',
      customer_email: 'customer@example.com',
    });
    assert.equal([...url.searchParams.keys()].at(-1), 'signature');
    // The platform verifies the decoded text values; numbers and their text sign alike.
    assert.equal(signature, sign(signed, SECRET));
  });

  it('puts return and callback URLs into the signed parameters, URL-encoded', () => {
    const url = buildPaymentPageUrl(
      'https://pp.example',
      { ...input, successUrl: 'https://shop.example/ok?a=1&b=2', callbackUrl: 'https://gw.example/hook' },
      SECRET,
    );
    const params = new URL(url).searchParams;
    assert.equal(params.get('merchant_success_url'), 'https://shop.example/ok?a=1&b=2');
    assert.ok(!url.includes('ok?a=1&b=2'), 'nested URLs are encoded');
  });
});
