/**
 * The sandbox's payer pages: the card page with its buttons and an error page. Reading a button's form back out
 * of the HTML (what a browser does when the payer presses it) is the shared kit's. No personal data is shown.
 */
import { choiceButton, escapeHtml, htmlPage, messagePage } from '../shared/sandbox/html';
import { payerActionUrl } from '../shared/sandbox/payer';
import { toMobilpayAmount } from './amounts';
import type { PayerChoice, SandboxOrder } from './sandbox-orders';

export { findChoiceForm as findPayerForm } from '../shared/sandbox/html';
export { PAYER_ACTION_PATH } from '../shared/sandbox/payer';

/** The card page. A 3-D Secure card appears only when a recurrence was asked for: it cannot be scheduled with one. */
export function renderPayerPage(order: SandboxOrder): string {
  const action = payerActionUrl(order.purchase);
  const button = (choice: PayerChoice, label: string): string => choiceButton(action, choice, label);
  const recurrence = order.recurrence
    ? `<p>Recurring: ${order.recurrence.paymentsNo === 0 ? 'unlimited' : order.recurrence.paymentsNo} payments, every ${order.recurrence.intervalDays} days</p>`
    : '';
  return htmlPage(
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
  return messagePage('mobilPay sandbox: error', 'Payment not possible', message);
}
