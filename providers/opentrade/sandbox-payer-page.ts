/**
 * The sandbox's payer pages: the page at RequestUrl with Pay and Decline, an error page, and the reading of the
 * page's forms back out of its HTML (what a browser does when a button is pressed).
 */
import { toProtocolAmount } from './protocol';
import type { SandboxPayment } from './sandbox-payments';

/** Where the PaymentFormAnswer sends the payer (RequestUrl). */
export const PAY_PATH = '/pay';
export const PAYER_ACTION_PATH = '/sandbox/payer';

export function payerActionUrl(paymentId: string): string {
  return `${PAYER_ACTION_PATH}/${encodeURIComponent(paymentId)}`;
}

/** Shows what the payer pays (no personal data) and posts the choice to the sandbox. */
export function renderPayerPage(payment: SandboxPayment): string {
  const action = escapeHtml(payerActionUrl(payment.paymentId));
  const button = (choice: string, label: string): string =>
    `<form method="POST" action="${action}"><input type="hidden" name="action" value="${choice}">` +
    `<button type="submit">${label}</button></form>`;
  const amount = `${toProtocolAmount(payment.amount, payment.currency)} ${payment.currency}`;
  return page(
    'OpenTrade custom payment system sandbox: payment',
    `<h1>Custom payment system (OpenTrade protocol) sandbox</h1>
<p>Payment <b>${escapeHtml(payment.paymentId)}</b> for order <b>${escapeHtml(payment.orderId)}</b>: ${escapeHtml(amount)}</p>
<p>${escapeHtml(payment.description)}</p>
${button('approve', 'Pay')}
${button('decline', 'Decline')}`,
  );
}

export function renderErrorPage(message: string): string {
  return page('OpenTrade sandbox: error', `<h1>Payment not possible</h1><p>${escapeHtml(message)}</p>`);
}

/** The form behind one button of the payer page, as a browser would submit it. */
export function findPayerForm(
  html: string,
  choice: string,
): { action: string; fields: Record<string, string> } {
  for (const match of html.matchAll(/<form method="POST" action="([^"]+)">([\s\S]*?)<\/form>/g)) {
    const [, action = '', inner = ''] = match;
    const fields: Record<string, string> = {};
    for (const input of inner.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      fields[unescapeHtml(input[1] ?? '')] = unescapeHtml(input[2] ?? '');
    }
    if (fields.action === choice) return { action: unescapeHtml(action), fields };
  }
  throw new Error(`the payer page has no "${choice}" button`);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => {
    const found = Object.entries(HTML_ESCAPES).find(([, escaped]) => escaped === entity);
    return found ? found[0] : entity;
  });
}
