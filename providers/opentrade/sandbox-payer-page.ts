/**
 * The sandbox's payer pages: the page at RequestUrl with Pay and Decline, and an error page. Reading the page's
 * forms back out of its HTML (what a browser does when a button is pressed) is the shared kit's.
 */
import { choiceButton, escapeHtml, htmlPage, messagePage } from '../shared/sandbox/html';
import { payerActionUrl } from '../shared/sandbox/payer';
import { toProtocolAmount } from './protocol';
import type { SandboxPayment } from './sandbox-payments';

export { findChoiceForm as findPayerForm } from '../shared/sandbox/html';
export { PAYER_ACTION_PATH, payerActionUrl } from '../shared/sandbox/payer';

/** Where the PaymentFormAnswer sends the payer (RequestUrl). */
export const PAY_PATH = '/pay';

/** Shows what the payer pays (no personal data) and posts the choice to the sandbox. */
export function renderPayerPage(payment: SandboxPayment): string {
  const action = payerActionUrl(payment.paymentId);
  const amount = `${toProtocolAmount(payment.amount, payment.currency)} ${payment.currency}`;
  return htmlPage(
    'OpenTrade custom payment system sandbox: payment',
    `<h1>Custom payment system (OpenTrade protocol) sandbox</h1>
<p>Payment <b>${escapeHtml(payment.paymentId)}</b> for order <b>${escapeHtml(payment.orderId)}</b>: ${escapeHtml(amount)}</p>
<p>${escapeHtml(payment.description)}</p>
${choiceButton(action, 'approve', 'Pay')}
${choiceButton(action, 'decline', 'Decline')}`,
  );
}

export function renderErrorPage(message: string): string {
  return messagePage('OpenTrade sandbox: error', 'Payment not possible', message);
}
