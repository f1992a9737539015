/**
 * A local IPS Assist speaking Assist's wire formats: the payer's order.cfm form and card page, the signed result
 * notification with Assist's retry habit, charge.cfm over HTTP and SOAP, wscancel.cfm / cancel.cfm,
 * orderstate.cfm, credentials, order lifetime, a ledger and fault injection. Operators also get
 * GET /sandbox/ledger and POST /sandbox/faults.
 */
import { readFileSync } from 'node:fs';
import type { FastifyReply } from 'fastify';
import * as soap from 'soap';
import type { PayerAction, ProviderSandbox, SandboxOptions } from '../contract';
import type { RedirectInstruction } from '../../domain/payment-types';
import type { AssistConfig } from './config';
import { postForm } from '../shared/http';
import { FaultInjector } from '../shared/sandbox/faults';
import { PAYER_STEP_TIMEOUT_MS, pressPayerButton } from '../shared/sandbox/payer';
import { createSandboxServer, replyHtml as html } from '../shared/sandbox/server';
import {
  buildResultXml,
  checkvalue,
  checkvaluesMatch,
  orderCheckvalueParts,
  orderFormSchema,
  PATHS,
  RESPONSE_FORMAT,
} from './protocol';
import type { AssistResult } from './protocol';
import { run, SandboxApi } from './sandbox-api';
import type { ApiAnswer } from './sandbox-api';
import { SandboxNotifier } from './sandbox-notifier';
import { SandboxOrderBook } from './sandbox-orders';
import { PAYER_ACTION_PATH, renderErrorPage, renderPayerPage } from './sandbox-payer-page';
import { CHARGE_WSDL_PATH } from './soap-charge-client';

/** How long an unpaid order stays open before it becomes Timeout, unless `unpaidOrderTtlMs` says otherwise. */
const DEFAULT_ORDER_LIFETIME_MS = 20 * 60 * 1000;
const XML = 'text/xml; charset=utf-8';

export async function startAssistSandbox(
  config: AssistConfig,
  options: SandboxOptions,
): Promise<ProviderSandbox> {
  const faults = new FaultInjector();
  const book = new SandboxOrderBook({
    merchantId: config.merchantId,
    secretWord: config.secretWord,
    orderLifetimeMs: options.unpaidOrderTtlMs ?? DEFAULT_ORDER_LIFETIME_MS,
  });
  const api = new SandboxApi(config, book);
  const notifier = new SandboxNotifier({
    url: options.notificationUrl,
    timeScale: options.retryTimeScale ?? 1,
    faults: faults.current,
  });

  const server = await createSandboxServer({ faults, ledger: () => book.ledger() });
  const { app } = server;

  app.post(PATHS.order, async (request, reply) => {
    const parsed = orderFormSchema.safeParse(textFields(request.body));
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', ');
      return html(reply.code(400), renderErrorPage(`invalid payment request: ${fields}`));
    }
    const form = parsed.data;
    if (form.Merchant_ID !== config.merchantId)
      return html(reply.code(400), renderErrorPage('unknown merchant'));
    const expected = checkvalue(config.secretWord, orderCheckvalueParts(form), config.checkvalueVariant);
    if (!checkvaluesMatch(form.Checkvalue, expected))
      return html(reply.code(400), renderErrorPage('wrong Checkvalue'));
    const opened = run(() => book.openOrder(form));
    if (!opened.ok) return html(reply.code(409), renderErrorPage('this order has already been paid'));
    return html(reply, renderPayerPage(opened.value));
  });

  app.post<{ Params: { billnumber: string } }>(`${PAYER_ACTION_PATH}/:billnumber`, async (request, reply) => {
    const choice = textFields(request.body).action;
    if (choice !== 'approve' && choice !== 'decline')
      return html(reply.code(400), renderErrorPage('unknown action'));
    const paid = run(() => book.pay(request.params.billnumber, choice));
    if (!paid.ok) return html(reply.code(409), renderErrorPage('this order can no longer be paid'));
    const order = paid.value;
    notifier.send(book.notificationFields(order));
    const target = choice === 'approve' ? order.returnUrlOk : order.returnUrlNo;
    return target ? reply.redirect(target, 303) : html(reply, renderErrorPage(`payment ${order.state}`));
  });

  /** Latency and injected failures apply to the server-to-server API (apiRoute), not to the payer's pages. */
  app.post(PATHS.charge, server.apiRoute, async (request, reply) => {
    return xml(reply, api.charge(textFields(request.body), RESPONSE_FORMAT.xml));
  });

  for (const path of [PATHS.cancel, PATHS.cancelForm]) {
    app.post(path, server.apiRoute, async (request, reply) => {
      const outcome = api.cancel(textFields(request.body));
      if (outcome.format === 'xml') return xml(reply, outcome.answer);
      const body = outcome.answer.ok ? outcome.answer.value : outcome.answer.codes;
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
    });
  }

  app.post(PATHS.orderState, server.apiRoute, async (request, reply) => {
    return xml(reply, api.orderState(textFields(request.body)));
  });

  /** Our WSDL with this sandbox's SOAP address, known once the server listens. */
  let wsdl = '';
  app.get(PATHS.chargeWsdl, async (_request, reply) => reply.type(XML).send(wsdl));

  const url = await server.listen(options);
  wsdl = readFileSync(CHARGE_WSDL_PATH, 'utf8').replace(
    /<soap:address location="[^"]*"\/>/,
    `<soap:address location="${url}${PATHS.chargeSoap}"/>`,
  );
  await new Promise<void>((resolve, reject) => {
    soap.listen(app.server, {
      path: PATHS.chargeSoap,
      xml: wsdl,
      services: {
        ChargeService: {
          ChargePort: {
            Charge: async (args: unknown) => {
              if (await faults.injectedFailure()) {
                throw {
                  Fault: { faultcode: 'soap:Server', faultstring: 'injected failure', statusCode: 500 },
                };
              }
              const charged = api.charge(textFields(args), RESPONSE_FORMAT.soap);
              if (!charged.ok) return charged.codes;
              const { firstcode, secondcode, orders } = charged.value;
              return { firstcode, secondcode, order: orders };
            },
          },
        },
      },
      callback: (error: unknown) =>
        error ? reject(error instanceof Error ? error : new Error('WSDL')) : resolve(),
    });
  });

  async function actAsPayer(redirect: RedirectInstruction, action: PayerAction): Promise<void> {
    if (redirect.method !== 'POST') throw new Error('an Assist redirect is a form POST');
    const cardPage = await postForm(redirect.url, redirect.fields, PAYER_STEP_TIMEOUT_MS);
    if (cardPage.status !== 200) throw new Error(`the payment page answered HTTP ${cardPage.status}`);
    if (action === 'abandon') return;
    await pressPayerButton(cardPage.body, action, redirect.url, [303, 200]);
  }

  /** An "Approved" notification whose checkvalue is made with a wrong secret word, as a forger would. */
  async function sendForgedNotification(paymentId: string): Promise<number> {
    const fields = book.forgedNotificationFields(paymentId, `not-${config.secretWord}`);
    return (await postForm(options.notificationUrl, fields, PAYER_STEP_TIMEOUT_MS)).status;
  }

  return server.providerSandbox({ actAsPayer, sendForgedNotification, stop: () => notifier.close() });
}

/** Form, JSON and SOAP bodies as text fields; repeated fields stay arrays so validation rejects them. */
function textFields(body: unknown): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (typeof body !== 'object' || body === null) return fields;
  for (const [name, value] of Object.entries(body)) {
    fields[name] = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
  }
  return fields;
}

function xml(reply: FastifyReply, answer: ApiAnswer<AssistResult>): FastifyReply {
  const document: AssistResult = answer.ok ? answer.value : { ...answer.codes, orders: [] };
  return reply.type(XML).send(buildResultXml(document));
}
