/**
 * The sandbox's pages for the payer: the Payment Page (card-partner preselected, one button to go on to the
 * partner), the partner's page with Pay and Decline, result and error pages, and the reading of a page's forms
 * back out of its HTML (what a browser does when a button is pressed). No personal data is shown.
 */
import { toDecimalString } from '../../domain/currency';

export const PARTNER_PAGE_PATH = '/sandbox/partner/v3/ke';
export const PARTNER_DECISION_PATH = '/sandbox/partner/v3/ke/decision';
export const PAYMENT_PAGE_CONTINUE_PATH = '/payment/continue';

interface Shown {
  paymentId: string;
  amount: number;
  currency: string;
}

/** The Payment Page with the method preselected (`force_payment_method`): the payer only confirms. */
export function renderPaymentPage(shown: Shown, method: string, token: string): string {
  return page(
    'ECommPay sandbox: Payment Page',
    `<h1>ECommPay Payment Page (sandbox)</h1>
<p>Payment <b>${escapeHtml(shown.paymentId)}</b>: ${escapeHtml(money(shown))}</p>
<p>Payment method: ${escapeHtml(method)}</p>
${form(PAYMENT_PAGE_CONTINUE_PATH, { token, action: 'continue' }, 'Continue to the partner')}`,
  );
}

/** The partner's page, reached through `redirect_data` (Gate) or from the Payment Page. */
export function renderPartnerPage(shown: Shown, fields: { inv: string; hsh: string }): string {
  return page(
    'Card partner sandbox',
    `<h1>Card partner (sandbox)</h1>
<p>Invoice <b>${escapeHtml(fields.inv)}</b> for payment ${escapeHtml(shown.paymentId)}: ${escapeHtml(money(shown))}</p>
${form(PARTNER_DECISION_PATH, { ...fields, action: 'approve' }, 'Pay')}
${form(PARTNER_DECISION_PATH, { ...fields, action: 'decline' }, 'Decline')}`,
  );
}

export function renderMessagePage(title: string, message: string): string {
  return page(`ECommPay sandbox: ${title}`, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}

/** The form behind the button whose hidden `action` field is `choice`, as a browser would submit it. */
export function findForm(html: string, choice: string): { action: string; fields: Record<string, string> } {
  for (const match of html.matchAll(/<form method="POST" action="([^"]+)">([\s\S]*?)<\/form>/g)) {
    const [, action = '', inner = ''] = match;
    const fields: Record<string, string> = {};
    for (const input of inner.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      fields[unescapeHtml(input[1] ?? '')] = unescapeHtml(input[2] ?? '');
    }
    if (fields.action === choice) return { action: unescapeHtml(action), fields };
  }
  throw new Error(`the page has no "${choice}" button`);
}

function form(action: string, fields: Record<string, string>, label: string): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<form method="POST" action="${escapeHtml(action)}">${inputs}<button type="submit">${escapeHtml(label)}</button></form>`;
}

function money(shown: Shown): string {
  return `${toDecimalString({ amount: shown.amount, currency: shown.currency })} ${shown.currency}`;
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
