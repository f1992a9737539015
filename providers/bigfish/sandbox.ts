/**
 * A local BIG FISH Payment Gateway speaking its wire format: `/api/payment/` (method + json form fields, HTTP Basic
 * StoreName:ApiKey) with Init, InitRP, StartRP, Result, Close and Refund; the `/Start` payer page with Pay, Decline
 * and Cancel, then the browser redirect to ResponseUrl?TransactionId=...; NotificationUrl calls; unpaid
 * transactions timing out; a ledger; fault injection. Operators also get GET /sandbox/ledger and POST /sandbox/faults.
 */
import { randomBytes } from 'node:crypto';
import type { RedirectInstruction } from '../../domain/payment-types';
import type { PayerAction, ProviderSandbox, SandboxOptions } from '../contract';
import { post } from '../shared/http';
import { FaultInjector } from '../shared/sandbox/faults';
import { PAYER_STEP_TIMEOUT_MS, pressPayerButton } from '../shared/sandbox/payer';
import { createSandboxServer, replyHtml as html } from '../shared/sandbox/server';
import type { BigfishConfig } from './config';
import { notificationUrlFor } from './notification-url';
import { buildNotificationBody, PATHS, responseUrlWithTransaction } from './protocol';
import { SandboxApi } from './sandbox-api';
import { SandboxNotifier } from './sandbox-notifier';
import { PAYER_ACTION_PATH, renderErrorPage, renderPayerPage } from './sandbox-payer-page';
import { SandboxRefusal, SandboxTransactionBook } from './sandbox-transactions';
import type { RecurringOutcome, SandboxTransaction } from './sandbox-transactions';

/** How long an unpaid transaction stays open unless `unpaidOrderTtlMs` says otherwise (INFERRED). */
const DEFAULT_UNPAID_LIFETIME_MS = 20 * 60 * 1000;
/** How long the acquirer takes to answer a StartRP it first reported PENDING. */
const PENDING_RECURRING_DELAY_MS = 300;

/** The sandbox, plus a control of how merchant-initiated charges come out. */
export interface BigfishSandbox extends ProviderSandbox {
  setRecurringOutcome(outcome: RecurringOutcome): void;
}

export async function startBigfishSandbox(
  config: BigfishConfig,
  options: SandboxOptions,
): Promise<BigfishSandbox> {
  const faults = new FaultInjector();
  let recurringOutcome: RecurringOutcome = 'approve';
  const book = new SandboxTransactionBook({
    storeName: config.storeName,
    wholeUnitCurrencies: config.wholeUnitCurrencies,
    unpaidLifetimeMs: options.unpaidOrderTtlMs ?? DEFAULT_UNPAID_LIFETIME_MS,
  });
  const notifier = new SandboxNotifier({ timeScale: options.retryTimeScale ?? 1, faults: faults.current });
  const notify = (tx: SandboxTransaction) =>
    notifier.send({
      url: tx.notificationUrl,
      body: buildNotificationBody({
        storeName: tx.storeName,
        transactionId: tx.transactionId,
        orderId: tx.orderId,
      }),
    });
  const timers = new Set<NodeJS.Timeout>();
  const later = (task: () => void, delayMs: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      task();
    }, delayMs);
    timers.add(timer);
  };
  const api = new SandboxApi(config, book, {
    recurringOutcome: () => recurringOutcome,
    finished: notify,
    pendingRecurring: (tx) =>
      later(() => {
        const done = book.completeRecurring(tx.transactionId);
        if (done) notify(done);
      }, PENDING_RECURRING_DELAY_MS),
  });

  // TIMEOUT is a final state too, so its NotificationUrl call goes out when the lifetime ends (INFERRED).
  const sweepMs = Math.max(
    50,
    Math.min(1_000, Math.floor((options.unpaidOrderTtlMs ?? DEFAULT_UNPAID_LIFETIME_MS) / 4)),
  );
  const sweeper = setInterval(() => book.expireDue().forEach(notify), sweepMs);
  sweeper.unref();

  const server = await createSandboxServer({ faults, ledger: () => book.ledger() });
  const { app } = server;

  /** Latency and injected failures apply to the server-to-server API (apiRoute), not to the payer's pages. */
  app.post(PATHS.api, server.apiRoute, async (request, reply) => {
    const answer = api.handle(textFields(request.body), request.headers.authorization);
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(answer));
  });

  app.get<{ Querystring: Record<string, unknown> }>(PATHS.start, async (request, reply) => {
    const id = request.query.TransactionId;
    if (typeof id !== 'string') return html(reply.code(400), renderErrorPage('TransactionId is missing'));
    const tx = guarded(() => book.start(id));
    if (!tx.ok) return html(reply.code(409), renderErrorPage(tx.reason));
    return html(reply, renderPayerPage(tx.value));
  });

  app.post<{ Params: { transactionId: string } }>(
    `${PAYER_ACTION_PATH}/:transactionId`,
    async (request, reply) => {
      const choice = textFields(request.body).action;
      if (choice !== 'approve' && choice !== 'decline' && choice !== 'cancel') {
        return html(reply.code(400), renderErrorPage('unknown action'));
      }
      const paid = guarded(() => book.pay(request.params.transactionId, choice));
      if (!paid.ok) return html(reply.code(409), renderErrorPage(paid.reason));
      notify(paid.value);
      // Back to the shop with the TransactionId, whatever the outcome (VERIFIED §1.2).
      return reply.redirect(
        responseUrlWithTransaction(paid.value.responseUrl, paid.value.transactionId),
        303,
      );
    },
  );

  await server.listen(options);

  async function actAsPayer(redirect: RedirectInstruction, action: PayerAction): Promise<void> {
    if (redirect.method !== 'GET') throw new Error('a BIG FISH redirect is a GET to /Start');
    const startPage = await fetch(redirect.url, { signal: AbortSignal.timeout(PAYER_STEP_TIMEOUT_MS) });
    const body = await startPage.text();
    if (startPage.status !== 200) throw new Error(`the Start page answered HTTP ${startPage.status}`);
    if (action === 'abandon') return;
    await pressPayerButton(body, action, redirect.url);
  }

  /** A notification for the payment's transaction on a URL whose token was made with a key we do not hold. */
  async function sendForgedNotification(paymentId: string): Promise<number> {
    const tx = book.latestForOrder(paymentId);
    const forgedUrl = notificationUrlFor(options.notificationUrl, paymentId, randomBytes(32));
    const body = buildNotificationBody({
      storeName: config.storeName,
      transactionId: tx?.transactionId ?? randomBytes(16).toString('hex'),
      orderId: paymentId,
    });
    return (
      await post(forgedUrl, { body, contentType: 'application/json', timeoutMs: PAYER_STEP_TIMEOUT_MS })
    ).status;
  }

  return {
    ...server.providerSandbox({
      actAsPayer,
      sendForgedNotification,
      stop: () => {
        clearInterval(sweeper);
        timers.forEach((t) => clearTimeout(t));
        notifier.close();
      },
    }),
    setRecurringOutcome: (outcome) => {
      recurringOutcome = outcome;
    },
  };
}

type Guarded<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Runs a book operation for a payer page; a refusal becomes the page's message. */
function guarded<T>(operation: () => T): Guarded<T> {
  try {
    return { ok: true, value: operation() };
  } catch (error) {
    if (error instanceof SandboxRefusal) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Form bodies as text fields; repeated fields stay arrays so validation rejects them. */
function textFields(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? { ...(body as Record<string, unknown>) } : {};
}
