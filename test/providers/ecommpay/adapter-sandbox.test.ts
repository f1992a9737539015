/**
 * The ECommPay adapter and webhook handler against the ECommPay sandbox, over real HTTP on 127.0.0.1, for both
 * integrations: Gate (redirect in a later callback) and the Payment Page (signed URL).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { ProviderError } from '../../../domain/errors';
import type { CreatePaymentRequest, ProviderAdapter, ProviderSandbox } from '../../../providers/contract';
import { ecommpayProvider } from '../../../providers/ecommpay';
import type { EcommpayConfig } from '../../../providers/ecommpay';
import { CallbackReceiver } from './receiver';

const PAYMENT_TTL_MS = 700;

describe('ECommPay adapter against the ECommPay sandbox', () => {
  const receiver = new CallbackReceiver(
    ecommpayProvider.createWebhookHandler(ecommpayProvider.sandboxConfig('http://127.0.0.1:1')),
  );
  let notificationUrl: string;
  let sandbox: ProviderSandbox;
  let config: EcommpayConfig;
  let gate: ProviderAdapter;
  let paymentPage: ProviderAdapter;

  before(async () => {
    notificationUrl = await receiver.start();
    sandbox = await ecommpayProvider.startSandbox(ecommpayProvider.sandboxConfig('http://127.0.0.1:1'), {
      port: 0,
      notificationUrl,
      unpaidOrderTtlMs: PAYMENT_TTL_MS,
      retryTimeScale: 0.001,
    });
    config = ecommpayProvider.sandboxConfig(sandbox.url);
    gate = ecommpayProvider.createAdapter(config);
    paymentPage = ecommpayProvider.createAdapter({ ...config, integration: 'payment_page' });
  });
  after(async () => {
    await sandbox?.close();
    await receiver.close();
  });

  const newRequest = (overrides: Partial<CreatePaymentRequest> = {}): CreatePaymentRequest => {
    const paymentId = `ep-${randomUUID().slice(0, 12)}`;
    return {
      paymentId,
      amount: 150_000,
      currency: 'KES',
      captureMode: 'one_stage',
      idempotencyKey: `payment-${paymentId}/create-1`,
      customer: { email: 'payer@example.com', phone: '+254700000000', ipAddress: '127.0.0.1' },
      returnUrls: { success: 'https://merchant.example/ok', failure: 'https://merchant.example/fail' },
      notificationUrl,
      description: 'adapter test',
      ...overrides,
    };
  };
  const ref = (req: CreatePaymentRequest) => ({
    paymentId: req.paymentId,
    currency: req.currency,
    amount: req.amount,
  });
  const ledgerFor = (paymentId: string) => sandbox.ledger().filter((e) => e.paymentId === paymentId);
  const rejectsWith = (call: Promise<unknown>, kind: string, code?: string) =>
    assert.rejects(
      call,
      (e: unknown) => e instanceof ProviderError && e.kind === kind && (!code || e.code === code),
    );

  /** A Gate payment with its redirect, as the workflow sees it after create + redirect_ready. */
  async function gatePayment(overrides: Partial<CreatePaymentRequest> = {}) {
    const req = newRequest(overrides);
    const created = await gate.createPayment(req);
    assert.equal(created.redirectFollows, true);
    assert.equal(created.redirect, undefined, 'the Gate sale answer carries no redirect');
    const ready = await receiver.waitFor(req.paymentId, 'redirect_ready');
    return { req, created, redirect: ready.redirect };
  }

  describe('Gate', () => {
    it('sale → redirect_data callback → payer pays → success callback, status and ledger agree', async () => {
      const { req, created, redirect } = await gatePayment();
      assert.ok(created.providerReference);
      assert.equal(redirect.method, 'POST');
      assert.ok(redirect.url.startsWith(sandbox.url), 'the partner page is on the sandbox');
      assert.equal((await gate.getStatus(ref(req))).state, 'pending');

      await sandbox.actAsPayer(redirect, 'approve');
      const paid = await receiver.waitFor(
        req.paymentId,
        'payment_state',
        (e) => e.status.state === 'captured',
      );
      assert.equal(paid.status.capturedAmount, req.amount);
      assert.deepEqual(await gate.getStatus(ref(req)), {
        state: 'captured',
        currency: 'KES',
        providerReference: created.providerReference,
        authorizedAmount: req.amount,
        capturedAmount: req.amount,
        refundedAmount: 0,
      });
      assert.deepEqual(
        ledgerFor(req.paymentId).map((e) => [e.kind, e.amount, e.operationKey]),
        [['sale', req.amount, req.paymentId]],
      );
    });

    it('a repeated sale (retry after a lost answer) is a duplicate treated as accepted; nothing is booked twice', async () => {
      const { req } = await gatePayment();
      const again = await gate.createPayment(req);
      assert.deepEqual(again, { redirectFollows: true });
      assert.equal(receiver.eventsFor(req.paymentId).filter((e) => e.type === 'redirect_ready').length, 1);
    });

    it('the same payment_id with other money is a final conflict', async () => {
      const { req } = await gatePayment();
      await rejectsWith(
        gate.createPayment({ ...req, amount: req.amount + 100 }),
        'final',
        'payment_id_conflict',
      );
    });

    it('the payer declines → decline callback and status, no money moved', async () => {
      const { req, redirect } = await gatePayment();
      await sandbox.actAsPayer(redirect, 'decline');
      const declined = await receiver.waitFor(
        req.paymentId,
        'payment_state',
        (e) => e.status.state === 'declined',
      );
      assert.equal(declined.status.declineCode, '20000');
      assert.equal((await gate.getStatus(ref(req))).state, 'declined');
      assert.equal(ledgerFor(req.paymentId).length, 0);
    });

    it('the payer walks away → the payment expires after its lifetime and the merchant is told', async () => {
      const { req, redirect } = await gatePayment();
      await sandbox.actAsPayer(redirect, 'abandon');
      await receiver.waitFor(
        req.paymentId,
        'payment_state',
        (e) => e.status.state === 'expired',
        PAYMENT_TTL_MS + 3000,
      );
      assert.equal((await gate.getStatus(ref(req))).state, 'expired');
      await assert.rejects(sandbox.actAsPayer(redirect, 'approve'), /page has no "approve" button/);
    });

    it('full refund: pending, then a refund_result for our refundId; a retry books nothing more', async () => {
      const { req, redirect } = await gatePayment();
      await sandbox.actAsPayer(redirect, 'approve');
      await receiver.waitFor(req.paymentId, 'payment_state', (e) => e.status.state === 'captured');
      const refund = {
        ...ref(req),
        refundId: 'r-1',
        refundAmount: req.amount,
        isFullRefund: true,
        idempotencyKey: `payment-${req.paymentId}/refund-r-1`,
      };
      const result = await gate.refund(refund);
      assert.equal(result.outcome, 'pending');
      assert.ok(result.providerReference);
      const done = await receiver.waitFor(req.paymentId, 'refund_result');
      assert.deepEqual(
        { refundId: done.refundId, succeeded: done.succeeded, amount: done.amount },
        { refundId: 'r-1', succeeded: true, amount: req.amount },
      );
      assert.deepEqual(await gate.refund(refund), { outcome: 'pending' }, 'duplicate merchant_refund_id');
      const status = await gate.getStatus(ref(req));
      assert.equal(status.state, 'refunded');
      assert.equal(status.refundedAmount, req.amount);
      assert.equal(status.capturedAmount, req.amount);
      const refunds = ledgerFor(req.paymentId).filter((e) => e.kind === 'refund');
      assert.deepEqual(
        refunds.map((e) => e.operationKey),
        [`${req.paymentId}.r-1`],
      );
      await rejectsWith(gate.refund({ ...refund, refundId: 'r-2' }), 'final', '3103');
    });

    it('refunds: partial is refused before any call; an unpaid payment is refused by ECommPay', async () => {
      const { req } = await gatePayment();
      const refund = {
        ...ref(req),
        refundId: 'r',
        refundAmount: 100,
        isFullRefund: false,
        idempotencyKey: 'k',
      };
      await rejectsWith(gate.refund(refund), 'final', 'partial_refund_unsupported');
      await rejectsWith(
        gate.refund({ ...refund, refundAmount: req.amount, isFullRefund: true }),
        'final',
        '3103',
      );
    });

    it('status of a payment ECommPay never saw → not_found', async () => {
      assert.deepEqual(await gate.getStatus({ paymentId: 'never-created', currency: 'KES', amount: 1000 }), {
        state: 'not_found',
      });
    });

    it('injected 5xx → transient; the retry goes through', async () => {
      const req = newRequest();
      sandbox.setFaults({ failNextCalls: 1 });
      await rejectsWith(gate.createPayment(req), 'transient', 'http_500');
      assert.equal((await gate.createPayment(req)).redirectFollows, true);
    });

    it('a refused request is final: wrong secret (signature), missing payer IP, limits', async () => {
      const wrongKey = ecommpayProvider.createAdapter({ ...config, secretKey: 'not-the-key' });
      await rejectsWith(wrongKey.createPayment(newRequest()), 'final', '1002');
      await rejectsWith(
        gate.createPayment(newRequest({ customer: { email: 'a@b.c' } })),
        'final',
        'invalid_request',
      );
      await rejectsWith(gate.createPayment(newRequest({ amount: 999 })), 'final', 'invalid_request');
      await rejectsWith(gate.createPayment(newRequest({ currency: 'EUR' })), 'final', 'invalid_request');
    });

    it('nothing listening → transient network failure', async () => {
      const nowhere = ecommpayProvider.createAdapter({ ...config, gateUrl: 'http://127.0.0.1:9' });
      await rejectsWith(nowhere.getStatus({ paymentId: 'x', currency: 'KES', amount: 1000 }), 'transient');
    });

    it('callbacks are repeated until the merchant answers 200', async () => {
      receiver.failNext = 2;
      const { req } = await gatePayment();
      await sleep(200);
      const redirects = receiver.bodies.filter(
        (b) => b.includes(req.paymentId) && b.includes('redirect_data'),
      );
      assert.equal(redirects.length, 3, 'two 503s, then delivered');
    });

    it('capture and void do not exist for card-partner', async () => {
      const base = { paymentId: 'x', currency: 'KES', amount: 1000, idempotencyKey: 'k' };
      await rejectsWith(
        gate.capture({ ...base, captureAmount: 1000, isFullCapture: true }),
        'final',
        'unsupported',
      );
      await rejectsWith(gate.void(base), 'final', 'unsupported');
    });
  });

  describe('Payment Page', () => {
    it('a signed URL; the payment exists only once the payer goes on, then pays', async () => {
      const req = newRequest({ currency: 'USD', amount: 2_500 });
      const created = await paymentPage.createPayment(req);
      assert.equal(created.redirectFollows, undefined);
      assert.ok(created.redirect);
      assert.equal(created.redirect.method, 'GET');
      assert.deepEqual(created.redirect.fields, {});
      const url = new URL(created.redirect.url);
      assert.equal(url.searchParams.get('force_payment_method'), 'card-partner');
      assert.equal(url.searchParams.get('payment_amount'), '2500');
      assert.equal((await paymentPage.getStatus(ref(req))).state, 'not_found');

      await sandbox.actAsPayer(created.redirect, 'approve');
      await receiver.waitFor(req.paymentId, 'payment_state', (e) => e.status.state === 'captured');
      const status = await paymentPage.getStatus(ref(req));
      assert.equal(status.state, 'captured');
      assert.equal(status.capturedAmount, 2_500);
      assert.equal(ledgerFor(req.paymentId).length, 1);
    });

    it('the payer closes the Payment Page: never registered, still not_found after the lifetime', async () => {
      const req = newRequest();
      const created = await paymentPage.createPayment(req);
      await sandbox.actAsPayer(created.redirect!, 'abandon');
      await sleep(PAYMENT_TTL_MS + 200);
      assert.equal((await paymentPage.getStatus(ref(req))).state, 'not_found');
    });

    it('the payer declines at the partner', async () => {
      const req = newRequest();
      const created = await paymentPage.createPayment(req);
      await sandbox.actAsPayer(created.redirect!, 'decline');
      await receiver.waitFor(req.paymentId, 'payment_state', (e) => e.status.state === 'declined');
    });

    it('the sandbox refuses a URL whose amount was changed after signing', async () => {
      const created = await paymentPage.createPayment(newRequest());
      const tampered = created.redirect!.url.replace('payment_amount=150000', 'payment_amount=1000');
      const answer = await request(tampered, { method: 'GET' });
      assert.equal(answer.statusCode, 400);
      assert.match(await answer.body.text(), /wrong signature/);
    });
  });
});
