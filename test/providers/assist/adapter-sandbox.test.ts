/**
 * The Assist adapter and webhook handler against the Assist sandbox, over real HTTP on 127.0.0.1. A tiny
 * local receiver stands in for our gateway: it hands each notification's raw body to the webhook handler and
 * answers with the handler's reply.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError } from '../../../domain/errors';
import type { ProviderEvent } from '../../../domain/provider-events';
import type { RedirectInstruction } from '../../../domain/payment-types';
import { assistProvider } from '../../../providers/assist';
import type { AssistConfig } from '../../../providers/assist';
import type { CreatePaymentRequest, ProviderSandbox, WebhookOutcome } from '../../../providers/contract';

interface Delivery {
  outcome: WebhookOutcome;
}

/** Our gateway in miniature: verify with the webhook handler, answer as it says; optionally fail first. */
class NotificationReceiver {
  readonly deliveries: Delivery[] = [];
  /** Answer the next N notifications with the handler's temporary-failure reply (as if Temporal were down). */
  failNext = 0;
  private server: Server | undefined;

  async start(): Promise<string> {
    const handler = assistProvider.createWebhookHandler(assistProvider.sandboxConfig('http://127.0.0.1:1'));
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const rawBody = Buffer.concat(chunks);
        const outcome = await handler.handle({ rawBody, headers: req.headers, query: {} });
        this.deliveries.push({ outcome });
        const reply = this.failNext-- > 0 ? handler.temporaryFailureReply() : outcome.reply;
        res.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/assist`;
  }

  eventsFor(paymentId: string): ProviderEvent[] {
    return this.deliveries.flatMap((d) =>
      d.outcome.kind === 'event' && d.outcome.paymentId === paymentId ? [d.outcome.event] : [],
    );
  }

  async waitForEvents(paymentId: string, count = 1, timeoutMs = 5000): Promise<ProviderEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.eventsFor(paymentId).length < count) {
      if (Date.now() > deadline) throw new Error(`no notification for ${paymentId} within ${timeoutMs} ms`);
      await sleep(10);
    }
    return this.eventsFor(paymentId);
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const ORDER_TTL_MS = 600;

describe('Assist adapter against the Assist sandbox', () => {
  const receiver = new NotificationReceiver();
  let sandbox: ProviderSandbox;
  let config: AssistConfig;

  before(async () => {
    const notificationUrl = await receiver.start();
    sandbox = await assistProvider.startSandbox(assistProvider.sandboxConfig('http://127.0.0.1:1'), {
      port: 0,
      notificationUrl,
      unpaidOrderTtlMs: ORDER_TTL_MS,
      retryTimeScale: 0.0001,
    });
    config = assistProvider.sandboxConfig(sandbox.url);
  });

  after(async () => {
    await sandbox.close();
    await receiver.close();
  });

  let orderSeq = 0;
  function newPayment(captureMode: 'one_stage' | 'two_stage', amount = 23740): CreatePaymentRequest {
    orderSeq += 1;
    const paymentId = `A20042011_${orderSeq}_${Date.now()}`;
    return {
      paymentId,
      amount,
      currency: 'USD',
      captureMode,
      description: `Order payment ${orderSeq}`,
      customer: { email: 'payer@example.test' },
      language: 'en',
      returnUrls: { success: 'http://merchant.test/yes', failure: 'http://merchant.test/no' },
      notificationUrl: 'http://unused.test',
      idempotencyKey: `payment-${paymentId}-create`,
    };
  }

  async function paidPayment(captureMode: 'one_stage' | 'two_stage', confirm: 'http' | 'soap' = 'http') {
    const adapter = assistProvider.createAdapter({ ...config, confirmTransport: confirm });
    const req = newPayment(captureMode);
    const { redirect } = await adapter.createPayment(req);
    assert.ok(redirect);
    await sandbox.actAsPayer(redirect, 'approve');
    const [event] = await receiver.waitForEvents(req.paymentId);
    assert.ok(event?.type === 'payment_state');
    const ref = {
      paymentId: req.paymentId,
      currency: 'USD',
      amount: req.amount,
      providerReference: event.status.providerReference,
    };
    return { adapter, req, ref, event };
  }

  const ledgerOf = (paymentId: string) =>
    sandbox
      .ledger()
      .filter((e) => e.paymentId === paymentId)
      .map((e) => `${e.kind} ${e.amount}`);

  it('creates the order.cfm redirect without calling Assist', async () => {
    const adapter = assistProvider.createAdapter(config);
    const { redirect } = await adapter.createPayment(newPayment('two_stage'));
    assert.equal(redirect?.method, 'POST');
    assert.equal(redirect?.url, `${sandbox.url}/pay/order.cfm`);
    assert.equal(redirect?.fields.Delay, '1');
    assert.equal(redirect?.fields.OrderAmount, '237.40');
    assert.equal(redirect?.fields.Language, 'EN');
  });

  it('two-stage: authorize, verified notification, partial capture over HTTP, two partial refunds, idempotent repeat', async () => {
    const { adapter, req, ref, event } = await paidPayment('two_stage');
    assert.equal(event.type === 'payment_state' && event.status.state, 'authorized');
    assert.equal(event.type === 'payment_state' && event.status.authorizedAmount, 23740);

    const authorized = await adapter.getStatus(ref);
    assert.equal(authorized.state, 'authorized');
    assert.equal(authorized.providerReference, ref.providerReference);

    const capture = await adapter.capture({
      ...ref,
      captureAmount: 20000,
      isFullCapture: false,
      idempotencyKey: `${req.paymentId}-capture`,
    });
    assert.deepEqual(capture, { outcome: 'succeeded', providerReference: ref.providerReference });
    assert.deepEqual(await adapter.getStatus(ref), {
      state: 'captured',
      providerReference: ref.providerReference,
      authorizedAmount: 23740,
      capturedAmount: 20000,
      refundedAmount: 0,
    });

    const refund = (refundId: string, amount: number) =>
      adapter.refund({
        ...ref,
        refundId,
        refundAmount: amount,
        isFullRefund: false,
        idempotencyKey: `payment-${req.paymentId}-refund-${refundId}`,
      });
    assert.equal((await refund('r1', 3000)).outcome, 'succeeded');
    assert.equal((await refund('r2', 2000)).outcome, 'succeeded');
    const before = ledgerOf(req.paymentId);
    assert.equal((await refund('r1', 3000)).outcome, 'succeeded'); // an activity retry of the first refund
    assert.deepEqual(ledgerOf(req.paymentId), before, 'the repeated refund moved no money');
    assert.deepEqual(before, [
      'authorize 23740',
      'capture 20000',
      'release 3740',
      'refund 3000',
      'refund 2000',
    ]);

    const status = await adapter.getStatus(ref);
    assert.equal(status.state, 'refunded');
    assert.equal(status.capturedAmount, 20000);
    assert.equal(status.refundedAmount, 5000);
  });

  it('two-stage: partial capture over SOAP; a repeated confirmation does not charge twice', async () => {
    const { adapter, req, ref } = await paidPayment('two_stage', 'soap');
    const capture = {
      ...ref,
      captureAmount: 10000,
      isFullCapture: false,
      idempotencyKey: `${req.paymentId}-capture`,
    };
    assert.equal((await adapter.capture(capture)).outcome, 'succeeded');
    assert.equal((await adapter.capture(capture)).outcome, 'succeeded');
    assert.deepEqual(ledgerOf(req.paymentId), ['authorize 23740', 'capture 10000', 'release 13740']);
    const status = await adapter.getStatus(ref);
    assert.equal(status.state, 'captured');
    assert.equal(status.capturedAmount, 10000);
  });

  it('two-stage: full capture without a known billnumber looks the order up first', async () => {
    const { adapter, req, ref } = await paidPayment('two_stage');
    const { providerReference: _known, ...withoutReference } = ref;
    await adapter.capture({
      ...withoutReference,
      captureAmount: 23740,
      isFullCapture: true,
      idempotencyKey: `${req.paymentId}-c`,
    });
    assert.deepEqual(ledgerOf(req.paymentId), ['authorize 23740', 'capture 23740']);
    assert.equal((await adapter.getStatus(ref)).state, 'captured');
  });

  it('void releases the whole authorization, and a retried void moves nothing', async () => {
    const { adapter, req, ref } = await paidPayment('two_stage');
    const voidReq = { ...ref, idempotencyKey: `payment-${req.paymentId}-void` };
    assert.equal((await adapter.void(voidReq)).outcome, 'succeeded');
    assert.equal((await adapter.void(voidReq)).outcome, 'succeeded');
    assert.deepEqual(ledgerOf(req.paymentId), ['authorize 23740', 'release 23740']);
    assert.equal((await adapter.getStatus(ref)).state, 'voided');
  });

  it('one-stage: the notification reports captured money; a full refund ends refunded', async () => {
    const { adapter, req, ref, event } = await paidPayment('one_stage');
    assert.equal(event.type === 'payment_state' && event.status.state, 'captured');
    await adapter.refund({
      ...ref,
      refundId: 'all',
      refundAmount: 23740,
      isFullRefund: true,
      idempotencyKey: `payment-${req.paymentId}-refund-all`,
    });
    assert.deepEqual(ledgerOf(req.paymentId), ['sale 23740', 'refund 23740']);
    const status = await adapter.getStatus(ref);
    assert.equal(status.state, 'refunded');
    assert.equal(status.refundedAmount, 23740);
  });

  it('a refusal is final: capturing more than authorized', async () => {
    const { adapter, req, ref } = await paidPayment('two_stage');
    await assert.rejects(
      adapter.capture({
        ...ref,
        captureAmount: 99999,
        isFullCapture: false,
        idempotencyKey: `${req.paymentId}-c`,
      }),
      (error: unknown) =>
        error instanceof ProviderError && error.kind === 'final' && error.code === 'assist_3_3',
    );
  });

  it('injected HTTP 500 is a transient ProviderError (HTTP and SOAP); the next call works', async () => {
    const { adapter, req, ref } = await paidPayment('two_stage');
    sandbox.setFaults({ failNextCalls: 1 });
    await assert.rejects(
      adapter.getStatus(ref),
      (error: unknown) =>
        error instanceof ProviderError && error.kind === 'transient' && error.code === 'http_500',
    );
    assert.equal((await adapter.getStatus(ref)).state, 'authorized');

    const soapAdapter = assistProvider.createAdapter({ ...config, confirmTransport: 'soap' });
    sandbox.setFaults({ failNextCalls: 1 });
    const capture = {
      ...ref,
      captureAmount: 23740,
      isFullCapture: true,
      idempotencyKey: `${req.paymentId}-c`,
    };
    await assert.rejects(
      soapAdapter.capture(capture),
      (error: unknown) =>
        error instanceof ProviderError && error.kind === 'transient' && error.code === 'http_500',
    );
    assert.equal((await soapAdapter.capture(capture)).outcome, 'succeeded');
  });

  it('wrong API credentials are a final error', async () => {
    const { req, ref } = await paidPayment('two_stage');
    const wrong = assistProvider.createAdapter({ ...config, password: 'wrongPassword1' });
    await assert.rejects(
      wrong.capture({
        ...ref,
        captureAmount: 23740,
        isFullCapture: true,
        idempotencyKey: `${req.paymentId}-c`,
      }),
      (error: unknown) =>
        error instanceof ProviderError &&
        error.kind === 'final' &&
        error.code === 'assist_1_1' &&
        !error.message.includes('wrongPassword1'),
    );
  });

  it('decline: the notification and the status API both say declined', async () => {
    const adapter = assistProvider.createAdapter(config);
    const req = newPayment('two_stage');
    const { redirect } = await adapter.createPayment(req);
    await sandbox.actAsPayer(redirect as RedirectInstruction, 'decline');
    const [event] = await receiver.waitForEvents(req.paymentId);
    assert.ok(event?.type === 'payment_state');
    assert.equal(event.status.state, 'declined');
    assert.equal(event.status.declineCode, 'AS100');
    const status = await adapter.getStatus({ paymentId: req.paymentId, currency: 'USD', amount: req.amount });
    assert.equal(status.state, 'declined');
    assert.deepEqual(ledgerOf(req.paymentId), []);
  });

  it('abandon: the order times out and the status API reports expired; no notification', async () => {
    const adapter = assistProvider.createAdapter(config);
    const req = newPayment('two_stage');
    const { redirect } = await adapter.createPayment(req);
    await sandbox.actAsPayer(redirect as RedirectInstruction, 'abandon');
    const ref = { paymentId: req.paymentId, currency: 'USD', amount: req.amount };
    assert.equal((await adapter.getStatus(ref)).state, 'pending');
    await sleep(ORDER_TTL_MS + 200);
    assert.equal((await adapter.getStatus(ref)).state, 'expired');
    assert.deepEqual(receiver.eventsFor(req.paymentId), []);
  });

  it('an orderstate answer signed with another secret word is not trusted', async () => {
    const { ref } = await paidPayment('two_stage');
    const misconfigured = assistProvider.createAdapter({ ...config, secretWord: 'another-secret' });
    await assert.rejects(
      misconfigured.getStatus(ref),
      (error: unknown) => error instanceof ProviderError && error.code === 'checkvalue_mismatch',
    );
  });

  it('an amount that two decimals cannot carry is a final invalid_request', async () => {
    const adapter = assistProvider.createAdapter(config);
    await assert.rejects(
      adapter.createPayment({ ...newPayment('one_stage', 1234), currency: 'KWD' }),
      (error: unknown) =>
        error instanceof ProviderError && error.kind === 'final' && error.code === 'invalid_request',
    );
  });

  it('an unknown order is not_found', async () => {
    const adapter = assistProvider.createAdapter(config);
    assert.deepEqual(await adapter.getStatus({ paymentId: 'never-created', currency: 'USD', amount: 100 }), {
      state: 'not_found',
    });
  });

  it('a notification without a valid answer is repeated; the repeat has the same eventId', async () => {
    receiver.failNext = 1;
    const { req } = await paidPayment('two_stage');
    // The first delivery was answered 503; Assist's retry (scaled down to milliseconds) brings it again.
    const events = await receiver.waitForEvents(req.paymentId, 2);
    assert.equal(events[0]?.eventId, events[1]?.eventId);
  });

  it('a forged notification is rejected by the webhook handler with 400', async () => {
    const { req } = await paidPayment('two_stage');
    assert.equal(await sandbox.sendForgedNotification(req.paymentId), 400);
  });
});
