/**
 * The OpenTrade adapter and result handler against the sandbox payment system, over real HTTP on 127.0.0.1.
 * A tiny local receiver stands in for our gateway: it hands each result's raw body and headers to the webhook
 * handler and answers with the handler's reply. A second stub plays a misbehaving payment system.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { ProviderError } from '../../../domain/errors';
import type { ProviderEvent } from '../../../domain/provider-events';
import { opentradeProvider } from '../../../providers/opentrade';
import type { OpenTradeConfig } from '../../../providers/opentrade';
import { startOpenTradeSandbox } from '../../../providers/opentrade/sandbox';
import type { CreatePaymentRequest, ProviderSandbox, WebhookOutcome } from '../../../providers/contract';
import { postForm, postJson } from '../../../providers/shared/http';

/** Answers every request with `respond`, remembering what it received. */
async function listen(
  respond: (
    body: string,
    headers: IncomingHttpHeaders,
  ) => Promise<{ status: number; type: string; body: string }>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const answer = await respond(Buffer.concat(chunks).toString('utf8'), req.headers);
      res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Our gateway in miniature: verify with the webhook handler, answer as it says; optionally fail first. */
class ResultReceiver {
  readonly outcomes: WebhookOutcome[] = [];
  failNext = 0;
  url = '';
  private stop: (() => Promise<void>) | undefined;

  async start(config: OpenTradeConfig): Promise<void> {
    const handler = opentradeProvider.createWebhookHandler(config);
    const server = await listen(async (body, headers) => {
      const outcome = await handler.handle({ rawBody: Buffer.from(body), headers, query: {} });
      this.outcomes.push(outcome);
      const reply = this.failNext-- > 0 ? handler.temporaryFailureReply() : outcome.reply;
      return { status: reply.status, type: reply.contentType, body: reply.body };
    });
    this.url = `${server.url}/webhooks/opentrade`;
    this.stop = server.close;
  }

  eventsFor(paymentId: string): ProviderEvent[] {
    return this.outcomes.flatMap((o) => (o.kind === 'event' && o.paymentId === paymentId ? [o.event] : []));
  }

  async waitForEvents(paymentId: string, count = 1, timeoutMs = 5000): Promise<ProviderEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.eventsFor(paymentId).length < count) {
      if (Date.now() > deadline) throw new Error(`no result for ${paymentId} within ${timeoutMs} ms`);
      await sleep(10);
    }
    return this.eventsFor(paymentId);
  }

  close(): Promise<void> {
    return this.stop?.() ?? Promise.resolve();
  }
}

const FORM_LIFETIME_MS = 500;

describe('OpenTrade adapter against the sandbox payment system', () => {
  const receiver = new ResultReceiver();
  let sandbox: ProviderSandbox;
  let getSandbox: ProviderSandbox;
  let config: OpenTradeConfig;

  before(async () => {
    await receiver.start(opentradeProvider.sandboxConfig('http://127.0.0.1:1'));
    const options = {
      port: 0,
      notificationUrl: receiver.url,
      unpaidOrderTtlMs: FORM_LIFETIME_MS,
      retryTimeScale: 0.0001,
    };
    sandbox = await opentradeProvider.startSandbox(
      opentradeProvider.sandboxConfig('http://127.0.0.1:1'),
      options,
    );
    getSandbox = await startOpenTradeSandbox(opentradeProvider.sandboxConfig('http://127.0.0.1:1'), options, {
      requestMethod: 'GET',
    });
    config = opentradeProvider.sandboxConfig(sandbox.url);
  });

  after(async () => {
    await sandbox.close();
    await getSandbox.close();
    await receiver.close();
  });

  let seq = 0;
  function newPayment(overrides: Partial<CreatePaymentRequest> = {}): CreatePaymentRequest {
    seq += 1;
    const paymentId = `OT-${seq}-${Date.now()}`;
    return {
      paymentId,
      amount: 50_015,
      currency: 'RUB',
      captureMode: 'one_stage',
      description: `Top up ${seq}`,
      language: 'ru',
      returnUrls: { success: 'http://merchant.test/ok', failure: 'http://merchant.test/fail' },
      notificationUrl: receiver.url,
      idempotencyKey: `payment-${paymentId}/create-1`,
      ...overrides,
    };
  }

  const ledgerOf = (paymentId: string) => sandbox.ledger().filter((e) => e.paymentId === paymentId);

  it('gets the payer form through GetPaymentParameters, with the seed parameter names', async () => {
    const adapter = opentradeProvider.createAdapter(config);
    const req = newPayment();
    const created = await adapter.createPayment(req);
    assert.equal(created.redirect?.method, 'POST');
    assert.equal(created.redirect?.url, `${sandbox.url}/pay`);
    assert.deepEqual(created.redirect?.fields, {
      orderID: req.paymentId,
      PaymentID: created.providerReference,
      UserID: '0000000001',
      Amount: '500.15',
      Currency: '643',
      Description: req.description,
      SuccessUrl: 'http://merchant.test/ok',
      failUrl: 'http://merchant.test/fail',
      resultUrl: receiver.url,
    });
    assert.match(created.providerReference ?? '', /^\d+$/);
    // The same OrderId again (a retried activity) gets the same form: nothing is created twice.
    assert.deepEqual(await adapter.createPayment(req), created);
    assert.deepEqual(ledgerOf(req.paymentId), []);
  });

  it('a paid form yields one sale in the ledger and a signed success result', async () => {
    const adapter = opentradeProvider.createAdapter(config);
    const req = newPayment();
    const { redirect, providerReference } = await adapter.createPayment(req);
    assert.ok(redirect);
    await sandbox.actAsPayer(redirect, 'approve');
    const [event] = await receiver.waitForEvents(req.paymentId);
    assert.deepEqual(event, {
      type: 'payment_state',
      eventId: `opentrade:${providerReference}:success`,
      status: {
        state: 'captured',
        providerReference,
        currency: 'RUB',
        authorizedAmount: 50_015,
        capturedAmount: 50_015,
      },
    });
    const ledger = ledgerOf(req.paymentId);
    assert.equal(ledger.length, 1);
    assert.deepEqual(
      { kind: ledger[0]?.kind, amount: ledger[0]?.amount, key: ledger[0]?.operationKey },
      { kind: 'sale', amount: 50_015, key: req.paymentId },
    );
    // The form cannot be paid twice, nor asked for again.
    await assert.rejects(sandbox.actAsPayer(redirect, 'approve'), /HTTP 409/);
    await assert.rejects(adapter.createPayment(req), (e: unknown) =>
      isProviderError(e, 'final', 'OrderConflict'),
    );
  });

  it('a declined form yields a decline result and moves no money', async () => {
    const req = newPayment();
    const { redirect } = await opentradeProvider.createAdapter(config).createPayment(req);
    assert.ok(redirect);
    await sandbox.actAsPayer(redirect, 'decline');
    const [event] = await receiver.waitForEvents(req.paymentId);
    assert.ok(event?.type === 'payment_state');
    assert.equal(event.status.state, 'declined');
    assert.equal(event.status.declineReason, 'declined by the payer (sandbox)');
    assert.deepEqual(ledgerOf(req.paymentId), []);
  });

  it('follows a GET form: the parameters travel in the URL', async () => {
    const req = newPayment();
    const adapter = opentradeProvider.createAdapter(opentradeProvider.sandboxConfig(getSandbox.url));
    const { redirect } = await adapter.createPayment(req);
    assert.equal(redirect?.method, 'GET');
    assert.deepEqual(redirect?.fields, {});
    assert.ok(redirect?.url.startsWith(`${getSandbox.url}/pay?orderID=`));
    await getSandbox.actAsPayer(redirect, 'approve');
    const [event] = await receiver.waitForEvents(req.paymentId);
    assert.ok(event?.type === 'payment_state' && event.status.state === 'captured');
  });

  it('refuses an altered form on the payer page', async () => {
    const { redirect } = await opentradeProvider.createAdapter(config).createPayment(newPayment());
    assert.ok(redirect);
    const tampered = await postForm(redirect.url, { ...redirect.fields, Amount: '1.00' }, 5000);
    assert.equal(tampered.status, 400);
  });

  it('lets an unpaid form lapse silently', async () => {
    const req = newPayment();
    const { redirect } = await opentradeProvider.createAdapter(config).createPayment(req);
    assert.ok(redirect);
    await sandbox.actAsPayer(redirect, 'abandon');
    await sleep(FORM_LIFETIME_MS + 100);
    await assert.rejects(sandbox.actAsPayer(redirect, 'approve'), /HTTP 410/);
    await sleep(50);
    assert.deepEqual(receiver.eventsFor(req.paymentId), []);
  });

  it('repeats a result until it is acknowledged, and duplicates keep one event id', async () => {
    const adapter = opentradeProvider.createAdapter(config);
    const retried = newPayment();
    const first = await adapter.createPayment(retried);
    receiver.failNext = 2;
    await sandbox.actAsPayer(first.redirect!, 'approve');
    const events = await receiver.waitForEvents(retried.paymentId, 3);
    assert.equal(new Set(events.map((e) => e.eventId)).size, 1);

    const doubled = newPayment();
    const second = await adapter.createPayment(doubled);
    sandbox.setFaults({ notificationMode: 'duplicate' });
    try {
      await sandbox.actAsPayer(second.redirect!, 'approve');
    } finally {
      sandbox.setFaults({});
    }
    const twice = await receiver.waitForEvents(doubled.paymentId, 2);
    assert.equal(twice[0]?.eventId, twice[1]?.eventId);
    assert.equal(ledgerOf(doubled.paymentId).length, 1);
  });

  it('shows its ledger and takes faults over HTTP, for operators', async () => {
    const ledger = await request(`${sandbox.url}/sandbox/ledger`);
    assert.equal(ledger.statusCode, 200);
    assert.ok(Array.isArray(await ledger.body.json()));
    assert.equal((await postJson(`${sandbox.url}/sandbox/faults`, { failNextCalls: -1 }, 5000)).status, 400);
    assert.equal((await postJson(`${sandbox.url}/sandbox/faults`, { latencyMs: 0 }, 5000)).status, 204);
  });

  it('sends a forged result that the handler rejects', async () => {
    const req = newPayment();
    await opentradeProvider.createAdapter(config).createPayment(req);
    assert.equal(await sandbox.sendForgedNotification(req.paymentId), 403);
    assert.deepEqual(receiver.eventsFor(req.paymentId), []);
  });

  it('classifies failures: 5xx transient, refusals final, conflicts final', async () => {
    const adapter = opentradeProvider.createAdapter(config);
    sandbox.setFaults({ failNextCalls: 1 });
    const req = newPayment();
    await assert.rejects(adapter.createPayment(req), (e: unknown) =>
      isProviderError(e, 'transient', 'http_500'),
    );
    assert.ok((await adapter.createPayment(req)).redirect, 'the retry succeeds');
    await assert.rejects(adapter.createPayment({ ...req, amount: 100 }), (e: unknown) =>
      isProviderError(e, 'final', 'OrderConflict'),
    );
    const stranger = opentradeProvider.createAdapter({ ...config, instanceKey: 'not-ours' });
    await assert.rejects(stranger.createPayment(newPayment()), (e: unknown) =>
      isProviderError(e, 'final', 'AccessDenied'),
    );
    const unreachable = opentradeProvider.createAdapter({ ...config, serviceUrl: 'http://127.0.0.1:1/svc' });
    await assert.rejects(unreachable.createPayment(newPayment()), (e: unknown) =>
      isProviderError(e, 'transient', 'network'),
    );
  });

  it('refuses up front what the protocol cannot do, saying what it can', async () => {
    const adapter = opentradeProvider.createAdapter(config);
    await assert.rejects(adapter.createPayment(newPayment({ captureMode: 'two_stage' })), (e: unknown) =>
      isProviderError(e, 'final', 'unsupported_capture_mode', /one-stage payments only/),
    );
    const ref = { paymentId: 'x', currency: 'RUB', amount: 1 };
    await assert.rejects(adapter.getStatus(ref), (e: unknown) =>
      isProviderError(e, 'final', 'status_unsupported'),
    );
    await assert.rejects(
      adapter.capture({ ...ref, captureAmount: 1, isFullCapture: true, idempotencyKey: 'k' }),
      (e: unknown) => isProviderError(e, 'final', 'capture_unsupported'),
    );
    await assert.rejects(adapter.void({ ...ref, idempotencyKey: 'k' }), (e: unknown) =>
      isProviderError(e, 'final', 'void_unsupported'),
    );
    await assert.rejects(
      adapter.refund({ ...ref, refundId: 'r', refundAmount: 1, isFullRefund: true, idempotencyKey: 'k' }),
      (e: unknown) => isProviderError(e, 'final', 'refund_unsupported', /back office/),
    );
  });
});

describe('OpenTrade adapter against a misbehaving payment system', () => {
  let answer = { status: 200, type: 'text/xml', body: '' };
  let stub: { url: string; close: () => Promise<void> };
  let config: OpenTradeConfig;

  before(async () => {
    stub = await listen(async () => answer);
    config = opentradeProvider.sandboxConfig(stub.url);
  });
  after(() => stub.close());

  const req: CreatePaymentRequest = {
    paymentId: 'order-1',
    amount: 50_015,
    currency: 'RUB',
    captureMode: 'one_stage',
    returnUrls: { success: 'http://merchant.test/ok', failure: 'http://merchant.test/fail' },
    notificationUrl: 'http://gateway.test/webhooks/opentrade',
    idempotencyKey: 'payment-order-1/create-1',
  };
  const form = (amount: string, extra = '') =>
    `<PaymentFormAnswer><ErrorCode>Ok</ErrorCode><Result><RequestMethod>POST</RequestMethod>` +
    `<RequestUrl>https://ps.test/pay</RequestUrl><Parameters>` +
    `<Parameter><Name>paymentId</Name><Value>7</Value></Parameter>` +
    `<Parameter><Name>amount</Name><Value>${amount}</Value></Parameter>` +
    `<Parameter><Name>currency</Name><Value>643</Value></Parameter>${extra}</Parameters></Result></PaymentFormAnswer>`;

  it('accepts a comma decimal and lowerCamel names, as in the Russian samples', async () => {
    answer = { status: 200, type: 'text/xml', body: form('500,15') };
    const created = await opentradeProvider.createAdapter(config).createPayment(req);
    assert.equal(created.providerReference, '7');
    assert.equal(created.redirect?.fields.amount, '500,15');
  });

  it('refuses to send the payer to a form that contradicts the request', async () => {
    answer = { status: 200, type: 'text/xml', body: form('5.15') };
    await assert.rejects(opentradeProvider.createAdapter(config).createPayment(req), (e: unknown) =>
      isProviderError(e, 'final', 'answer_mismatch', /Amount differs/),
    );
    const elsewhere = '<Parameter><Name>resultUrl</Name><Value>https://attacker.test/</Value></Parameter>';
    answer = { status: 200, type: 'text/xml', body: form('500.15', elsewhere) };
    await assert.rejects(opentradeProvider.createAdapter(config).createPayment(req), (e: unknown) =>
      isProviderError(e, 'final', 'answer_mismatch', /resultUrl differs/),
    );
  });

  it('retries technical ErrorCodes and unreadable answers, not refusals', async () => {
    const adapter = opentradeProvider.createAdapter(config);
    const refusal = (code: string) =>
      `<PaymentFormAnswer><ErrorCode>${code}</ErrorCode><ErrorDescription>secret order text</ErrorDescription></PaymentFormAnswer>`;
    answer = { status: 200, type: 'text/xml', body: refusal('InternalError') };
    await assert.rejects(adapter.createPayment(req), (e: unknown) =>
      isProviderError(e, 'transient', 'InternalError'),
    );
    answer = { status: 200, type: 'text/xml', body: refusal('InvalidParameters') };
    await assert.rejects(
      adapter.createPayment(req),
      (e: unknown) =>
        isProviderError(e, 'final', 'InvalidParameters') &&
        !(e as Error).message.includes('secret order text'),
    );
    answer = { status: 200, type: 'text/html', body: '<html>maintenance</html>' };
    await assert.rejects(adapter.createPayment(req), (e: unknown) =>
      isProviderError(e, 'transient', 'invalid_response'),
    );
    answer = { status: 403, type: 'text/plain', body: 'forbidden' };
    await assert.rejects(adapter.createPayment(req), (e: unknown) => isProviderError(e, 'final', 'http_403'));
    answer = { status: 503, type: 'text/plain', body: 'busy' };
    await assert.rejects(adapter.createPayment(req), (e: unknown) =>
      isProviderError(e, 'transient', 'http_503'),
    );
  });
});

function isProviderError(e: unknown, kind: string, code: string, message?: RegExp): boolean {
  return (
    e instanceof ProviderError && e.kind === kind && e.code === code && (!message || message.test(e.message))
  );
}
