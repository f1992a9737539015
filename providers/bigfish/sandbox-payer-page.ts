/**
 * The sandbox's payer pages: what `{base}/Start?TransactionId=...` shows (the real one sends the payer on to the
 * chosen provider's card page, VERIFIED §1.7), with Pay, Decline and Cancel buttons, an error page, and the
 * reading of the page's forms back out of its HTML (what a browser does when a button is pressed).
 */
import { toBigfishDecimal } from './amounts';
import type { PayerChoice, SandboxTransaction } from './sandbox-transactions';

export const PAYER_ACTION_PATH = '/sandbox/payer';

const CHOICES: ReadonlyArray<{ choice: PayerChoice; label: string }> = [
  { choice: 'approve', label: 'Pay' },
  { choice: 'decline', label: 'Decline' },
  { choice: 'cancel', label: 'Cancel' },
];

/** Shows what the payer pays (no personal data) and posts the choice back to the sandbox. */
export function renderPayerPage(tx: SandboxTransaction): string {
  const action = escapeHtml(`${PAYER_ACTION_PATH}/${encodeURIComponent(tx.transactionId)}`);
  const buttons = CHOICES.map(
    ({ choice, label }) =>
      `<form method="POST" action="${action}"><input type="hidden" name="action" value="${choice}">` +
      `<button type="submit">${label}</button></form>`,
  ).join('\n');
  const amount = toBigfishDecimal(tx.amount, tx.currency, []);
  return page(
    'BIG FISH Payment Gateway sandbox',
    `<h1>BIG FISH Payment Gateway sandbox (${escapeHtml(tx.providerName)})</h1>
<p>Order <b>${escapeHtml(tx.orderId)}</b>: ${escapeHtml(amount)} ${escapeHtml(tx.currency)}
(${tx.autoCommit ? 'immediate charge' : 'reservation, two-step'}${tx.registration ? ', card registration' : ''})</p>
${buttons}`,
  );
}

export function renderErrorPage(message: string): string {
  return page('BIG FISH sandbox: error', `<h1>Payment not possible</h1><p>${escapeHtml(message)}</p>`);
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
