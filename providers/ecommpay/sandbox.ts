/**
 * A local ECommPay speaking card-partner's wire formats: Gate sale / refund / status with signature checks,
 * the signed Payment Page, the partner's payer page, signed callbacks with ECommPay's retry schedule, unpaid
 * payments expiring, a ledger and fault injection. Operators also get GET /sandbox/ledger and POST /sandbox/faults.
 * This file wires the parts: sandbox-book (state), sandbox-gate (API), sandbox-payer-routes (pages),
 * sandbox-notifier (callbacks), sandbox-payer (the payer's browser).
 */
import type { ProviderSandbox, SandboxOptions } from '../contract';
import { postJson } from '../shared/http';
import { FaultInjector } from '../shared/sandbox/faults';
import { PAYER_STEP_TIMEOUT_MS } from '../shared/sandbox/payer';
import { createSandboxServer } from '../shared/sandbox/server';
import { signCallback } from './callback';
import type { EcommpayConfig } from './config';
import type { JsonObject } from './json-reader';
import { SandboxBook } from './sandbox-book';
import type { SandboxOperation, SandboxPayment } from './sandbox-book';
import { SandboxGate } from './sandbox-gate';
import type { GateAnswerOut } from './sandbox-gate';
import { callbackBody } from './sandbox-messages';
import { SandboxNotifier } from './sandbox-notifier';
import { SandboxPartner } from './sandbox-partner';
import { SandboxPayer } from './sandbox-payer';
import { registerPayerRoutes } from './sandbox-payer-routes';
import { SandboxPaymentPage } from './sandbox-payment-page';

/** The seed's redirect_data says `ttl: "900"`: 15 minutes to pay, unless `unpaidOrderTtlMs` says otherwise. */
const DEFAULT_PAYMENT_LIFETIME_MS = 15 * 60 * 1000;

export async function startEcommpaySandbox(
  config: EcommpayConfig,
  options: SandboxOptions,
): Promise<ProviderSandbox> {
  const faults = new FaultInjector();
  let sandboxUrl = '';
  const lifetimeMs = options.unpaidOrderTtlMs ?? DEFAULT_PAYMENT_LIFETIME_MS;
  const book = new SandboxBook({ paymentLifetimeMs: lifetimeMs });
  const partner = new SandboxPartner();
  const notifier = new SandboxNotifier({
    secretKey: config.secretKey,
    timeScale: options.retryTimeScale ?? 1,
    faults: faults.current,
  });

  /** Callbacks go to the payment's merchant_callback_url, else to the project's callback URL. */
  const notify = (payment: SandboxPayment, operation: SandboxOperation, extra?: JsonObject) =>
    notifier.send({
      url: payment.callbackUrl ?? options.notificationUrl,
      body: callbackBody(book, payment, operation, extra),
    });
  const gate = new SandboxGate(config, book, {
    saleRegistered: (payment) =>
      notify(payment, book.saleOf(payment), { redirect_data: partner.redirectData(payment, sandboxUrl) }),
    refunded: (payment, operation) => notify(payment, operation),
  });

  /** Unpaid payments past their lifetime expire, and the merchant hears about it (INFERRED). */
  const sweep = () => book.expireDue().forEach((payment) => notify(payment, book.saleOf(payment)));
  const sweeper = setInterval(sweep, Math.min(1000, Math.max(50, lifetimeMs / 4)));
  sweeper.unref();

  // Gate requests are read byte for byte: the signature is checked over exactly what was sent.
  const server = await createSandboxServer({ faults, ledger: () => book.ledger(), rawJsonBodies: true });
  const { app } = server;

  /** Latency and injected failures apply to the Gate API (apiRoute), not to the payer's pages. */
  const gateRoute = (path: string, handle: (raw: string) => GateAnswerOut) =>
    app.post(path, server.apiRoute, async (request, reply) => {
      sweep();
      const answer = handle(typeof request.body === 'string' ? request.body : '');
      return reply.code(answer.httpStatus).type('application/json').send(JSON.stringify(answer.body));
    });
  const paths = gate.paths();
  gateRoute(paths.sale, (raw) => gate.sale(raw));
  gateRoute(paths.refund, (raw) => gate.refund(raw));
  gateRoute(paths.status, (raw) => gate.status(raw));

  registerPayerRoutes(app, {
    book,
    partner,
    paymentPage: new SandboxPaymentPage(config),
    paymentMethod: config.paymentMethod,
    sandboxUrl: () => sandboxUrl,
    sweep,
    saleSettled: (payment) => notify(payment, book.saleOf(payment)),
  });

  sandboxUrl = await server.listen(options);
  const payer = new SandboxPayer(sandboxUrl);

  /** A `success` callback for the payment, signed with a key that is not the project's: what a forger sends. */
  async function sendForgedNotification(paymentId: string): Promise<number> {
    const payment = book.payment(paymentId);
    const sum = { amount: payment?.amount ?? 100, currency: payment?.currency ?? 'USD' };
    const body: JsonObject = {
      project_id: config.projectId,
      payment: { id: paymentId, type: 'purchase', status: 'success', sum },
      operation: {
        id: 1,
        type: 'sale',
        status: 'success',
        request_id: 'forged-00000001',
        sum_initial: sum,
        code: '0',
        message: 'Success',
      },
    };
    const forged = signCallback(body, `not-${config.secretKey}`);
    return (await postJson(options.notificationUrl, forged, PAYER_STEP_TIMEOUT_MS)).status;
  }

  return server.providerSandbox({
    actAsPayer: (redirect, action) => payer.act(redirect, action),
    sendForgedNotification,
    stop: () => {
      clearInterval(sweeper);
      notifier.close();
    },
  });
}
