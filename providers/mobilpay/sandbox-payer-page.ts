/**
 * The sandbox's payer pages: the card page with its buttons, an error page, and reading a button's form back out
 * of the HTML (what a browser does when the payer presses it). No personal data is shown.
 */
import { toMobilpayAmount } from './amounts';
import type { PayerChoice, SandboxOrder } from './sandbox-orders';

export const PAYER_ACTION_PATH = '/sandbox/payer';

/** The card page. A 3-D Secure card appears only when a recurrence was asked for: it cannot be scheduled with one. */
export function renderPayerPage(order: SandboxOrder): string {
  const action = escapeHtml(`${PAYER_ACTION_PATH}/${encodeURIComponent(order.purchase)}`);
  const button = (choice: PayerChoice, label: string): string =>
    `<form method="POST" action="${action}"><input type="hidden" name="action" value="${choice}">` +
    `<button type="submit">${escapeHtml(label)}</button></form>`;
  const recurrence = order.recurrence
    ? `<p>Recurring: ${order.recurrence.paymentsNo === 0 ? 'unlimited' : order.recurrence.paymentsNo} payments, every ${order.recurrence.intervalDays} days</p>`
    : '';
  return page(
    'mobilPay sandbox: card payment',
    `<h1>NETOPIA mobilPay sandbox</h1>
<p>Order <b>${escapeHtml(order.orderId)}</b>: ${escapeHtml(toMobilpayAmount(order.amount, order.currency))} ${escapeHtml(order.currency)}
(${order.preauthAccount ? 'pre-authorization' : 'payment'})</p>
${recurrence}
${button('approve', 'Pay')}
${order.recurrence ? button('approve_3ds', 'Pay with a 3-D Secure card') : ''}
${button('decline', 'Decline')}`,
  );
}

export function renderErrorPage(message: string): string {
  return page('mobilPay sandbox: error', `<h1>Payment not possible</h1><p>${escapeHtml(message)}</p>`);
}

/** The form behind one button of the card page, as a browser would submit it. */
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
