/**
 * A local NETOPIA mobilPay speaking its wire formats: the card payment endpoint that opens the sealed request and
 * shows the payer a card page, IPNs sealed for the merchant with mobilPay's resend habit, the payment2 SOAP API
 * (sessions, credit/capture/cancel, recurrence calls), provider-scheduled recurring charges, unpaid orders that
 * expire, a ledger and fault injection. Operators also get GET /sandbox/ledger and POST /sandbox/faults.
 *
 * The sandbox opens requests with the private half of sandbox-keys.ts's "mobilPay" key pair, so it runs only with
 * a configuration whose certificate is that pair's public half: the one sandboxConfig() returns.
 */
import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyReply } from 'fastify';
import * as soap from 'soap';
import type { RedirectInstruction } from '../../domain/payment-types';
import type { PayerAction, ProviderSandbox, SandboxOptions } from '../contract';
import { postForm } from '../shared/http';
import { FaultInjector } from '../shared/sandbox/faults';
import { PAYER_STEP_TIMEOUT_MS, pressPayerButton } from '../shared/sandbox/payer';
import { createSandboxServer, replyHtml as html } from '../shared/sandbox/server';
import { SellerAccounts } from './accounts';
import type { SellerAccount } from './accounts';
import { fromMobilpayAmount } from './amounts';
import type { MobilpayConfig } from './config';
import { ENVELOPE_CIPHERS, openEnvelope, sealEnvelope } from './envelope';
import type { EnvelopeCipher } from './envelope';
import { buildIpnXml, parsePaymentRequestXml } from './protocol';
import { sandboxKeys } from './sandbox-keys';
import { SandboxNotifier } from './sandbox-notifier';
import { SandboxOrderBook, SandboxRefusal } from './sandbox-orders';
import type { IpnToSend, PayerChoice } from './sandbox-orders';
import { PAYER_ACTION_PATH, renderErrorPage, renderPayerPage } from './sandbox-payer-page';
import { SandboxRecurrences } from './sandbox-recurrences';
import { payment2Service } from './sandbox-soap';
import { KEEP_NUMBERS_AS_TEXT, PAYMENT2_WSDL_PATH } from './soap-client';

/** The SOAP endpoint's path, as on mobilPay's hosts (VERIFIED, facts §2.1). */
export const SOAP_PATH = '/api/payment2/';

/** Unpaid orders stay payable this long unless `unpaidOrderTtlMs` says otherwise (INFERRED). */
const DEFAULT_ORDER_LIFETIME_MS = 15 * 60_000;
const DAY_MS = 24 * 60 * 60_000;
const DEFAULT_SESSION_TTL_MS = 20 * 60_000;
const PAYER_CHOICES: readonly PayerChoice[] = ['approve', 'approve_3ds', 'decline'];

export interface MobilpaySandboxOptions extends SandboxOptions {
  /** How long a recurrence "day" lasts (charges every interval_day × dayMs); tests use about a second. */
  dayMs?: number;
  /** How long a SOAP session stays valid. */
  sessionTtlMs?: number;
}

export async function startMobilpaySandbox(
  config: MobilpayConfig,
  options: MobilpaySandboxOptions,
): Promise<ProviderSandbox> {
  const accounts = new SellerAccounts(config);
  const mobilpayKey = sandboxKeys().mobilpayPrivateKey;
  for (const account of [accounts.main, accounts.preauth]) {
    if (account && !samePublicKey(account.certificate, createPublicKey(mobilpayKey))) {
      throw new Error(
        'the mobilPay sandbox only opens requests sealed for its own key: configure it with sandboxConfig()',
      );
    }
  }
  const merchantKeys = new Map(
    [accounts.main, accounts.preauth]
      .filter((a): a is SellerAccount => a !== undefined)
      .map((a) => [a.signature, createPublicKey(a.privateKey)]),
  );

  const faults = new FaultInjector();
  const book = new SandboxOrderBook({
    orderLifetimeMs: options.unpaidOrderTtlMs ?? DEFAULT_ORDER_LIFETIME_MS,
  });
  const notifier = new SandboxNotifier({
    timeScale: options.retryTimeScale ?? 1,
    timeZone: config.timeZone,
    faults: faults.current,
    merchantKey: (signature) => merchantKeys.get(signature) as KeyObject,
  });
  const recurrences = new SandboxRecurrences(
    book,
    { dayMs: options.dayMs ?? DAY_MS, timeZone: config.timeZone },
    (ipn) => notifier.send(ipn),
  );
  const expiryTimers = new Set<NodeJS.Timeout>();

  const server = await createSandboxServer({ faults, ledger: () => book.ledger(), bodyLimit: 256 * 1024 });
  const { app } = server;

  // The card payment endpoint: POST only (VERIFIED), optionally with a language segment (VERIFIED, e.g. /en).
  const openPaymentPage = async (body: unknown, reply: FastifyReply) => {
    const fields = textFields(body);
    let xml: string;
    try {
      xml = openEnvelope(
        { env_key: fields.env_key ?? '', data: fields.data ?? '', cipher: fields.cipher, iv: fields.iv },
        mobilpayKey,
      );
    } catch {
      return html(reply.code(400), renderErrorPage('Failed decrypting data'));
    }
    let request: ReturnType<typeof parsePaymentRequestXml>;
    try {
      request = parsePaymentRequestXml(xml);
    } catch {
      return html(reply.code(400), renderErrorPage('invalid payment request'));
    }
    const { order, raw } = request;
    const account = accounts.bySignature(order.signature);
    if (!account) return html(reply.code(400), renderErrorPage('unknown seller account'));
    let opened;
    try {
      opened = book.open({
        orderId: order['@_id'],
        signature: account.signature,
        preauthAccount: account.kind === 'preauth',
        amount: fromMobilpayAmount(order.invoice['@_amount'], order.invoice['@_currency'], 'amount'),
        currency: order.invoice['@_currency'],
        echo: raw,
        confirmUrl: order.url.confirm,
        returnUrl: order.url.return,
        ipnCipher: ipnCipherOf(order.ipn_cipher, fields.cipher),
        recurrence: order.recurrence
          ? {
              paymentsNo: Number(order.recurrence['@_payments_no']),
              intervalDays: Math.max(1, Number(order.recurrence['@_interval_day'])),
            }
          : undefined,
      });
    } catch (error) {
      if (error instanceof SandboxRefusal) return html(reply.code(409), renderErrorPage(error.message));
      return html(reply.code(400), renderErrorPage('invalid payment request')); // e.g. an amount it cannot read
    }
    scheduleExpiry(opened.purchase, opened.expiresAt);
    return html(reply, renderPayerPage(opened));
  };
  app.post('/', async (request, reply) => openPaymentPage(request.body, reply));
  app.post<{ Params: { language: string } }>('/:language', async (request, reply) => {
    if (!/^[a-z]{2}$/.test(request.params.language)) return reply.code(404).send();
    return openPaymentPage(request.body, reply);
  });

  app.post<{ Params: { purchase: string } }>(`${PAYER_ACTION_PATH}/:purchase`, async (request, reply) => {
    const choice = PAYER_CHOICES.find((c) => c === textFields(request.body).action);
    if (!choice) return html(reply.code(400), renderErrorPage('unknown action'));
    let ipn: IpnToSend;
    try {
      ipn = book.pay(request.params.purchase, choice);
    } catch {
      return html(reply.code(409), renderErrorPage('this order can no longer be paid'));
    }
    notifier.send(ipn);
    if (ipn.errorCode === '0' && ipn.currentPaymentCount === 1) recurrences.start(ipn.order);
    // mobilPay's confirm URL "will always be called first" (VERIFIED); the browser then goes to the return URL.
    return reply.redirect(ipn.order.returnUrl, 303);
  });

  const url = await server.listen(options);
  const wsdl = readFileSync(PAYMENT2_WSDL_PATH, 'utf8').replace(
    /<soap:address location="[^"]*"\/>/,
    `<soap:address location="${url}${SOAP_PATH}"/>`,
  );
  await new Promise<void>((resolve, reject) => {
    // customDeserializer reaches the WSDL parser at run time; the server option type does not list it.
    const serverOptions: soap.IServerOptions & { customDeserializer: typeof KEEP_NUMBERS_AS_TEXT } = {
      path: SOAP_PATH,
      xml: wsdl,
      customDeserializer: KEEP_NUMBERS_AS_TEXT,
      services: payment2Service({
        username: config.soapUsername,
        password: config.soapPassword,
        signatures: new Set(merchantKeys.keys()),
        sessionTtlMs: options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
        book,
        recurrences,
        // Latency and injected failures apply to the SOAP API, not to the payer's pages.
        injectedFailure: faults.injectedFailure,
        onIpn: (ipn) => notifier.send(ipn),
      }),
      callback: (error: unknown) =>
        error ? reject(error instanceof Error ? error : new Error('WSDL')) : resolve(),
    };
    soap.listen(app.server, serverOptions);
  });

  /** An unpaid order closes at its expiry and mobilPay tells the merchant (INFERRED, see sandbox-orders.ts). */
  function scheduleExpiry(purchase: string, expiresAt: number): void {
    const timer = setTimeout(
      () => {
        expiryTimers.delete(timer);
        const ipn = book.expireIfDue(purchase);
        if (ipn) notifier.send(ipn);
      },
      Math.max(0, expiresAt - Date.now()) + 1,
    );
    expiryTimers.add(timer);
  }

  async function actAsPayer(redirect: RedirectInstruction, action: PayerAction): Promise<void> {
    if (redirect.method !== 'POST') throw new Error('a mobilPay redirect is a form POST');
    const cardPage = await postForm(redirect.url, redirect.fields, PAYER_STEP_TIMEOUT_MS);
    if (cardPage.status !== 200) throw new Error(`the payment page answered HTTP ${cardPage.status}`);
    if (action === 'abandon') return;
    await pressPayerButton(cardPage.body, action, redirect.url);
  }

  /**
   * A `confirmed` IPN for `paymentId` as a forger holding our certificate could make it: correctly sealed for the
   * merchant's key, but without the merchant token only mobilPay could echo (merchant-token.ts).
   */
  async function sendForgedNotification(paymentId: string): Promise<number> {
    const known = book.latest(paymentId);
    const signature = known?.signature ?? accounts.main.signature;
    const echo = {
      '@_type': 'card',
      '@_id': paymentId,
      '@_timestamp': '20240101000000',
      signature,
      invoice: { '@_currency': known?.currency ?? 'RON', '@_amount': '1.00' },
      params: { param: [{ name: 'orchestrator_token', value: '0'.repeat(64) }] },
      url: { confirm: options.notificationUrl },
    };
    const xml = buildIpnXml(echo, {
      timestamp: '20240101000000',
      crc: 'forged',
      action: 'confirmed',
      purchase: '1',
      originalAmount: '1.00',
      processedAmount: '1.00',
      errorCode: '0',
      errorMessage: 'Transaction approved',
    });
    const target = known?.confirmUrl ?? options.notificationUrl;
    const sealed = sealEnvelope(xml, merchantKeys.get(signature) as KeyObject, 'aes-256-cbc');
    return (await postForm(target, { ...sealed }, PAYER_STEP_TIMEOUT_MS)).status;
  }

  return server.providerSandbox({
    actAsPayer,
    sendForgedNotification,
    stop: () => {
      notifier.close();
      recurrences.close();
      expiryTimers.forEach((t) => clearTimeout(t));
    },
  });
}

/** The IPN cipher the merchant asked for (`ipn_cipher`, VERIFIED), else the request's own. */
function ipnCipherOf(asked: string | undefined, requestCipher: string | undefined): EnvelopeCipher {
  const pick = (name: string | undefined) => ENVELOPE_CIPHERS.find((c) => c === name?.toLowerCase());
  return pick(asked) ?? pick(requestCipher) ?? 'rc4';
}

function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  const der = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
  return der(a).equals(der(b));
}

/** Form bodies as single text values; a repeated field is dropped so that it never validates. */
function textFields(body: unknown): Record<string, string | undefined> {
  const fields: Record<string, string | undefined> = {};
  if (typeof body !== 'object' || body === null) return fields;
  for (const [name, value] of Object.entries(body)) {
    fields[name] = typeof value === 'string' ? value : undefined;
  }
  return fields;
}
