/**
 * The sandbox's payer pages: the card page with Pay and Decline buttons and an error page. Reading the card page's
 * forms back out of its HTML (what a browser does when a button is pressed) is the shared kit's.
 */
import { choiceButton, escapeHtml, htmlPage, messagePage } from '../shared/sandbox/html';
import { payerActionUrl } from '../shared/sandbox/payer';
import { toAssistAmount } from './amounts';
import type { SandboxOrder } from './sandbox-orders';

export { findChoiceForm as findPayerForm } from '../shared/sandbox/html';
export { PAYER_ACTION_PATH, payerActionUrl } from '../shared/sandbox/payer';

/** Shows what the payer pays (no personal data) and posts the choice to the sandbox. */
export function renderPayerPage(order: SandboxOrder): string {
  const action = payerActionUrl(order.billnumber);
  return htmlPage(
    'IPS Assist sandbox: payment',
    `<h1>IPS Assist sandbox</h1>
<p>Order <b>${escapeHtml(order.orderNumber)}</b>: ${escapeHtml(toAssistAmount(order.amount, order.currency))} ${escapeHtml(order.currency)}
(${order.twoStage ? 'authorization only, Delay=1' : 'payment, Delay=0'})</p>
${choiceButton(action, 'approve', 'Pay')}
${choiceButton(action, 'decline', 'Decline')}`,
  );
}

export function renderErrorPage(message: string): string {
  return messagePage('IPS Assist sandbox: error', 'Payment not possible', message);
}
