/**
 * The sandbox's payer pages: the card page with Pay and Decline buttons, an error page, and the reading of
 * the card page's forms back out of its HTML (what a browser does when a button is pressed).
 */
import { toAssistAmount } from './amounts';
import type { SandboxOrder } from './sandbox-orders';

export const PAYER_ACTION_PATH = '/sandbox/payer';

export function payerActionUrl(billnumber: string): string {
  return `${PAYER_ACTION_PATH}/${encodeURIComponent(billnumber)}`;
}

/** Shows what the payer pays (no personal data) and posts the choice to the sandbox. */
export function renderPayerPage(order: SandboxOrder): string {
  const action = escapeHtml(payerActionUrl(order.billnumber));
  const button = (choice: string, label: string): string =>
    `<form method="POST" action="${action}"><input type="hidden" name="action" value="${choice}">` +
    `<button type="submit">${label}</button></form>`;
  return page(
    'IPS Assist sandbox: payment',
    `<h1>IPS Assist sandbox</h1>
<p>Order <b>${escapeHtml(order.orderNumber)}</b>: ${escapeHtml(toAssistAmount(order.amount, order.currency))} ${escapeHtml(order.currency)}
(${order.twoStage ? 'authorization only, Delay=1' : 'payment, Delay=0'})</p>
${button('approve', 'Pay')}
${button('decline', 'Decline')}`,
  );
}

export function renderErrorPage(message: string): string {
  return page('IPS Assist sandbox: error', `<h1>Payment not possible</h1><p>${escapeHtml(message)}</p>`);
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
