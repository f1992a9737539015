/**
 * The sandbox's payer pages: what `{base}/Start?TransactionId=...` shows (the real one sends the payer on to the
 * chosen provider's card page, VERIFIED §1.7), with Pay, Decline and Cancel buttons, and an error page. Reading the
 * page's forms back out of its HTML (what a browser does when a button is pressed) is the shared kit's.
 */
import { choiceButton, escapeHtml, htmlPage, messagePage } from '../shared/sandbox/html';
import { payerActionUrl } from '../shared/sandbox/payer';
import { toBigfishDecimal } from './amounts';
import type { PayerChoice, SandboxTransaction } from './sandbox-transactions';

export { findChoiceForm as findPayerForm } from '../shared/sandbox/html';
export { PAYER_ACTION_PATH } from '../shared/sandbox/payer';

const CHOICES: ReadonlyArray<{ choice: PayerChoice; label: string }> = [
  { choice: 'approve', label: 'Pay' },
  { choice: 'decline', label: 'Decline' },
  { choice: 'cancel', label: 'Cancel' },
];

/** Shows what the payer pays (no personal data) and posts the choice back to the sandbox. */
export function renderPayerPage(tx: SandboxTransaction): string {
  const action = payerActionUrl(tx.transactionId);
  const buttons = CHOICES.map(({ choice, label }) => choiceButton(action, choice, label)).join('\n');
  const amount = toBigfishDecimal(tx.amount, tx.currency, []);
  return htmlPage(
    'BIG FISH Payment Gateway sandbox',
    `<h1>BIG FISH Payment Gateway sandbox (${escapeHtml(tx.providerName)})</h1>
<p>Order <b>${escapeHtml(tx.orderId)}</b>: ${escapeHtml(amount)} ${escapeHtml(tx.currency)}
(${tx.autoCommit ? 'immediate charge' : 'reservation, two-step'}${tx.registration ? ', card registration' : ''})</p>
${buttons}`,
  );
}

export function renderErrorPage(message: string): string {
  return messagePage('BIG FISH sandbox: error', 'Payment not possible', message);
}
