/**
 * The `payctl payments …` commands, and what every command shares (its shape, its outcome, the slice of
 * PaymentsClient it may use): each one's options, help, and the PaymentsClient call it makes.
 * `prepare` checks the command line and returns the call without making it, so a usage error never
 * needs configuration or a Temporal connection. Every call goes through PaymentsClient: the CLI sees
 * the same validation, idempotency and errors as the REST API and backend services.
 */
import { PAYMENT_STATUSES, type OperationKind, type PaymentOperation } from '../../domain/payment-types';
import type { NotificationRecord, PaymentView } from '../../workflows/payment-definitions';
import type { RecurrenceView } from '../../workflows/recurring-definitions';
import { resolveSchema } from '../api-schemas';
import type { PaymentSummary } from '../payment-search';
import type { PaymentsClient } from '../payments-client';
import type { RecurrenceSummary } from '../recurrence-search';
import {
  choiceArg,
  idempotencyKeyArg,
  instantArg,
  minorUnitsArg,
  orderIdArg,
  positiveIntegerArg,
  type OptionSpec,
  type ParsedLine,
} from './arguments';

/** The slice of PaymentsClient the CLI uses (tests pass a fake). */
export type PaymentsOperations = Pick<
  PaymentsClient,
  | 'listPayments'
  | 'getPayment'
  | 'capture'
  | 'void'
  | 'refund'
  | 'cancel'
  | 'resolve'
  | 'listRecurrences'
  | 'getRecurrence'
  | 'moveNextCharge'
  | 'changeRecurrenceAmount'
  | 'cancelRecurrence'
  | 'redeliverNotification'
>;

export type ChangeAction = 'capture' | 'void' | 'refund' | 'cancel' | 'resolve';

export type CommandOutcome =
  | { kind: 'list'; payments: PaymentSummary[]; limit: number }
  | { kind: 'show'; view: PaymentView }
  /** `operation` is the provider operation this command started, when it started one. */
  | { kind: 'change'; action: ChangeAction; view: PaymentView; operation?: PaymentOperation }
  | { kind: 'recurrence-list'; recurrences: RecurrenceSummary[]; limit: number }
  /** `show`, or the command that changed the recurrence, with its view after the change. */
  | { kind: 'recurrence'; action: RecurrenceAction; view: RecurrenceView }
  | { kind: 'redelivery'; orderId: string; record: NotificationRecord };

export type RecurrenceAction = 'show' | 'move' | 'reprice' | 'cancel';

export type PreparedCall = (payments: PaymentsOperations) => Promise<CommandOutcome>;

export interface PaymentsCommand {
  name: string;
  summary: string;
  /** Positional arguments, in order; every one is required. */
  positionals: readonly string[];
  options: Record<string, OptionSpec>;
  /** Help paragraphs after the options. */
  notes?: readonly string[];
  prepare(line: CheckedLine): PreparedCall;
}

/** `payctl <group> <command>`: payments, recurring, events. */
export interface CommandGroup {
  name: string;
  summary: string;
  commands: readonly PaymentsCommand[];
}

/** A command line that has passed the generic checks (positionals counted, required options present). */
export interface CheckedLine extends ParsedLine {
  now: Date;
  helpCommand: string;
}

/** Same as PaymentsClient's default page of 50; payctl needs the number to say when more may match. */
export const DEFAULT_LIST_LIMIT = 50;

const RESOLVE_STATUSES = resolveSchema.shape.status.options;

const amountOption = (help: string, required = false): OptionSpec => ({
  type: 'string',
  placeholder: 'MINOR',
  help,
  required,
});
const idempotencyKeyOption: OptionSpec = {
  type: 'string',
  placeholder: 'KEY',
  help: 'repeating the command with the same key returns the first result instead of acting again',
};

export const PAYMENTS_COMMANDS: readonly PaymentsCommand[] = [
  {
    name: 'list',
    summary: 'List payments, newest first, from Temporal visibility',
    positionals: [],
    options: {
      status: {
        type: 'string',
        placeholder: 'STATUS',
        help: `only this status: ${PAYMENT_STATUSES.join(', ')}`,
      },
      provider: { type: 'string', placeholder: 'NAME', help: 'only this provider, e.g. assist' },
      since: { type: 'string', placeholder: 'TIME', help: 'started at or after TIME' },
      until: { type: 'string', placeholder: 'TIME', help: 'started before TIME' },
      limit: {
        type: 'string',
        placeholder: 'N',
        help: `at most N payments, 1–1000 (default ${DEFAULT_LIST_LIMIT})`,
      },
    },
    notes: [
      'TIME is an ISO 8601 time with Z or an offset (2024-05-01T12:00:00Z), a date (2024-05-01, midnight UTC), ' +
        'or a duration ago: 30m, 2h, 1d.',
      'Visibility is eventually consistent: a change made a moment ago may take a second to show here; ' +
        "'payctl payments show' is always current.",
    ],
    prepare(line) {
      const text = stringValues(line);
      const limit =
        ifGiven(text.limit, (v) => positiveIntegerArg('limit', v, line.helpCommand)) ?? DEFAULT_LIST_LIMIT;
      const filter = {
        status: ifGiven(text.status, (v) => choiceArg('status', v, PAYMENT_STATUSES, line.helpCommand)),
        provider: text.provider,
        since: ifGiven(text.since, (v) => instantArg('since', v, line.now, line.helpCommand)),
        until: ifGiven(text.until, (v) => instantArg('until', v, line.now, line.helpCommand)),
        limit,
      };
      return async (payments) => ({ kind: 'list', payments: await payments.listPayments(filter), limit });
    },
  },
  {
    name: 'show',
    summary: 'Show one payment: status, amounts, operations and timeline',
    positionals: ['orderId'],
    options: {},
    prepare(line) {
      const orderId = orderIdOf(line);
      return async (payments) => ({ kind: 'show', view: await payments.getPayment(orderId) });
    },
  },
  {
    name: 'capture',
    summary: 'Capture all or part of an authorization',
    positionals: ['orderId'],
    options: {
      amount: amountOption('how much to capture (default: everything still authorized)'),
      'idempotency-key': idempotencyKeyOption,
    },
    prepare(line) {
      const orderId = orderIdOf(line);
      const text = stringValues(line);
      const amount = ifGiven(text.amount, (v) => minorUnitsArg('amount', v, line.helpCommand));
      const key = ifGiven(text['idempotency-key'], (v) => idempotencyKeyArg(v, line.helpCommand));
      return async (payments) =>
        change(
          'capture',
          await payments.capture(orderId, amount === undefined ? {} : { amount }, key),
          'capture',
        );
    },
  },
  {
    name: 'void',
    summary: 'Release an authorization (nothing captured yet, or the rest after a partial capture)',
    positionals: ['orderId'],
    options: { 'idempotency-key': idempotencyKeyOption },
    prepare(line) {
      const orderId = orderIdOf(line);
      const text = stringValues(line);
      const key = ifGiven(text['idempotency-key'], (v) => idempotencyKeyArg(v, line.helpCommand));
      return async (payments) => change('void', await payments.void(orderId, key), 'void');
    },
  },
  {
    name: 'refund',
    summary: 'Refund all or part of what was captured',
    positionals: ['orderId'],
    options: {
      'refund-id': {
        type: 'string',
        placeholder: 'ID',
        required: true,
        help: 'your id for this refund; the same id never refunds twice (safe to repeat)',
      },
      amount: amountOption('how much to refund (default: everything still refundable)'),
    },
    prepare(line) {
      const orderId = orderIdOf(line);
      const text = stringValues(line);
      const refundId = text['refund-id'] ?? '';
      const amount = ifGiven(text.amount, (v) => minorUnitsArg('amount', v, line.helpCommand));
      return async (payments) => {
        const view = await payments.refund(
          orderId,
          amount === undefined ? { refundId } : { amount, refundId },
        );
        // The workflow names a refund's operation after its refund id; that is the one this call made.
        const operation = view.operations.find((o) => o.id === `refund-${refundId}`);
        return { kind: 'change', action: 'refund', view, operation };
      };
    },
  },
  {
    name: 'cancel',
    summary: 'Cancel a payment the payer has not paid yet',
    positionals: ['orderId'],
    options: {
      reason: { type: 'string', placeholder: 'TEXT', help: 'why, for the timeline (up to 255 characters)' },
    },
    prepare(line) {
      const orderId = orderIdOf(line);
      const { reason } = stringValues(line);
      return async (payments) =>
        change('cancel', await payments.cancel(orderId, reason === undefined ? {} : { reason }));
    },
  },
  {
    name: 'resolve',
    summary: "Settle a needs_attention payment with what the provider's books show",
    positionals: ['orderId'],
    options: {
      status: {
        type: 'string',
        placeholder: 'STATUS',
        required: true,
        help: `the outcome at the provider: ${RESOLVE_STATUSES.join(', ')}`,
      },
      // All three amounts are required: the operator states the provider's books in full, never a delta.
      authorized: amountOption('amount authorized at the provider', true),
      captured: amountOption('amount captured at the provider', true),
      refunded: amountOption('amount refunded at the provider', true),
      note: {
        type: 'string',
        placeholder: 'TEXT',
        required: true,
        help: 'what you checked and where (ticket, provider back office); kept in the timeline',
      },
    },
    notes: [
      "Look the payment up in the provider's back office first: this records what it shows, it calls nobody.",
    ],
    prepare(line) {
      const orderId = orderIdOf(line);
      const text = stringValues(line);
      const amount = (flag: 'authorized' | 'captured' | 'refunded') =>
        minorUnitsArg(flag, text[flag] ?? '', line.helpCommand);
      const resolution = {
        status: choiceArg('status', text.status ?? '', RESOLVE_STATUSES, line.helpCommand),
        authorizedAmount: amount('authorized'),
        capturedAmount: amount('captured'),
        refundedAmount: amount('refunded'),
        note: text.note ?? '',
      };
      return async (payments) => change('resolve', await payments.resolve(orderId, resolution));
    },
  },
];

/** PaymentsClient's field names (also the REST API's) → the flags an operator types. */
const FLAG_BY_FIELD: Record<string, string> = {
  refundId: '--refund-id',
  authorizedAmount: '--authorized',
  capturedAmount: '--captured',
  refundedAmount: '--refunded',
};

export function flagForField(field: string): string {
  return FLAG_BY_FIELD[field] ?? `--${field}`;
}

function change(action: ChangeAction, view: PaymentView, kind?: OperationKind): CommandOutcome {
  // Operations are appended in order, so the newest of the kind is the one this command made (or, for a
  // repeated idempotent command, the one the first call made).
  const operation = kind ? view.operations.filter((o) => o.kind === kind).at(-1) : undefined;
  return { kind: 'change', action, view, operation };
}

function orderIdOf(line: CheckedLine): string {
  // The runner has checked that it is there; its form is checked here, before anything is sent.
  return orderIdArg(line.positionals[0] ?? '', line.helpCommand);
}

export function ifGiven<T>(text: string | undefined, parse: (text: string) => T): T | undefined {
  return text === undefined ? undefined : parse(text);
}

/** The string-typed options (the boolean ones, --json and --help, are read by the runner). */
export function stringValues(line: ParsedLine): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(line.values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
