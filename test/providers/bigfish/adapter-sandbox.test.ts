/**
 * The BIG FISH adapter and webhook handler against the BIG FISH sandbox, over real HTTP on 127.0.0.1. A tiny local
 * receiver stands in for our gateway: it hands each NotificationUrl call (raw body and query) to the webhook
 * handler and answers with the handler's reply.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError } from '../../../domain/errors';
import type { CaptureMode } from '../../../domain/payment-types';
import { bigfishProvider } from '../../../providers/bigfish';
import type { BigfishConfig, BigfishSandbox } from '../../../providers/bigfish';
import { BigfishAdapter } from '../../../providers/bigfish/adapter';
import { findPayerForm } from '../../../providers/bigfish/sandbox-payer-page';
import type { CreatePaymentRequest, PaymentRef, WebhookOutcome } from '../../../providers/contract';
import { post, postForm } from '../../../providers/shared/http';

/** Our gateway in miniature: verify with the webhook handler, answer as it says; optionally fail first. */
class NotificationReceiver {
  readonly outcomes: WebhookOutcome[] = [];
  /** Answer the next N notifications with the handler's temporary-failure reply (as if Temporal were down). */
  failNext = 0;
  private server: Server | undefined;

  async start(config: BigfishConfig): Promise<string> {
    const handler = bigfishProvider.createWebhookHandler(config);
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
        const outcome = await handler.handle({ rawBody: Buffer.concat(chunks), headers: req.headers, query });
        this.outcomes.push(outcome);
        const reply = this.failNext-- > 0 ? handler.temporaryFailureReply() : outcome.reply;
        res.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/bigfish`;
  }

  hintsFor(paymentId: string): number {
    return this.outcomes.filter((o) => o.kind === 'event' && o.paymentId === paymentId).length;
  }

  async waitForHints(paymentId: string, count = 1, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.hintsFor(paymentId) < count) {
      if (Date.now() > deadline) throw new Error(`no notification for ${paymentId} within ${timeoutMs} ms`);
      await sleep(10);
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const UNPAID_TTL_MS = 600;
let sequence = 0;

describe('BIG FISH adapter against the BIG FISH sandbox', () => {
  const receiver = new NotificationReceiver();
  let sandbox: BigfishSandbox;
  let config: BigfishConfig;
  let adapter: BigfishAdapter;
  let notificationUrl: string;

  before(async () => {
    const placeholder = bigfishProvider.sandboxConfig('http://127.0.0.1:1');
    notificationUrl = await receiver.start(placeholder);
    sandbox = (await bigfishProvider.startSandbox(placeholder, {
      port: 0,
      notificationUrl,
      unpaidOrderTtlMs: UNPAID_TTL_MS,
      retryTimeScale: 0.0001,
    })) as BigfishSandbox;
    config = bigfishProvider.sandboxConfig(sandbox.url);
    adapter = new BigfishAdapter(config);
  });
  after(async () => {
    await sandbox?.close();
    await receiver.close();
  });

  function paymentRequest(overrides: Partial<CreatePaymentRequest> = {}): CreatePaymentRequest {
    const paymentId = `bf-${Date.now()}-${++sequence}`;
    return {
      paymentId,
      amount: 1_000_000,
      currency: 'HUF',
      captureMode: 'one_stage',
      idempotencyKey: `payment-${paymentId}/create-1`,
      returnUrls: { success: 'https://merchant.example/back', failure: 'https://merchant.example/fail' },
      notificationUrl,
      customer: { id: 'customer-42', email: 'payer@example.com' },
      ...overrides,
    };
  }

  const refOf = (req: CreatePaymentRequest, providerReference?: string): PaymentRef => ({
    paymentId: req.paymentId,
    providerReference,
    currency: req.currency,
    amount: req.amount,
  });
  const ledgerFor = (paymentId: string) => sandbox.ledger().filter((e) => e.paymentId === paymentId);
  const isProviderError = (kind: ProviderError['kind'], code?: string) => (error: unknown) =>
    error instanceof ProviderError && error.kind === kind && (code === undefined || error.code === code);

  async function paid(captureMode: CaptureMode, overrides: Partial<CreatePaymentRequest> = {}) {
    const req = paymentRequest({ captureMode, ...overrides });
    const created = await adapter.createPayment(req);
    assert.ok(created.redirect && created.providerReference);
    await sandbox.actAsPayer(created.redirect, 'approve');
    await receiver.waitForHints(req.paymentId);
    return { req, ref: refOf(req, created.providerReference), transactionId: created.providerReference };
  }

  it('one-stage: Init, the GET redirect to Start, Pay, a notification, and Result says captured', async () => {
    const req = paymentRequest();
    const created = await adapter.createPayment(req);
    assert.match(created.providerReference ?? '', /^[0-9a-f]{32}$/);
    assert.deepEqual(created.redirect, {
      method: 'GET',
      url: `${sandbox.url}/Start?TransactionId=${created.providerReference}`,
      fields: {},
    });
    assert.equal((await adapter.getStatus(refOf(req, created.providerReference))).state, 'pending');
    await sandbox.actAsPayer(created.redirect!, 'approve');
    await receiver.waitForHints(req.paymentId);
    const status = await adapter.getStatus(refOf(req, created.providerReference));
    assert.deepEqual(status, {
      state: 'captured',
      providerReference: created.providerReference,
      currency: 'HUF',
      authorizedAmount: 1_000_000,
      capturedAmount: 1_000_000,
    });
    assert.deepEqual(
      ledgerFor(req.paymentId).map((e) => [e.kind, e.amount, e.providerReference]),
      [['sale', 1_000_000, created.providerReference]],
    );
  });

  it('sends the payer back to ResponseUrl with the TransactionId', async () => {
    const req = paymentRequest();
    const created = await adapter.createPayment(req);
    const page = await (await fetch(created.redirect!.url)).text();
    const form = findPayerForm(page, 'approve');
    const done = await postForm(new URL(form.action, sandbox.url).toString(), form.fields, 5000);
    assert.equal(done.status, 303);
  });

  it('two-stage: a partial Close captures part and releases the rest; a repeated Close is recognized', async () => {
    const { req, ref, transactionId } = await paid('two_stage');
    assert.equal((await adapter.getStatus(ref)).state, 'authorized');
    const capture = { ...ref, captureAmount: 600_000, isFullCapture: false, idempotencyKey: 'k/capture-1' };
    assert.deepEqual(await adapter.capture(capture), {
      outcome: 'succeeded',
      providerReference: transactionId,
    });
    // The same call again, as a retry after a lost answer would make it: no second movement.
    assert.deepEqual(await adapter.capture(capture), {
      outcome: 'succeeded',
      providerReference: transactionId,
    });
    assert.deepEqual(
      ledgerFor(req.paymentId).map((e) => [e.kind, e.amount]),
      [
        ['authorize', 1_000_000],
        ['capture', 600_000],
        ['release', 400_000],
      ],
    );
    const status = await adapter.getStatus(ref);
    assert.equal(status.state, 'captured');
    await assert.rejects(
      adapter.void({ ...ref, idempotencyKey: 'k/void-1' }),
      isProviderError('final', 'ERROR'),
    );
  });

  it('two-stage: a full capture sends no amount and captures everything', async () => {
    const { req, ref } = await paid('two_stage');
    const result = await adapter.capture({
      ...ref,
      captureAmount: ref.amount,
      isFullCapture: true,
      idempotencyKey: 'k',
    });
    assert.equal(result.outcome, 'succeeded');
    assert.deepEqual(
      ledgerFor(req.paymentId).map((e) => e.kind),
      ['authorize', 'capture'],
    );
  });

  it('two-stage: void releases the whole hold, and nothing can be captured after it', async () => {
    const { req, ref } = await paid('two_stage');
    assert.equal((await adapter.void({ ...ref, idempotencyKey: 'k/void-1' })).outcome, 'succeeded');
    assert.equal(
      (await adapter.void({ ...ref, idempotencyKey: 'k/void-1' })).outcome,
      'succeeded',
      'a retry is harmless',
    );
    assert.equal((await adapter.getStatus(ref)).state, 'voided');
    await assert.rejects(
      adapter.capture({ ...ref, captureAmount: 100, isFullCapture: false, idempotencyKey: 'k/capture-1' }),
      isProviderError('final', 'ERROR'),
    );
    assert.deepEqual(
      ledgerFor(req.paymentId).map((e) => [e.kind, e.amount]),
      [
        ['authorize', 1_000_000],
        ['release', 1_000_000],
      ],
    );
  });

  it('refunds in parts up to the captured amount, and refuses more', async () => {
    const { req, ref } = await paid('one_stage', { currency: 'EUR', amount: 23_740 });
    const refund = (amount: number, id: string) =>
      adapter.refund({
        ...ref,
        refundId: id,
        refundAmount: amount,
        isFullRefund: false,
        idempotencyKey: `k/${id}`,
      });
    assert.equal((await refund(10_000, 'r1')).outcome, 'succeeded');
    assert.equal((await refund(13_740, 'r2')).outcome, 'succeeded');
    await assert.rejects(refund(1, 'r3'), isProviderError('final', 'ERROR'));
    assert.deepEqual(
      ledgerFor(req.paymentId)
        .filter((e) => e.kind === 'refund')
        .map((e) => e.amount),
      [10_000, 13_740],
    );
  });

  it('decline and cancel end as declined with their codes, and move no money', async () => {
    for (const [choice, code] of [
      ['decline', 'ERROR'],
      ['cancel', 'CANCELED'],
    ] as const) {
      const req = paymentRequest();
      const created = await adapter.createPayment(req);
      const page = await (await fetch(created.redirect!.url)).text();
      const form = findPayerForm(page, choice);
      await postForm(new URL(form.action, sandbox.url).toString(), form.fields, 5000);
      await receiver.waitForHints(req.paymentId);
      const status = await adapter.getStatus(refOf(req, created.providerReference));
      assert.equal(status.state, 'declined');
      assert.equal(status.declineCode, code);
      assert.equal(ledgerFor(req.paymentId).length, 0);
    }
  });

  it('an abandoned payment times out, which BIG FISH reports as TIMEOUT (expired) with a notification', async () => {
    const req = paymentRequest();
    const created = await adapter.createPayment(req);
    await sandbox.actAsPayer(created.redirect!, 'abandon');
    await receiver.waitForHints(req.paymentId, 1, UNPAID_TTL_MS + 3000);
    assert.equal((await adapter.getStatus(refOf(req, created.providerReference))).state, 'expired');
    const page = await fetch(created.redirect!.url);
    assert.equal(page.status, 409, 'the Start page refuses a timed-out transaction');
  });

  it('a payment without a TransactionId is not found; an unknown TransactionId is a final refusal', async () => {
    const req = paymentRequest();
    assert.deepEqual(await adapter.getStatus(refOf(req)), { state: 'not_found' });
    await assert.rejects(
      adapter.getStatus(refOf(req, '0123456789abcdef0123456789abcdef')),
      isProviderError('final', 'UnknownTransaction'),
    );
    await assert.rejects(
      adapter.capture({
        ...refOf(req, 'not-an-id'),
        captureAmount: 1,
        isFullCapture: true,
        idempotencyKey: 'k',
      }),
      isProviderError('final', 'no_transaction'),
    );
  });

  it('wrong credentials are UnknownStore, final, and the API key never shows in the error', async () => {
    const wrong = new BigfishAdapter({ ...config, apiKey: 'not-the-key' });
    await assert.rejects(wrong.createPayment(paymentRequest()), (error: unknown) => {
      assert.ok(isProviderError('final', 'UnknownStore')(error));
      assert.doesNotMatch((error as Error).message, /not-the-key|86af3/);
      return true;
    });
  });

  it('refuses HUF amounts with fillér before anything reaches BIG FISH', async () => {
    const before = sandbox.ledger().length;
    await assert.rejects(
      adapter.createPayment(paymentRequest({ amount: 1_000_050 })),
      isProviderError('final', 'invalid_amount'),
    );
    assert.equal(sandbox.ledger().length, before);
  });

  it('classifies server failures: Result and Close are retried, a Refund is an unknown outcome', async () => {
    const { ref } = await paid('one_stage');
    sandbox.setFaults({ failNextCalls: 1 });
    await assert.rejects(adapter.getStatus(ref), isProviderError('transient', 'http_500'));
    sandbox.setFaults({ failNextCalls: 1 });
    await assert.rejects(
      adapter.refund({
        ...ref,
        refundId: 'r',
        refundAmount: 100,
        isFullRefund: false,
        idempotencyKey: 'k/r',
      }),
      isProviderError('unknown', 'http_500'),
    );
    sandbox.setFaults({ failNextCalls: 1 });
    await assert.rejects(
      adapter.void({ ...ref, idempotencyKey: 'k/v' }),
      isProviderError('transient', 'http_500'),
    );
    sandbox.setFaults({});
  });

  it('delivers duplicates when told to, and repeats a notification our gateway could not record', async () => {
    const req = paymentRequest();
    const created = await adapter.createPayment(req);
    sandbox.setFaults({ notificationMode: 'duplicate' });
    try {
      await sandbox.actAsPayer(created.redirect!, 'approve');
    } finally {
      sandbox.setFaults({});
    }
    await receiver.waitForHints(req.paymentId, 2);
    const ids = receiver.outcomes.flatMap((o) =>
      o.kind === 'event' && o.paymentId === req.paymentId ? [o.event.eventId] : [],
    );
    assert.equal(new Set(ids).size, 1, 'both copies carry one event id');

    const retried = paymentRequest();
    const second = await adapter.createPayment(retried);
    receiver.failNext = 1;
    await sandbox.actAsPayer(second.redirect!, 'approve');
    await receiver.waitForHints(retried.paymentId, 2);
  });

  it('a forged notification is refused by the handler', async () => {
    const req = paymentRequest();
    await adapter.createPayment(req);
    assert.equal(await sandbox.sendForgedNotification(req.paymentId), 401);
    assert.equal(receiver.hintsFor(req.paymentId), 0);
  });

  describe('merchant-initiated charges', () => {
    const recurrence = { paymentsNo: 12, intervalDays: 30 };
    const charge = (registrationReference: string, captureMode: CaptureMode, amount = 500_000) => {
      const paymentId = `bf-rp-${Date.now()}-${++sequence}`;
      return {
        paymentId,
        run: () =>
          adapter.chargeRegistered({
            paymentId,
            registrationReference,
            amount,
            currency: 'HUF',
            captureMode,
            notificationUrl,
            idempotencyKey: `payment-${paymentId}/charge-1`,
          }),
      };
    };

    it('registers the card on the first payment, charges it with InitRP + StartRP, and captures with Close', async () => {
      const first = await paid('two_stage', { recurrence });
      const rp = charge(first.transactionId, 'two_stage');
      const { providerReference, status } = await rp.run();
      assert.match(providerReference, /^[0-9a-f]{32}$/);
      assert.notEqual(providerReference, first.transactionId);
      assert.equal(status.state, 'authorized');
      assert.equal(status.authorizedAmount, 500_000);
      await receiver.waitForHints(rp.paymentId);
      const ref = { paymentId: rp.paymentId, providerReference, currency: 'HUF', amount: 500_000 };
      assert.equal((await adapter.getStatus(ref)).state, 'authorized');
      const closed = await adapter.capture({
        ...ref,
        captureAmount: 500_000,
        isFullCapture: true,
        idempotencyKey: 'k/c',
      });
      assert.equal(closed.outcome, 'succeeded');
      assert.deepEqual(
        ledgerFor(rp.paymentId).map((e) => [e.kind, e.amount, e.providerReference]),
        [
          ['authorize', 500_000, providerReference],
          ['capture', 500_000, providerReference],
        ],
      );
      // The registration stays usable: a one-step charge on it is captured at once.
      const again = await charge(first.transactionId, 'one_stage', 200_000).run();
      assert.equal(again.status.state, 'captured');
      assert.equal(again.status.capturedAmount, 200_000);
    });

    it('refuses a charge on a payment that registered nothing, or on an unknown one', async () => {
      const plain = await paid('one_stage');
      await assert.rejects(charge(plain.transactionId, 'one_stage').run(), isProviderError('final', 'ERROR'));
      await assert.rejects(
        charge('0123456789abcdef0123456789abcdef', 'one_stage').run(),
        isProviderError('final', 'UnknownTransaction'),
      );
      await assert.rejects(
        charge('nope', 'one_stage').run(),
        isProviderError('final', 'invalid_registration'),
      );
    });

    it('reports a declined charge as declined, and a pending one as pending until BIG FISH decides', async () => {
      const first = await paid('one_stage', { recurrence });
      sandbox.setRecurringOutcome('decline');
      try {
        const declined = await charge(first.transactionId, 'one_stage').run();
        assert.equal(declined.status.state, 'declined');
        sandbox.setRecurringOutcome('pending');
        const pending = charge(first.transactionId, 'two_stage');
        const started = await pending.run();
        assert.equal(started.status.state, 'pending');
        await receiver.waitForHints(pending.paymentId);
        const ref = {
          paymentId: pending.paymentId,
          providerReference: started.providerReference,
          currency: 'HUF',
          amount: 500_000,
        };
        assert.equal((await adapter.getStatus(ref)).state, 'authorized');
      } finally {
        sandbox.setRecurringOutcome('approve');
      }
    });

    it('a StartRP whose answer is lost is an unknown outcome naming the new transaction; the money did move', async () => {
      const first = await paid('one_stage', { recurrence });
      // A proxy that forwards everything to the sandbox but loses the answer to StartRP.
      const proxy = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', async () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const answer = await post(`${sandbox.url}${req.url ?? '/'}`, {
            body,
            contentType: String(req.headers['content-type']),
            headers: { authorization: String(req.headers.authorization) },
            timeoutMs: 5000,
          });
          const lost = new URLSearchParams(body).get('method') === 'StartRP';
          res
            .writeHead(lost ? 504 : answer.status, { 'content-type': answer.contentType })
            .end(lost ? '' : answer.body);
        });
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      try {
        const viaProxy = new BigfishAdapter({
          ...config,
          baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        });
        const paymentId = `bf-rp-lost-${++sequence}`;
        const error = await viaProxy
          .chargeRegistered({
            paymentId,
            registrationReference: first.transactionId,
            amount: 300_000,
            currency: 'HUF',
            captureMode: 'one_stage',
            notificationUrl,
            idempotencyKey: `payment-${paymentId}/charge-1`,
          })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        assert.ok(isProviderError('unknown', 'http_504')(error));
        const charged = ledgerFor(paymentId);
        assert.deepEqual(
          charged.map((e) => [e.kind, e.amount]),
          [['sale', 300_000]],
        );
        assert.match((error as Error).message, new RegExp(`TransactionId ${charged[0]?.providerReference}`));
      } finally {
        await new Promise<void>((resolve) => proxy.close(() => resolve()));
      }
    });

    it('will not register a card with a provider that has no one-click support', async () => {
      const plainProvider = new BigfishAdapter({ ...config, providerName: 'OTP' });
      await assert.rejects(
        plainProvider.createPayment(paymentRequest({ recurrence })),
        isProviderError('final', 'registration_not_supported'),
      );
    });
  });
});
