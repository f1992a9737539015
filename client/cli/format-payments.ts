/**
 * How payments read on a terminal, and as JSON for scripts. Amounts are stored and typed as integer
 * minor units; here they are shown in major units with the currency's ISO 4217 exponent (23740 USD →
 * "237.40"), never through floating point. JSON keeps minor units, like the REST API.
 */
import { toDecimalString } from '../../domain/currency';
import { formatMinorUnits, MoneyError } from '../../domain/money';
import type { PaymentOperation } from '../../domain/payment-types';
import type { PaymentView } from '../../workflows/payment-definitions';
import type { PaymentSummary } from '../payment-search';
import type { CommandOutcome } from './commands';
import { renderFields, renderTable, type Column } from './format-table';

/**
 * Major-unit text for an amount. A payment's view carries the exponent it was created with; a list
 * summary does not, so its exponent comes from the ISO dataset. When neither is usable (a summary
 * whose search attributes are missing), the raw minor units are shown and say so, rather than a guess.
 */
export function formatAmount(minor: number, currency: string, exponent?: number): string {
  try {
    return exponent === undefined
      ? toDecimalString({ amount: minor, currency })
      : formatMinorUnits(minor, exponent);
  } catch (err) {
    if (err instanceof MoneyError) return `${minor} (minor units)`;
    throw err;
  }
}

export function formatMoney(minor: number, currency: string, exponent?: number): string {
  return `${formatAmount(minor, currency, exponent)} ${currency}`.trimEnd();
}

/** "2024-05-01T12:34:56.789Z" → "2024-05-01 12:34:56": every time payctl prints is UTC, said in headers. */
export function formatInstant(iso: string | undefined): string {
  if (!iso) return '-';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

const LIST_COLUMNS: readonly Column<PaymentSummary>[] = [
  { header: 'ORDER', value: (p) => p.orderId },
  { header: 'STATUS', value: (p) => p.status },
  { header: 'PROVIDER', value: (p) => p.provider },
  { header: 'AMOUNT', value: (p) => formatAmount(p.amount, p.currency), align: 'right' },
  { header: 'CURRENCY', value: (p) => p.currency || '-' },
  { header: 'STARTED (UTC)', value: (p) => formatInstant(p.startedAt) },
  // Open = the workflow still runs and accepts commands; closed payments can only be shown.
  { header: 'WORKFLOW', value: (p) => (p.open ? 'open' : 'closed') },
];

export function renderPaymentList(payments: readonly PaymentSummary[]): string {
  if (payments.length === 0) return 'No payments match.\n';
  return renderTable(LIST_COLUMNS, payments);
}

export function renderPayment(view: PaymentView): string {
  const money = (minor: number) => formatMoney(minor, view.currency, view.exponent);
  const header = `Payment ${view.paymentId}\n`;
  const fields = renderFields([
    ['status', view.status],
    ['provider', `${view.provider} (${view.captureMode.replace('_', '-')})`],
    ['amount', money(view.amount)],
    ['authorized', money(view.authorizedAmount)],
    ['captured', money(view.capturedAmount)],
    ['refunded', money(view.refundedAmount)],
    ['capture', view.captureClosed ? 'closed (no further capture possible)' : 'open'],
    ['provider ref', view.providerReference],
    ['reason', view.reason],
    // Only while the payer can still use it; afterwards it is history (and stays in --json).
    [
      'redirect',
      view.status === 'awaiting_payer' && view.redirect
        ? `${view.redirect.method} ${view.redirect.url}`
        : undefined,
    ],
    ['version', String(view.version)],
  ]);
  return [header + fields, renderOperations(view), renderTimeline(view), renderNotifications(view)]
    .filter(Boolean)
    .join('\n');
}

function renderOperations(view: PaymentView): string {
  if (view.operations.length === 0) return 'Operations: none\n';
  const columns: Column<PaymentOperation>[] = [
    { header: 'ID', value: (o) => o.id },
    { header: 'KIND', value: (o) => o.kind },
    { header: 'STATUS', value: (o) => o.status },
    {
      header: `AMOUNT (${view.currency})`,
      value: (o) => (o.amount === undefined ? '-' : formatAmount(o.amount, view.currency, view.exponent)),
      align: 'right',
    },
    { header: 'PROVIDER REF', value: (o) => o.providerReference ?? '-' },
    { header: 'AT (UTC)', value: (o) => formatInstant(o.at) },
    { header: 'ERROR', value: (o) => o.error ?? '' },
  ];
  return `Operations\n${renderTable(columns, view.operations, '  ')}`;
}

function renderTimeline(view: PaymentView): string {
  const columns: Column<PaymentView['timeline'][number]>[] = [
    { header: 'AT (UTC)', value: (t) => formatInstant(t.at) },
    { header: 'STATUS', value: (t) => t.status },
    { header: 'NOTE', value: (t) => t.note },
  ];
  return `Timeline\n${renderTable(columns, view.timeline, '  ')}`;
}

/**
 * Events sent to the merchant's backend and whether they arrived: what an operator checks when a
 * merchant says it never heard of a change. Left out when there are none (notifications not configured).
 */
function renderNotifications(view: PaymentView): string {
  // Payments started before merchant notifications existed answer without the field.
  const notifications = view.notifications ?? [];
  if (notifications.length === 0) return '';
  const columns: Column<PaymentView['notifications'][number]>[] = [
    { header: 'EVENT ID', value: (n) => n.event.id },
    { header: 'TYPE', value: (n) => n.event.type },
    { header: 'CREATED (UTC)', value: (n) => formatInstant(n.event.createdAt) },
    { header: 'DELIVERY', value: (n) => n.delivery },
    { header: 'ERROR', value: (n) => n.error ?? '' },
  ];
  return `Merchant notifications\n${renderTable(columns, notifications, '  ')}`;
}

/** After a command: where the payment stands now, and the provider operation the command made. */
export function renderChange(outcome: Extract<CommandOutcome, { kind: 'change' }>): string {
  const { view, operation } = outcome;
  const money = (minor: number) => formatMoney(minor, view.currency, view.exponent);
  return (
    `${outcome.action}: order ${view.paymentId} is now ${view.status}\n` +
    renderFields([
      ['operation', operation && describeOperation(operation, money)],
      ['authorized', money(view.authorizedAmount)],
      ['captured', money(view.capturedAmount)],
      ['refunded', money(view.refundedAmount)],
    ])
  );
}

function describeOperation(op: PaymentOperation, money: (minor: number) => string): string {
  return [
    op.id,
    op.status,
    op.amount === undefined ? undefined : money(op.amount),
    op.providerReference && `provider ref ${op.providerReference}`,
    op.error,
  ]
    .filter(Boolean)
    .join(' · ');
}
