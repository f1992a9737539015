/**
 * The ECommPay sandbox itself: the callback retry schedule, notification faults, the Gate API's refusals, the
 * Payment Page and partner page checks, the operator endpoints and the forged callback.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import type { ProviderAdapter, ProviderSandbox } from '../../../providers/contract';
import { ecommpayProvider } from '../../../providers/ecommpay';
import type { EcommpayConfig } from '../../../providers/ecommpay';
import { buildPaymentPageUrl, buildSaleRequest, signGateRequest } from '../../../providers/ecommpay/protocol';
import type { SaleRequest } from '../../../providers/ecommpay/protocol';
import { PARTNER_PAGE_PATH } from '../../../providers/ecommpay/sandbox-pages';
import { retryDelaySeconds } from '../../../providers/ecommpay/sandbox-notifier';
import { CallbackReceiver } from './receiver';

describe('ECommPay callback retry schedule (VERIFIED intervals, scaled in tests)', () => {
  it('6 attempts 10 s apart, then 70 + 10·1.12^(n−4) s before attempt n, capped at 4 h, 120 attempts', () => {
    assert.deepEqual([1, 2, 3, 4, 5].map(retryDelaySeconds), [10, 10, 10, 10, 10]);
    assert.equal(retryDelaySeconds(6), 70 + 10 * 1.12 ** 3);
    assert.equal(retryDelaySeconds(119), 4 * 60 * 60);
    assert.equal(retryDelaySeconds(120), undefined);
    let total = 0;
    for (let n = 1; n < 120; n++) {
      const delay = retryDelaySeconds(n) ?? 0;
      assert.ok(delay >= (retryDelaySeconds(n - 1) ?? 0), 'never shrinks');
      total += delay;
    }
    assert.ok(total <= 11 * 24 * 60 * 60, `all attempts fit in 11 days (${Math.round(total / 86400)} days)`);
  });
});

describe('ECommPay sandbox', () => {
  const handler = ecommpayProvider.createWebhookHandler(ecommpayProvider.sandboxConfig('http://127.0.0.1:1'));
  const receiver = new CallbackReceiver(handler);
  let sandbox: ProviderSandbox;
  let config: EcommpayConfig;
  let adapter: ProviderAdapter;
  let notificationUrl: string;

  before(async () => {
    notificationUrl = await receiver.start();
    sandbox = await ecommpayProvider.startSandbox(ecommpayProvider.sandboxConfig('http://127.0.0.1:1'), {
      port: 0,
      notificationUrl,
      unpaidOrderTtlMs: 60_000,
      retryTimeScale: 0.001,
    });
    config = ecommpayProvider.sandboxConfig(sandbox.url);
    adapter = ecommpayProvider.createAdapter(config);
  });
  after(async () => {
    await sandbox?.close();
    await receiver.close();
  });

  const paymentId = () => `sb-${randomUUID().slice(0, 12)}`;
  const saleBody = (id: string, overrides: { projectId?: number; secret?: string } = {}) =>
    buildSaleRequest(
      {
        projectId: overrides.projectId ?? config.projectId,
        paymentId: id,
        amount: 5_000,
        currency: 'USD',
        customerId: 'c-1',
        ipAddress: '127.0.0.1',
      },
      overrides.secret ?? config.secretKey,
    );
  const post = async (path: string, body: string, contentType = 'application/json') => {
    const answer = await request(`${sandbox.url}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': contentType },
    });
    return { status: answer.statusCode, text: await answer.body.text() };
  };
  const createGate = async () => {
    const id = paymentId();
    const req = {
      paymentId: id,
      amount: 5_000,
      currency: 'USD',
      captureMode: 'one_stage' as const,
      idempotencyKey: `k-${id}`,
      customer: { ipAddress: '127.0.0.1' },
      returnUrls: { success: 'https://m.example/ok', failure: 'https://m.example/no' },
      notificationUrl,
    };
    await adapter.createPayment(req);
    return id;
  };
  const callbacksFor = (id: string) => receiver.bodies.filter((b) => b.includes(`"id":"${id}"`));

  describe('Gate API refusals', () => {
    const SALE = '/v2/payment/card-partner/sale';

    it('a body that is not JSON → 400 invalid request', async () => {
      const answer = await post(SALE, 'payment_id=1', 'application/json');
      assert.equal(answer.status, 400);
      assert.deepEqual(JSON.parse(answer.text), {
        project_id: config.projectId,
        status: 'error',
        code: '1001',
        message: 'Request body is not a JSON object',
      });
    });

    it('no signature or a wrong one → 400 code 1002', async () => {
      const body = saleBody(paymentId());
      const { signature: _s, ...general } = body.general;
      assert.match((await post(SALE, JSON.stringify({ ...body, general }))).text, /"code":"1002"/);
      assert.match(
        (await post(SALE, JSON.stringify(saleBody(paymentId(), { secret: 'x' })))).text,
        /"code":"1002"/,
      );
    });

    it('another project, or a field out of shape → 400 code 1001', async () => {
      assert.match(
        (await post(SALE, JSON.stringify(saleBody(paymentId(), { projectId: 99 })))).text,
        /Unknown project/,
      );
      const { general, ...rest } = saleBody(paymentId());
      const { signature: _s, ...unsigned } = general;
      const broken = signGateRequest<SaleRequest>(
        { ...rest, general: unsigned, payment: { amount: -1, currency: 'USD' } },
        config.secretKey,
      );
      const answer = await post(SALE, JSON.stringify(broken));
      assert.equal(answer.status, 400);
      assert.match(answer.text, /"code":"1001".*payment\.amount/);
      const tampered = { ...saleBody(paymentId()), payment: { amount: 6_000, currency: 'USD' } };
      assert.match(
        (await post(SALE, JSON.stringify(tampered))).text,
        /"code":"1002"/,
        'changed after signing',
      );
    });

    it('status: the signature is checked before the lookup; an unknown payment is not found', async () => {
      const answer = await post(
        '/v2/payment/status',
        JSON.stringify({ general: { project_id: 1, payment_id: 'x', signature: 'y' } }),
      );
      assert.equal(answer.status, 400, 'the signature is checked first');
      assert.deepEqual(await adapter.getStatus({ paymentId: 'nope', currency: 'USD', amount: 1 }), {
        state: 'not_found',
      });
    });
  });

  describe('faults and operator endpoints', () => {
    it('POST /sandbox/faults sets faults; GET /sandbox/ledger lists movements', async () => {
      assert.equal((await post('/sandbox/faults', '{"failNextCalls":"x"}')).status, 400);
      assert.equal((await post('/sandbox/faults', '{"failNextCalls":1}')).status, 204);
      assert.equal((await post('/v2/payment/status', '{}')).status, 500);
      assert.equal((await post('/v2/payment/status', '{}')).status, 400, 'only the next call failed');
      const ledger = await request(`${sandbox.url}/sandbox/ledger`);
      assert.ok(Array.isArray(await ledger.body.json()));
    });

    it('notificationMode duplicate sends each callback twice; drop sends none', async () => {
      sandbox.setFaults({ notificationMode: 'duplicate' });
      const doubled = await createGate();
      sandbox.setFaults({ notificationMode: 'drop' });
      const dropped = await createGate();
      sandbox.setFaults({});
      await sleep(300);
      assert.equal(callbacksFor(doubled).length, 2);
      assert.equal(callbacksFor(doubled)[0], callbacksFor(doubled)[1]);
      assert.equal(callbacksFor(dropped).length, 0);
    });

    it('notificationMode delay holds callbacks back', async () => {
      sandbox.setFaults({ notificationMode: 'delay', notificationDelayMs: 400 });
      const delayed = await createGate();
      sandbox.setFaults({});
      await sleep(100);
      assert.equal(callbacksFor(delayed).length, 0);
      await receiver.waitFor(delayed, 'redirect_ready');
    });

    it('a forged success callback is refused by the webhook handler (400)', async () => {
      const id = await createGate();
      assert.equal(await sandbox.sendForgedNotification(id), 400);
      assert.equal(await sandbox.sendForgedNotification('never-created'), 400);
    });
  });

  describe('payer pages', () => {
    const pageUrl = (overrides: Partial<Parameters<typeof buildPaymentPageUrl>[1]> = {}) =>
      buildPaymentPageUrl(
        sandbox.url,
        {
          projectId: config.projectId,
          paymentId: paymentId(),
          amount: 5_000,
          currency: 'USD',
          customerId: 'c',
          paymentMethod: 'card-partner',
          ...overrides,
        },
        config.secretKey,
      );
    const get = async (url: string) => {
      const answer = await request(url);
      return { status: answer.statusCode, text: await answer.body.text() };
    };

    it('the Payment Page refuses repeated parameters, another method, and amounts outside the limits', async () => {
      assert.equal((await get(`${pageUrl()}&payment_id=other`)).status, 400);
      assert.match((await get(pageUrl({ paymentMethod: 'card' }))).text, /card-partner only/);
      assert.match((await get(pageUrl({ amount: 99 }))).text, /not accepted/);
      assert.equal((await get(pageUrl())).status, 200);
    });

    it('a paid payment shows its status when its Payment Page is opened again', async () => {
      const url = pageUrl();
      await sandbox.actAsPayer({ method: 'GET', url, fields: {} }, 'approve');
      const again = await get(url);
      assert.match(again.text, /is success/);
    });

    it('the partner page refuses an invoice with a wrong checksum', async () => {
      const answer = await get(`${sandbox.url}${PARTNER_PAGE_PATH}?inv=INV1&hsh=00`);
      assert.equal(answer.status, 400);
    });
  });
});
