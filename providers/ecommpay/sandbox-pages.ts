/**
 * The sandbox's pages for the payer: the Payment Page (card-partner preselected, one button to go on to the
 * partner), the partner's page with Pay and Decline, result and error pages, and the reading of a page's forms
 * back out of its HTML (what a browser does when a button is pressed). No personal data is shown.
 */
import { toDecimalString } from '../../domain/currency';
import type { ChoiceForm } from '../shared/sandbox/html';
import { choiceForm, escapeHtml, findChoiceForm, htmlPage, messagePage } from '../shared/sandbox/html';

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
  return htmlPage(
    'ECommPay sandbox: Payment Page',
    `<h1>ECommPay Payment Page (sandbox)</h1>
<p>Payment <b>${escapeHtml(shown.paymentId)}</b>: ${escapeHtml(money(shown))}</p>
<p>Payment method: ${escapeHtml(method)}</p>
${choiceForm(PAYMENT_PAGE_CONTINUE_PATH, { token, action: 'continue' }, 'Continue to the partner')}`,
  );
}

/** The partner's page, reached through `redirect_data` (Gate) or from the Payment Page. */
export function renderPartnerPage(shown: Shown, fields: { inv: string; hsh: string }): string {
  return htmlPage(
    'Card partner sandbox',
    `<h1>Card partner (sandbox)</h1>
<p>Invoice <b>${escapeHtml(fields.inv)}</b> for payment ${escapeHtml(shown.paymentId)}: ${escapeHtml(money(shown))}</p>
${choiceForm(PARTNER_DECISION_PATH, { ...fields, action: 'approve' }, 'Pay')}
${choiceForm(PARTNER_DECISION_PATH, { ...fields, action: 'decline' }, 'Decline')}`,
  );
}

export function renderMessagePage(title: string, message: string): string {
  return messagePage(`ECommPay sandbox: ${title}`, title, message);
}

/** The form behind the button whose hidden `action` field is `choice`, as a browser would submit it. */
export function findForm(html: string, choice: string): ChoiceForm {
  return findChoiceForm(html, choice, 'page');
}

function money(shown: Shown): string {
  return `${toDecimalString({ amount: shown.amount, currency: shown.currency })} ${shown.currency}`;
}
