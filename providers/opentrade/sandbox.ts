/**
 * A local payment system speaking the OpenTrade custom-PS protocol: it answers GetPaymentParameters with a
 * PaymentFormAnswer, serves the payer page at RequestUrl with Pay and Decline, posts the signed result to the
 * payment's resultUrl with its retry habit, sends the payer on to SuccessUrl or failUrl, lets unpaid forms
 * lapse, keeps a ledger and injects faults. Operators also get GET /sandbox/ledger and POST /sandbox/faults.
 */
import type { FastifyRequest } from 'fastify';
import { request as httpRequest } from 'undici';
import type { PayerAction, ProviderSandbox, SandboxOptions } from '../contract';
import type { RedirectInstruction } from '../../domain/payment-types';
import { postForm } from '../shared/http';
import { FaultInjector } from '../shared/sandbox/faults';
import { PAYER_STEP_TIMEOUT_MS, pressPayerButton } from '../shared/sandbox/payer';
import { createSandboxServer, replyHtml as html } from '../shared/sandbox/server';
import { signatureSettings } from './config';
import type { OpenTradeConfig } from './config';
import {
  buildPaymentFormAnswer,
  buildResultParams,
  FORM_PARAMETERS,
  fromProtocolAmount,
  GET_PAYMENT_PARAMETERS,
  SERVICE_PATH,
  signedResult,
  toNumericCurrency,
} from './protocol';
import type { PaymentResult } from './protocol';
import { answerGetPaymentParameters } from './sandbox-api';
import { SandboxNotifier } from './sandbox-notifier';
import { PAY_PATH, PAYER_ACTION_PATH, renderErrorPage, renderPayerPage } from './sandbox-payer-page';
import { SandboxPaymentBook, SandboxRefusal } from './sandbox-payments';
import type { SandboxPayment } from './sandbox-payments';

/** How long an unpaid form stays payable unless `unpaidOrderTtlMs` says otherwise (INFERRED). */
const DEFAULT_FORM_LIFETIME_MS = 20 * 60 * 1000;
const XML = 'text/xml; charset=utf-8';

export interface OpenTradeSandboxExtras {
  /** The RequestMethod of the forms this sandbox issues (default POST, as in the seed's sample). */
  requestMethod?: 'GET' | 'POST';
}

export async function startOpenTradeSandbox(
  config: OpenTradeConfig,
  options: SandboxOptions,
  extras: OpenTradeSandboxExtras = {},
): Promise<ProviderSandbox> {
  const faults = new FaultInjector();
  const requestMethod = extras.requestMethod ?? 'POST';
  const signing = signatureSettings(config);
  const book = new SandboxPaymentBook({
    formLifetimeMs: options.unpaidOrderTtlMs ?? DEFAULT_FORM_LIFETIME_MS,
  });
  const notifier = new SandboxNotifier({ timeScale: options.retryTimeScale ?? 1, faults: faults.current });
  let payUrl = '';

  /** Results go to the resultUrl of the payment's own request (seed step 15), signed with the payment secret. */
  function resultDelivery(payment: SandboxPayment, result: PaymentResult) {
    return {
      url: payment.resultUrl,
      ...signedResult(buildResultParams(result), config.paymentSecret, signing),
    };
  }

  const server = await createSandboxServer({ faults, ledger: () => book.ledger() });
  const { app } = server;

  /** Latency and injected failures apply to the server-to-server call (apiRoute), not to the payer's pages. */
  app.route({
    ...server.apiRoute,
    method: ['GET', 'POST'],
    url: `${SERVICE_PATH}/${GET_PAYMENT_PARAMETERS}`,
    handler: async (request, reply) => {
      const input = request.method === 'GET' ? request.query : request.body;
      const answer = answerGetPaymentParameters(input, {
        config,
        book,
        payUrl: () => payUrl,
        requestMethod,
      });
      return reply.type(XML).send(buildPaymentFormAnswer(answer));
    },
  });

  app.route({
    method: ['GET', 'POST'],
    url: PAY_PATH,
    handler: async (request, reply) => {
      const fields = caseInsensitive(request.method === 'GET' ? request.query : request.body);
      const payment = book.get(fields.get(FORM_PARAMETERS.paymentId.toLowerCase()) ?? '');
      if (!payment) return html(reply.code(404), renderErrorPage('unknown payment'));
      if (!formMatches(payment, fields))
        return html(reply.code(400), renderErrorPage('the form was altered'));
      if (payment.state === 'expired')
        return html(reply.code(410), renderErrorPage('this payment form expired'));
      if (payment.state !== 'open') return html(reply.code(409), renderErrorPage(`payment ${payment.state}`));
      return html(reply, renderPayerPage(payment));
    },
  });

  app.post<{ Params: { paymentId: string } }>(`${PAYER_ACTION_PATH}/:paymentId`, async (request, reply) => {
    const choice = caseInsensitive(request.body).get('action');
    if (choice !== 'approve' && choice !== 'decline') {
      return html(reply.code(400), renderErrorPage('unknown action'));
    }
    let payment;
    try {
      payment = book.settle(request.params.paymentId, choice);
    } catch (error) {
      if (!(error instanceof SandboxRefusal)) throw error;
      return html(reply.code(409), renderErrorPage(error.message));
    }
    const status = choice === 'approve' ? 'success' : 'fail';
    const reason = choice === 'decline' ? 'declined by the payer (sandbox)' : undefined;
    notifier.send(resultDelivery(payment, resultOf(payment, status, reason)));
    return reply.redirect(choice === 'approve' ? payment.successUrl : payment.failUrl, 303);
  });

  const url = await server.listen(options);
  payUrl = url + PAY_PATH;

  async function actAsPayer(redirect: RedirectInstruction, action: PayerAction): Promise<void> {
    const payerPage =
      redirect.method === 'POST'
        ? await postForm(redirect.url, redirect.fields, PAYER_STEP_TIMEOUT_MS)
        : await getPage(redirect.url);
    if (payerPage.status !== 200) throw new Error(`the payment page answered HTTP ${payerPage.status}`);
    if (action === 'abandon') return;
    await pressPayerButton(payerPage.body, action, url);
  }

  /** A "success" result for the order signed with a wrong secret, as a forger without the payment secret would. */
  async function sendForgedNotification(paymentId: string): Promise<number> {
    const payment = book.byOrderId(paymentId);
    const forged: PaymentResult = payment
      ? resultOf(payment, 'success')
      : { orderId: paymentId, paymentId: '999999', amount: 100, currency: 'RUB', status: 'success' };
    const signed = signedResult(buildResultParams(forged), `not-${config.paymentSecret}`, signing);
    const answer = await postForm(
      options.notificationUrl,
      signed.fields,
      PAYER_STEP_TIMEOUT_MS,
      signed.headers,
    );
    return answer.status;
  }

  return server.providerSandbox({ actAsPayer, sendForgedNotification, stop: () => notifier.close() });
}

function resultOf(payment: SandboxPayment, status: PaymentResult['status'], reason?: string): PaymentResult {
  return {
    orderId: payment.orderId,
    paymentId: payment.paymentId,
    amount: payment.amount,
    currency: payment.currency,
    status,
    userId: payment.userId,
    ...(reason ? { reason } : {}),
  };
}

/** The browser brought the form unchanged: the amount and currency are the payment's own. */
function formMatches(payment: SandboxPayment, fields: ReadonlyMap<string, string>): boolean {
  const amount = fields.get(FORM_PARAMETERS.amount.toLowerCase());
  const currency = fields.get(FORM_PARAMETERS.currency.toLowerCase());
  if (amount === undefined || currency !== toNumericCurrency(payment.currency)) return false;
  try {
    return fromProtocolAmount(amount, payment.currency, FORM_PARAMETERS.amount) === payment.amount;
  } catch {
    return false;
  }
}

/** Form or query fields by lowercased name; a repeated field (an array) is dropped, so the lookup fails. */
function caseInsensitive(input: FastifyRequest['body']): ReadonlyMap<string, string> {
  const fields = new Map<string, string>();
  if (typeof input !== 'object' || input === null) return fields;
  for (const [name, value] of Object.entries(input)) {
    if (typeof value === 'string') fields.set(name.toLowerCase(), value);
  }
  return fields;
}

/** A browser's GET of the payer page (GET forms carry their parameters in the URL). */
async function getPage(url: string): Promise<{ status: number; body: string }> {
  const answer = await httpRequest(url, {
    method: 'GET',
    headersTimeout: PAYER_STEP_TIMEOUT_MS,
    bodyTimeout: PAYER_STEP_TIMEOUT_MS,
  });
  return { status: answer.statusCode, body: await answer.body.text() };
}
