/**
 * A command's outcome on stdout: text for people (format-payments.ts, format-recurrences.ts), or JSON for
 * scripts, shaped as the REST API shows the same objects (internal fields left out, minor units kept).
 */
import type { PaymentView } from '../../workflows/payment-definitions';
import type { RecurrenceView } from '../../workflows/recurring-definitions';
import type { CommandOutcome } from './commands';
import { renderChange, renderPayment, renderPaymentList } from './format-payments';
import {
  renderRecurrence,
  renderRecurrenceChange,
  renderRecurrenceList,
  renderRedelivery,
} from './format-recurrences';

export function renderOutcomeText(outcome: CommandOutcome): string {
  switch (outcome.kind) {
    case 'list':
      return renderPaymentList(outcome.payments);
    case 'show':
      return renderPayment(outcome.view);
    case 'change':
      return renderChange(outcome);
    case 'recurrence-list':
      return renderRecurrenceList(outcome.recurrences);
    case 'recurrence':
      return outcome.action === 'show' ? renderRecurrence(outcome.view) : renderRecurrenceChange(outcome);
    case 'redelivery':
      return renderRedelivery(outcome.orderId, outcome.record);
  }
}

/** JSON for scripts: lists as PaymentsClient returns them, a payment or recurrence as the REST API shows it. */
export function renderOutcomeJson(outcome: CommandOutcome): string {
  return `${JSON.stringify(jsonValue(outcome), null, 2)}\n`;
}

function jsonValue(outcome: CommandOutcome): unknown {
  switch (outcome.kind) {
    case 'list':
      return outcome.payments;
    case 'show':
    case 'change':
      return withoutFingerprint(outcome.view);
    case 'recurrence-list':
      return outcome.recurrences;
    case 'recurrence':
      return withoutFingerprint(outcome.view);
    case 'redelivery':
      return outcome.record;
  }
}

/** `requestFingerprint` is an internal hash for recognising a repeated create; it means nothing to operators. */
function withoutFingerprint<T extends PaymentView | RecurrenceView>(view: T): Omit<T, 'requestFingerprint'> {
  const { requestFingerprint: _internal, ...visible } = view;
  return visible;
}
