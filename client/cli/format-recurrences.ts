/**
 * How recurrences and merchant-event redeliveries read on a terminal. Amounts in major units with the
 * recurrence's own exponent (as format-payments.ts does for payments); every time is UTC.
 */
import type { ChargeRecord } from '../../domain/recurrence-types';
import type { NotificationRecord } from '../../workflows/payment-definitions';
import type { RecurrenceView } from '../../workflows/recurring-definitions';
import type { RecurrenceSummary } from '../recurrence-search';
import type { CommandOutcome } from './commands';
import { formatAmount, formatInstant, formatMoney } from './format-payments';
import { renderFields, renderTable, type Column } from './format-table';

const SECOND_MS = 1_000;
const UNITS: ReadonlyArray<readonly [number, string]> = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [SECOND_MS, 'second'],
];

/** "1 day", "7 days", "90 seconds", "1500 ms": the largest unit that divides the interval exactly. */
export function describeInterval(intervalMs: number): string {
  for (const [unitMs, unit] of UNITS) {
    if (intervalMs >= unitMs && intervalMs % unitMs === 0) {
      const n = intervalMs / unitMs;
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  return `${intervalMs} ms`;
}

const LIST_COLUMNS: readonly Column<RecurrenceSummary>[] = [
  { header: 'RECURRENCE', value: (r) => r.recurrenceId },
  { header: 'STATUS', value: (r) => r.status },
  { header: 'PROVIDER', value: (r) => r.provider },
  { header: 'NEXT CHARGE (UTC)', value: (r) => formatInstant(r.nextChargeAt) },
  { header: 'STARTED (UTC)', value: (r) => formatInstant(r.startedAt) },
  // Open = the workflow still runs and accepts commands; closed recurrences can only be shown.
  { header: 'WORKFLOW', value: (r) => (r.open ? 'open' : 'closed') },
];

export function renderRecurrenceList(recurrences: readonly RecurrenceSummary[]): string {
  if (recurrences.length === 0) return 'No recurrences match.\n';
  return renderTable(LIST_COLUMNS, recurrences);
}

export function renderRecurrence(view: RecurrenceView): string {
  const money = (minor: number) => formatMoney(minor, view.currency, view.exponent);
  const fields = renderFields([
    ['status', view.status],
    ['provider', `${view.provider} (${view.scheduling}-scheduled)`],
    ['amount', `${money(view.amount)} per charge`],
    ['schedule', describeSchedule(view)],
    ['next charge', describeNextCharge(view)],
    ['paid', `${view.totals.paid} (${money(view.totals.paidAmount)}), declined ${view.totals.declined}`],
    ['first payment', view.firstPaymentId],
    ['reason', view.reason],
    ['attention', view.attention && `${view.attention.kind}: ${view.attention.reason}`],
    ['version', String(view.version)],
  ]);
  return [`Recurrence ${view.recurrenceId}\n${fields}`, renderCharges(view), renderTimeline(view)].join('\n');
}

function describeSchedule(view: RecurrenceView): string {
  const payments = view.paymentsNo === 0 ? 'until canceled' : `${view.paymentsNo} payments`;
  return `every ${describeInterval(view.intervalMs)}, ${payments}`;
}

function describeNextCharge(view: RecurrenceView): string {
  const next = view.nextCharge;
  if (!next) return 'none';
  const retry = next.kind === 'retry' ? ` (retry ${next.attempt})` : '';
  return `#${next.number}${retry} at ${formatInstant(next.expectedAt)} UTC, ${formatMoney(next.amount, view.currency, view.exponent)}`;
}

/** Every charge attempt the view keeps (the latest ones; totals count all of them). */
function renderCharges(view: RecurrenceView): string {
  if (view.charges.length === 0) return 'Charges: none yet\n';
  const columns: Column<ChargeRecord>[] = [
    { header: 'NO', value: (c) => String(c.number), align: 'right' },
    { header: 'ATTEMPT', value: (c) => String(c.attempt), align: 'right' },
    { header: 'ORDER', value: (c) => c.orderId },
    { header: 'STATUS', value: (c) => c.status },
    {
      header: `AMOUNT (${view.currency})`,
      value: (c) => formatAmount(c.amount, view.currency, view.exponent),
      align: 'right',
    },
    { header: 'AT (UTC)', value: (c) => formatInstant(c.at) },
    { header: 'REASON', value: (c) => c.reason ?? '' },
  ];
  return `Charges\n${renderTable(columns, view.charges, '  ')}`;
}

function renderTimeline(view: RecurrenceView): string {
  const columns: Column<RecurrenceView['timeline'][number]>[] = [
    { header: 'AT (UTC)', value: (t) => formatInstant(t.at) },
    { header: 'STATUS', value: (t) => t.status },
    { header: 'NOTE', value: (t) => t.note },
  ];
  return `Timeline\n${renderTable(columns, view.timeline, '  ')}`;
}

/** After move, reprice or cancel: where the recurrence stands now, in the terms the command changed. */
export function renderRecurrenceChange(outcome: Extract<CommandOutcome, { kind: 'recurrence' }>): string {
  const { view } = outcome;
  return (
    `${outcome.action}: recurrence ${view.recurrenceId} is now ${view.status}\n` +
    renderFields([
      ['amount', `${formatMoney(view.amount, view.currency, view.exponent)} per charge`],
      ['next charge', describeNextCharge(view)],
      ['reason', view.reason],
    ])
  );
}

export function renderRedelivery(orderId: string, record: NotificationRecord): string {
  return (
    `redeliver: event ${record.event.id} of order ${orderId} is ${record.delivery}\n` +
    renderFields([
      ['event id', record.event.id],
      ['type', record.event.type],
      ['created', `${formatInstant(record.event.createdAt)} UTC`],
      ['delivery', record.delivery],
      ['error', record.error],
    ])
  );
}
