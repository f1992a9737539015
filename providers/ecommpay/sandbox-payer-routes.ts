/**
 * The payer's side of the sandbox, as Fastify routes: the Payment Page (`GET /payment`, then "continue"), the
 * partner page (reached by the `redirect_data` form POST of a Gate sale, or by GET from the Payment Page), and the
 * partner's Pay / Decline, which settles the payment, sends its callback and returns the payer to the merchant.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { replyHtml as html } from '../shared/sandbox/server';
import { PAYMENT_PAGE_PATH } from './protocol';
import { SandboxRefusal } from './sandbox-book';
import type { SandboxBook, SandboxPayment } from './sandbox-book';
import {
  PARTNER_DECISION_PATH,
  PARTNER_PAGE_PATH,
  PAYMENT_PAGE_CONTINUE_PATH,
  renderMessagePage,
  renderPartnerPage,
  renderPaymentPage,
} from './sandbox-pages';
import type { SandboxPartner } from './sandbox-partner';
import type { SandboxPaymentPage } from './sandbox-payment-page';

export interface PayerRouteDeps {
  book: SandboxBook;
  partner: SandboxPartner;
  paymentPage: SandboxPaymentPage;
  paymentMethod: string;
  /** The sandbox's own base URL, known once it listens. */
  sandboxUrl: () => string;
  /** Expires what is due (and tells the merchant) before a page reads the book. */
  sweep: () => void;
  /** Sends the callback about the payment's sale. */
  saleSettled: (payment: SandboxPayment) => void;
}

const AWAITING_PAYER = 'awaiting redirect result';

export function registerPayerRoutes(app: FastifyInstance, deps: PayerRouteDeps): void {
  const { book, partner, paymentPage } = deps;

  app.get(PAYMENT_PAGE_PATH, async (request, reply) => {
    deps.sweep();
    const opened = paymentPage.check(queryOf(request.url));
    if (!opened.ok) return html(reply.code(400), renderMessagePage('Payment not possible', opened.reason));
    const { params } = opened;
    const existing = book.payment(params.payment_id);
    if (existing) {
      return html(reply, renderMessagePage('Payment', `payment ${existing.paymentId} is ${existing.status}`));
    }
    const shown = {
      paymentId: params.payment_id,
      amount: Number(params.payment_amount),
      currency: params.payment_currency,
    };
    return html(reply, renderPaymentPage(shown, deps.paymentMethod, paymentPage.remember(params)));
  });

  app.post(PAYMENT_PAGE_CONTINUE_PATH, async (request, reply) => {
    const params = paymentPage.confirmed(textFields(request.body).token ?? '');
    if (!params) return html(reply.code(400), renderMessagePage('Payment not possible', 'unknown page'));
    try {
      const payment = book.registerSale({
        paymentId: params.payment_id,
        projectId: Number(params.project_id),
        amount: Number(params.payment_amount),
        currency: params.payment_currency,
        description: params.payment_description,
        returnUrls: { success: params.merchant_success_url, decline: params.merchant_fail_url },
        callbackUrl: params.merchant_callback_url,
      });
      return reply.redirect(partner.pageUrl(payment, deps.sandboxUrl()), 303);
    } catch (error) {
      if (!(error instanceof SandboxRefusal)) throw error;
      return html(reply.code(409), renderMessagePage('Payment not possible', error.message));
    }
  });

  const partnerPage = async (fields: Record<string, string>, reply: FastifyReply) => {
    deps.sweep();
    const payment = book.paymentByInvoice(fields.inv ?? '');
    if (!payment || !partner.verify(payment.invoice, fields.hsh ?? '')) {
      return html(reply.code(400), renderMessagePage('Card partner', 'unknown invoice'));
    }
    if (payment.status !== AWAITING_PAYER) {
      return html(reply, renderMessagePage('Card partner', `this invoice is ${payment.status}`));
    }
    const shown = { paymentId: payment.paymentId, amount: payment.amount, currency: payment.currency };
    const form = { inv: payment.invoice, hsh: partner.checksum(payment.invoice) };
    return html(reply, renderPartnerPage(shown, form));
  };
  app.get(PARTNER_PAGE_PATH, async (request, reply) => partnerPage(queryOf(request.url) ?? {}, reply));
  app.post(PARTNER_PAGE_PATH, async (request, reply) => partnerPage(textFields(request.body), reply));

  app.post(PARTNER_DECISION_PATH, async (request, reply) => {
    deps.sweep();
    const fields = textFields(request.body);
    const payment = book.paymentByInvoice(fields.inv ?? '');
    const choice = fields.action;
    const known = payment !== undefined && partner.verify(payment.invoice, fields.hsh ?? '');
    if (!known || (choice !== 'approve' && choice !== 'decline')) {
      return html(reply.code(400), renderMessagePage('Card partner', 'unknown invoice or action'));
    }
    try {
      book.pay(payment.invoice, choice);
    } catch (error) {
      if (!(error instanceof SandboxRefusal)) throw error;
      return html(reply.code(409), renderMessagePage('Card partner', error.message));
    }
    deps.saleSettled(payment);
    const target = choice === 'approve' ? payment.returnUrls.success : payment.returnUrls.decline;
    if (target) return reply.redirect(target, 303);
    return html(reply, renderMessagePage('Card partner', `payment ${payment.status}`));
  });
}

/** Query parameters; undefined when one repeats. */
function queryOf(url: string): Record<string, string> | undefined {
  const start = url.indexOf('?');
  const params = new URLSearchParams(start === -1 ? '' : url.slice(start + 1));
  const fields = new Map<string, string>();
  for (const [name, value] of params) {
    if (fields.has(name)) return undefined;
    fields.set(name, value);
  }
  return Object.fromEntries(fields);
}

function textFields(body: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return fields;
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') fields[name] = value;
  return fields;
}
