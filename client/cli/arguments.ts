/**
 * The command line's grammar: node:util parseArgs with our own messages, and parsers for the value
 * types payctl accepts (order ids, integer minor units, instants, choices). Anything wrong here is a
 * UsageError (exit 2) raised before payctl reads its configuration or connects to Temporal.
 */
import { parseArgs } from 'node:util';
import { parseDuration } from '../../worker/durations';
import { orderIdSchema } from '../api-schemas';
import { recurrenceIdSchema } from '../recurrence-schemas';
import { UsageError } from './exit-codes';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The value's placeholder in help, e.g. "MINOR". */
  placeholder?: string;
  /** A one-letter alias, e.g. "h" for -h. */
  short?: string;
  help: string;
  required?: boolean;
}

export interface ParsedLine {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * parseArgs in strict mode, plus one rule it lacks: an option given twice is an error. parseArgs would
 * silently keep the last one, and `--amount 500 --amount 5000` must not move either amount of money.
 */
export function parseLine(
  args: string[],
  options: Record<string, OptionSpec>,
  helpCommand: string,
): ParsedLine {
  const config = Object.fromEntries(
    Object.entries(options).map(
      ([name, spec]) =>
        [name, spec.short ? { type: spec.type, short: spec.short } : { type: spec.type }] as const,
    ),
  );
  let parsed;
  try {
    parsed = parseArgs({ args, options: config, strict: true, allowPositionals: true, tokens: true });
  } catch (err) {
    throw new UsageError(parseArgsMessage(err), helpCommand);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name))
      throw new UsageError(`option --${token.name} is given more than once`, helpCommand);
    seen.add(token.name);
  }
  return { values: { ...parsed.values }, positionals: parsed.positionals };
}

/** parseArgs' own messages suggest `--` tricks and run over several lines; ours name the option only. */
function parseArgsMessage(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const text = err instanceof Error ? err.message : String(err);
  const option = /'(-[^' ]+)/.exec(text)?.[1] ?? 'an option';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(text)
        ? `option ${option} takes no value`
        : `option ${option} needs a value`;
    default:
      return text.split('\n')[0] ?? text;
  }
}

export function orderIdArg(text: string, helpCommand: string): string {
  const result = orderIdSchema.safeParse(text);
  if (!result.success) {
    throw new UsageError(`order id ${JSON.stringify(text)} ${result.error.issues[0]?.message}`, helpCommand);
  }
  return result.data;
}

export function recurrenceIdArg(text: string, helpCommand: string): string {
  const result = recurrenceIdSchema.safeParse(text);
  if (!result.success) {
    throw new UsageError(
      `recurrence id ${JSON.stringify(text)} ${result.error.issues[0]?.message}`,
      helpCommand,
    );
  }
  return result.data;
}

/**
 * A merchant event's id as `payments show` prints it (`<paymentKey>:v<version>`). Only its shape is
 * checked here; whether the payment has such an event is the workflow's answer.
 */
export function eventIdArg(text: string, helpCommand: string): string {
  if (/^[\x21-\x7E]{1,255}$/.test(text)) return text;
  throw new UsageError(
    `event id ${JSON.stringify(text)} must be 1–255 visible ASCII characters, without spaces`,
    helpCommand,
  );
}

/**
 * Money on the command line is integer minor units, as everywhere in this project: "23740" is 237.40
 * USD. Decimal text is refused rather than converted, because payctl does not know the payment's
 * currency (and so its exponent) before asking, and a guessed exponent moves the wrong amount.
 */
export function minorUnitsArg(flag: string, text: string, helpCommand: string): number {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    if (Number.isSafeInteger(value)) return value;
    throw new UsageError(`--${flag} ${text} is too large`, helpCommand);
  }
  const hint = /^\d+[.,]\d+$/.test(text) ? ' (amounts are integer minor units: 23740 is 237.40 USD)' : '';
  throw new UsageError(
    `--${flag} must be a whole number of minor units, got ${JSON.stringify(text)}${hint}`,
    helpCommand,
  );
}

export function positiveIntegerArg(flag: string, text: string, helpCommand: string): number {
  if (/^[1-9]\d{0,8}$/.test(text)) return Number(text);
  throw new UsageError(`--${flag} must be a positive whole number, got ${JSON.stringify(text)}`, helpCommand);
}

export function choiceArg<T extends string>(
  flag: string,
  text: string,
  choices: readonly T[],
  helpCommand: string,
): T {
  const choice = choices.find((c) => c === text);
  if (choice) return choice;
  throw new UsageError(
    `--${flag} must be one of: ${choices.join(', ')}; got ${JSON.stringify(text)}`,
    helpCommand,
  );
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * An instant as an ISO 8601 string in UTC. Accepts a timestamp with `Z` or an offset, a date (midnight
 * UTC), or a duration from `now` ("2h", "1d", the same units as the configuration's durations): back
 * from now for filters on the past (--since), ahead of now for the schedule (--due-before, --at).
 * A timestamp without an offset is refused: which time zone it meant is exactly the question that
 * makes an operator miss the payment they are looking for.
 */
export function instantArg(
  flag: string,
  text: string,
  now: Date,
  helpCommand: string,
  direction: 'ago' | 'ahead' = 'ago',
): string {
  let instant: Date | undefined;
  if (/^\d+(ms|s|m|h|d)$/.test(text)) {
    const sign = direction === 'ago' ? -1 : 1;
    instant = new Date(now.getTime() + sign * durationMs(flag, text, helpCommand));
  } else if (ISO_DATE.test(text)) {
    instant = new Date(`${text}T00:00:00Z`);
  } else if (ISO_WITH_OFFSET.test(text)) {
    instant = new Date(text);
  } else if (ISO_WITHOUT_OFFSET.test(text)) {
    throw new UsageError(
      `--${flag} ${text} has no time zone; add Z for UTC or an offset such as +02:00`,
      helpCommand,
    );
  }
  if (!instant || Number.isNaN(instant.getTime()) || !realCalendarDate(text)) {
    throw new UsageError(
      `--${flag} must be an ISO 8601 time (2024-05-01T12:00:00Z), a date (2024-05-01, UTC) ` +
        `or a duration ${direction === 'ago' ? 'ago' : 'from now'} (30m, 2h, 1d); got ${JSON.stringify(text)}`,
      helpCommand,
    );
  }
  return instant.toISOString();
}

/** Date parsing rolls 2024-02-30 over into March; an operator who typed it made a mistake worth hearing about. */
function realCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return true; // a duration
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function durationMs(flag: string, text: string, helpCommand: string): number {
  try {
    return parseDuration(text);
  } catch (err) {
    throw new UsageError(`--${flag} ${(err as Error).message}`, helpCommand);
  }
}

/** A visible-ASCII token without spaces: it becomes part of a Temporal update id (same rule as the REST header). */
export function idempotencyKeyArg(text: string, helpCommand: string): string {
  if (/^[\x21-\x7E]{1,255}$/.test(text)) return text;
  throw new UsageError(
    '--idempotency-key must be 1–255 visible ASCII characters, without spaces',
    helpCommand,
  );
}
