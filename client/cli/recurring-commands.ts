/**
 * The `payctl recurring …` commands: list recurrences from visibility, show one, and steer its schedule
 * (move the next charge, change the amount, cancel). Like the payments commands, each goes through
 * PaymentsClient, so the recurrence workflow's validators decide what is allowed (a move into the past
 * is refused there, exit 1) and payctl only checks the command line's grammar (exit 2).
 */
import { RECURRENCE_STATUSES } from '../../domain/recurrence-types';
import {
  choiceArg,
  idempotencyKeyArg,
  instantArg,
  minorUnitsArg,
  positiveIntegerArg,
  recurrenceIdArg,
} from './arguments';
import {
  DEFAULT_LIST_LIMIT,
  ifGiven,
  stringValues,
  type CheckedLine,
  type PaymentsCommand,
} from './commands';

const idempotencyKeyOption = {
  type: 'string',
  placeholder: 'KEY',
  help: 'repeating the command with the same key returns the first result instead of acting again',
} as const;

const TIME_AHEAD_NOTE =
  'TIME is an ISO 8601 time with Z or an offset (2024-05-01T12:00:00Z), a date (2024-05-01, midnight UTC), ' +
  'or a duration from now: 30m, 2h, 1d.';

export const RECURRING_COMMANDS: readonly PaymentsCommand[] = [
  {
    name: 'list',
    summary: 'List recurrences with their next charge, newest first, from Temporal visibility',
    positionals: [],
    options: {
      status: {
        type: 'string',
        placeholder: 'STATUS',
        help: `only this status: ${RECURRENCE_STATUSES.join(', ')}`,
      },
      provider: { type: 'string', placeholder: 'NAME', help: 'only this provider, e.g. bigfish' },
      'due-before': {
        type: 'string',
        placeholder: 'TIME',
        help: 'only those whose next charge is expected before TIME (--due-before 1d: what charges by tomorrow)',
      },
      limit: {
        type: 'string',
        placeholder: 'N',
        help: `at most N recurrences, 1–1000 (default ${DEFAULT_LIST_LIMIT})`,
      },
    },
    notes: [
      TIME_AHEAD_NOTE,
      'Visibility is eventually consistent: a change made a moment ago may take a second to show here; ' +
        "'payctl recurring show' is always current.",
    ],
    prepare(line) {
      const text = stringValues(line);
      const limit =
        ifGiven(text.limit, (v) => positiveIntegerArg('limit', v, line.helpCommand)) ?? DEFAULT_LIST_LIMIT;
      const filter = {
        status: ifGiven(text.status, (v) => choiceArg('status', v, RECURRENCE_STATUSES, line.helpCommand)),
        provider: text.provider,
        dueBefore: ifGiven(text['due-before'], (v) =>
          instantArg('due-before', v, line.now, line.helpCommand, 'ahead'),
        ),
        limit,
      };
      return async (payments) => ({
        kind: 'recurrence-list',
        recurrences: await payments.listRecurrences(filter),
        limit,
      });
    },
  },
  {
    name: 'show',
    summary: 'Show one recurrence: status, schedule, next charge, charges and timeline',
    positionals: ['recurrenceId'],
    options: {},
    prepare(line) {
      const id = recurrenceIdOf(line);
      return async (payments) => ({
        kind: 'recurrence',
        action: 'show',
        view: await payments.getRecurrence(id),
      });
    },
  },
  {
    name: 'move',
    summary: 'Move the next charge (the later ones follow at the same interval)',
    positionals: ['recurrenceId'],
    options: {
      at: { type: 'string', placeholder: 'TIME', required: true, help: 'when the next charge should happen' },
      'idempotency-key': idempotencyKeyOption,
    },
    notes: [
      TIME_AHEAD_NOTE,
      'For a provider-scheduled recurrence (mobilPay) the provider is told as well. A time in the past is ' +
        'refused (exit 1).',
    ],
    prepare(line) {
      const id = recurrenceIdOf(line);
      const text = stringValues(line);
      const at = instantArg('at', text.at ?? '', line.now, line.helpCommand, 'ahead');
      const key = ifGiven(text['idempotency-key'], (v) => idempotencyKeyArg(v, line.helpCommand));
      return async (payments) => ({
        kind: 'recurrence',
        action: 'move',
        view: await payments.moveNextCharge(id, { at }, key),
      });
    },
  },
  {
    name: 'reprice',
    summary: 'Change the amount of the next charges (charges already made stand)',
    positionals: ['recurrenceId'],
    options: {
      amount: {
        type: 'string',
        placeholder: 'MINOR',
        required: true,
        help: 'the new amount per charge, in the recurrence currency',
      },
      'idempotency-key': idempotencyKeyOption,
    },
    prepare(line) {
      const id = recurrenceIdOf(line);
      const text = stringValues(line);
      const amount = minorUnitsArg('amount', text.amount ?? '', line.helpCommand);
      const key = ifGiven(text['idempotency-key'], (v) => idempotencyKeyArg(v, line.helpCommand));
      return async (payments) => ({
        kind: 'recurrence',
        action: 'reprice',
        view: await payments.changeRecurrenceAmount(id, { amount }, key),
      });
    },
  },
  {
    name: 'cancel',
    summary: 'Cancel the rest of the schedule (charges already made stand)',
    positionals: ['recurrenceId'],
    options: {
      reason: { type: 'string', placeholder: 'TEXT', help: 'why, for the timeline (up to 255 characters)' },
    },
    prepare(line) {
      const id = recurrenceIdOf(line);
      const { reason } = stringValues(line);
      return async (payments) => ({
        kind: 'recurrence',
        action: 'cancel',
        view: await payments.cancelRecurrence(id, reason === undefined ? {} : { reason }),
      });
    },
  },
];

function recurrenceIdOf(line: CheckedLine): string {
  // The runner has checked that it is there; its form is checked here, before anything is sent.
  return recurrenceIdArg(line.positionals[0] ?? '', line.helpCommand);
}
