/**
 * How the adapter classifies what Gate answers, against a scripted fake Gate: every kind of refusal, garbage
 * and surprise the real platform (or a proxy in front of it) could produce.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ProviderError } from '../../../domain/errors';
import type { CreatePaymentRequest, ProviderAdapter } from '../../../providers/contract';
import { ecommpayProvider } from '../../../providers/ecommpay';
import type { EcommpayConfig } from '../../../providers/ecommpay';
import { sign } from '../../../providers/ecommpay/signature';

interface Scripted {
  status: number;
  body: unknown;
  contentType?: string;
}

const SECRET = 'fake-gate-secret';

describe('ECommPay adapter: classifying Gate answers', () => {
  let server: Server;
  let config: EcommpayConfig;
  let adapter: ProviderAdapter;
  let script: Scripted[] = [];
  const seen: Array<{ path: string; body: string }> = [];

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
        const next = script.shift() ?? { status: 500, body: 'no script' };
        const text = typeof next.body === 'string' ? next.body : JSON.stringify(next.body);
        res.writeHead(next.status, { 'content-type': next.contentType ?? 'application/json' }).end(text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    config = { ...ecommpayProvider.sandboxConfig(url), secretKey: SECRET, projectId: 7 };
    adapter = ecommpayProvider.createAdapter(config);
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    script = [];
    seen.length = 0;
  });

  const sale: CreatePaymentRequest = {
    paymentId: 'order-1',
    amount: 5_000,
    currency: 'USD',
    captureMode: 'one_stage',
    idempotencyKey: 'payment-order-1/create-1',
    customer: { ipAddress: '10.0.0.1' },
    returnUrls: { success: 'https://m.example/ok', failure: 'https://m.example/no' },
    notificationUrl: 'https://gw.example/webhooks/ecommpay',
  };
  const ref = { paymentId: 'order-1', currency: 'USD', amount: 5_000 };
  const refund = { ...ref, refundId: 'r1', refundAmount: 5_000, isFullRefund: true, idempotencyKey: 'k' };
  const error = (code: string, message = 'refused') => ({ status: 'error', code, message });
  const paymentInfo = (status: string, currency = 'USD') => ({
    id: 'order-1',
    status,
    sum: { amount: 5_000, currency },
  });
  const saleOp = (status: string, extra: object = {}) => ({
    id: 1,
    type: 'sale',
    status,
    request_id: 'req-1',
    sum_initial: { amount: 5_000, currency: 'USD' },
    ...extra,
  });
  const rejects = (call: Promise<unknown>, kind: string, code?: string) =>
    assert.rejects(call, (e: unknown) => {
      assert.ok(e instanceof ProviderError, String(e));
      assert.equal(e.kind, kind, e.message);
      if (code) assert.equal(e.code, code);
      return true;
    });

  it('sends the signed sale to /v2/payment/card-partner/sale with return and callback URLs', async () => {
    script = [
      { status: 200, body: { status: 'success', request_id: 'req-1', payment_id: 'order-1', project_id: 7 } },
    ];
    assert.deepEqual(await adapter.createPayment(sale), {
      redirectFollows: true,
      providerReference: 'req-1',
    });
    const sent = JSON.parse(seen[0]?.body ?? '{}') as {
      general: { signature: string; merchant_callback_url: string };
    };
    assert.equal(seen[0]?.path, '/v2/payment/card-partner/sale');
    assert.equal(sent.general.merchant_callback_url, sale.notificationUrl);
    const { signature, ...general } = sent.general;
    assert.equal(signature, sign({ ...sent, general }, SECRET));
  });

  it("ECommPay's error answer is final, with its code; the message is kept short", async () => {
    script = [{ status: 400, body: error('1002', 'Wrong signature') }];
    await rejects(adapter.createPayment(sale), 'final', '1002');
    script = [{ status: 200, body: error('2100', 'x'.repeat(5000)) }];
    await assert.rejects(
      adapter.createPayment(sale),
      (e: unknown) => e instanceof ProviderError && e.message.length < 300,
    );
  });

  it('5xx, 408 and 429 are transient even with an error body', async () => {
    for (const status of [500, 502, 503, 408, 429]) {
      script = [{ status, body: error('9999') }];
      await rejects(adapter.createPayment(sale), 'transient', `http_${status}`);
    }
  });

  it('a non-200 that is not ECommPay JSON (a proxy page) is transient', async () => {
    script = [{ status: 403, body: '<html>denied</html>', contentType: 'text/html' }];
    await rejects(adapter.createPayment(sale), 'transient', 'http_403');
  });

  it('a 200 that is not a readable answer is transient', async () => {
    script = [{ status: 200, body: '{"status":' }];
    await rejects(adapter.createPayment(sale), 'transient', 'invalid_response');
  });

  it('duplicate payment_id: confirmed through the status API as our payment', async () => {
    script = [
      { status: 400, body: error('3102', 'Duplicate payment_id') },
      {
        status: 200,
        body: {
          payment: paymentInfo('awaiting redirect result'),
          operations: [saleOp('awaiting redirect result')],
        },
      },
    ];
    assert.deepEqual(await adapter.createPayment(sale), { redirectFollows: true });
    assert.deepEqual(
      seen.map((s) => s.path),
      ['/v2/payment/card-partner/sale', '/v2/payment/status'],
    );
  });

  it('duplicate payment_id not yet visible in the status API: transient, try again', async () => {
    script = [
      { status: 400, body: error('3102') },
      { status: 404, body: error('3061', 'Payment not found') },
    ];
    await rejects(adapter.createPayment(sale), 'transient', 'duplicate_not_visible');
  });

  it('status: not found by code, or by 404 with an ECommPay body; a bare 404 is not "not found"', async () => {
    script = [{ status: 400, body: error('3061') }];
    assert.deepEqual(await adapter.getStatus(ref), { state: 'not_found' });
    script = [{ status: 404, body: error('4040', 'Payment not registered') }];
    assert.deepEqual(await adapter.getStatus(ref), { state: 'not_found' });
    script = [{ status: 404, body: 'Not Found', contentType: 'text/plain' }];
    await rejects(adapter.getStatus(ref), 'transient', 'http_404');
  });

  it('status: a signed answer is verified; a wrong signature is transient, ignore turns the check off', async () => {
    const answer = { payment: paymentInfo('success'), operations: [saleOp('success')] };
    script = [{ status: 200, body: { ...answer, signature: sign(answer, SECRET) } }];
    assert.equal((await adapter.getStatus(ref)).state, 'captured');
    script = [{ status: 200, body: { ...answer, signature: sign(answer, 'other') } }];
    await rejects(adapter.getStatus(ref), 'transient', 'signature_mismatch');
    const lenient = ecommpayProvider.createAdapter({ ...config, statusSignature: 'ignore' });
    script = [{ status: 200, body: { ...answer, signature: 'garbage' } }];
    assert.equal((await lenient.getStatus(ref)).state, 'captured');
  });

  it('status: another currency or an unsupported status needs an operator (unknown)', async () => {
    script = [{ status: 200, body: { payment: paymentInfo('success', 'KES'), operations: [] } }];
    await rejects(adapter.getStatus(ref), 'unknown', 'currency_mismatch');
    script = [{ status: 200, body: { payment: paymentInfo('partially paid'), operations: [] } }];
    await rejects(adapter.getStatus(ref), 'unknown', 'unsupported_status');
  });

  it('status: an answer about another payment, or a paid operation without its sum, is not trusted', async () => {
    script = [
      { status: 200, body: { payment: { ...paymentInfo('success'), id: 'order-2' }, operations: [] } },
    ];
    await rejects(adapter.getStatus(ref), 'transient', 'invalid_response');
    const noSum = { id: 1, type: 'sale', status: 'success' };
    script = [{ status: 200, body: { payment: paymentInfo('success'), operations: [noSum] } }];
    await rejects(adapter.getStatus(ref), 'transient', 'invalid_response');
  });

  it('status: "cancelled" and "canceled" both mean a released hold', async () => {
    for (const status of ['canceled', 'cancelled']) {
      script = [{ status: 200, body: { payment: paymentInfo(status), operations: [] } }];
      assert.equal((await adapter.getStatus(ref)).state, 'voided');
    }
  });

  it('refund: accepted → pending with the request id; a duplicate merchant_refund_id → pending', async () => {
    script = [{ status: 200, body: { status: 'success', request_id: 'req-9' } }];
    assert.deepEqual(await adapter.refund(refund), { outcome: 'pending', providerReference: 'req-9' });
    const sent = JSON.parse(seen[0]?.body ?? '{}') as { payment: object };
    assert.equal(seen[0]?.path, '/v2/payment/card-partner/refund');
    assert.deepEqual(sent.payment, { amount: 5_000, currency: 'USD', merchant_refund_id: 'order-1.r1' });
    script = [{ status: 400, body: error('3102', 'Duplicate merchant_refund_id') }];
    assert.deepEqual(await adapter.refund(refund), { outcome: 'pending' });
  });

  it('payment_page integration makes no call at all', async () => {
    const pp = ecommpayProvider.createAdapter({ ...config, integration: 'payment_page' });
    const created = await pp.createPayment({ ...sale, customer: undefined, language: 'EN' });
    assert.equal(seen.length, 0);
    const url = new URL(created.redirect?.url ?? '');
    assert.equal(url.searchParams.get('customer_id'), 'guest-order-1');
    assert.equal(url.searchParams.get('language_code'), 'en');
    assert.equal(url.searchParams.get('merchant_callback_url'), sale.notificationUrl);
  });
});
