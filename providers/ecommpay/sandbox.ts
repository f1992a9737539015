/**
 * A local ECommPay speaking card-partner's wire formats: Gate sale / refund / status with signature checks,
 * the signed Payment Page, the partner's payer page, signed callbacks with ECommPay's retry schedule, unpaid
 * payments expiring, a ledger and fault injection. Operators also get GET /sandbox/ledger and POST /sandbox/faults.
 * This file wires the parts: sandbox-book (state), sandbox-gate (API), sandbox-payer-routes (pages),
 * sandbox-notifier (callbacks), sandbox-payer (the payer's browser).
 */
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { z } from 'zod';
import type { PayerAction, ProviderSandbox, SandboxFaults, SandboxOptions } from '../contract';
import type { RedirectInstruction } from '../../domain/payment-types';
import { postJson } from '../shared/http';
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
const FORGERY_TIMEOUT_MS = 10_000;

const faultsSchema = z.strictObject({
  failNextCalls: z.number().int().min(0).optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  notificationMode: z.enum(['normal', 'drop', 'duplicate', 'delay']).optional(),
  notificationDelayMs: z.number().int().min(0).max(600_000).optional(),
});

export async function startEcommpaySandbox(
  config: EcommpayConfig,
  options: SandboxOptions,
): Promise<ProviderSandbox> {
  let faults: SandboxFaults = {};
  let sandboxUrl = '';
  const lifetimeMs = options.unpaidOrderTtlMs ?? DEFAULT_PAYMENT_LIFETIME_MS;
  const book = new SandboxBook({ paymentLifetimeMs: lifetimeMs });
  const partner = new SandboxPartner();
  const notifier = new SandboxNotifier({
    secretKey: config.secretKey,
    timeScale: options.retryTimeScale ?? 1,
    faults: () => faults,
  });

  /** Callbacks go to the payment's merchant_callback_url, else to the project's callback URL. */
  const notify = (payment: SandboxPayment, operation: SandboxOperation, extra?: JsonObject) =>
    notifier.send(
      payment.callbackUrl ?? options.notificationUrl,
      callbackBody(book, payment, operation, extra),
    );
  const gate = new SandboxGate(config, book, {
    saleRegistered: (payment) =>
      notify(payment, book.saleOf(payment), { redirect_data: partner.redirectData(payment, sandboxUrl) }),
    refunded: (payment, operation) => notify(payment, operation),
  });

  /** Unpaid payments past their lifetime expire, and the merchant hears about it (INFERRED). */
  const sweep = () => book.expireDue().forEach((payment) => notify(payment, book.saleOf(payment)));
  const sweeper = setInterval(sweep, Math.min(1000, Math.max(50, lifetimeMs / 4)));
  sweeper.unref();

  /** Latency and injected failures apply to the Gate API, not to the payer's pages. */
  async function injectedFailure(): Promise<boolean> {
    if (faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    if (!faults.failNextCalls) return false;
    faults = { ...faults, failNextCalls: faults.failNextCalls - 1 };
    return true;
  }

  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  await app.register(formbody);
  // Gate requests are read byte for byte: the signature is checked over exactly what was sent.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  const gateRoute = (path: string, handle: (raw: string) => GateAnswerOut) =>
    app.post(path, async (request, reply) => {
      if (await injectedFailure()) return reply.code(500).type('text/plain').send('injected failure');
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

  app.get('/sandbox/ledger', async () => book.ledger());
  app.post('/sandbox/faults', async (request, reply) => {
    const parsed = faultsSchema.safeParse(parseJsonText(request.body));
    if (!parsed.success) {
      return reply.code(400).send({ error: 'invalid faults', issues: parsed.error.issues });
    }
    faults = parsed.data;
    return reply.code(204).send();
  });

  sandboxUrl = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
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
    return (await postJson(options.notificationUrl, forged, FORGERY_TIMEOUT_MS)).status;
  }

  return {
    url: sandboxUrl,
    ledger: () => book.ledger(),
    setFaults: (next) => {
      faults = faultsSchema.parse(next);
    },
    actAsPayer: (redirect: RedirectInstruction, action: PayerAction) => payer.act(redirect, action),
    sendForgedNotification,
    close: async () => {
      clearInterval(sweeper);
      notifier.close();
      await app.close();
    },
  };
}

/** The faults endpoint's body arrives as text (the JSON parser above keeps bodies raw). */
function parseJsonText(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
