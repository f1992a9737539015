/**
 * What an error means to whoever runs payctl, as an exit code and one line on stderr (or a JSON
 * object with --json). Scripts branch on the exit code, so each code answers one question: did the
 * payment engine refuse (1), was payctl called wrongly (2), is there no such payment or recurrence (3), could the
 * answer not be had at all (4, retry later), or did something nobody classified happen (5).
 */
import { ConfigError } from '../../worker/config';
import { PaymentsError, type PaymentsErrorCode } from '../errors';

export const EXIT = {
  ok: 0,
  /** The operation was refused: validation, conflict, or the provider declined. Nothing changed. */
  refused: 1,
  /** The command line or the configuration is wrong; nothing was sent. */
  usage: 2,
  notFound: 3,
  /** Temporal or the provider could not be reached; retry later. */
  unavailable: 4,
  /**
   * A bug or a failure nobody classified. Kept apart from 1 on purpose: a script must not read "refused,
   * nothing changed" when nobody knows whether something changed (check with `payments show`).
   */
  unexpected: 5,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** For --help; client/cli/README.md says the same at more length. */
export const EXIT_CODE_HELP: ReadonlyArray<readonly [ExitCode, string]> = [
  [EXIT.ok, 'done'],
  [
    EXIT.refused,
    'refused: invalid for this payment or recurrence, conflicting, or declined by the provider; nothing changed',
  ],
  [EXIT.usage, 'usage or configuration error; nothing was sent'],
  [EXIT.notFound, 'not found: no such payment, recurrence or merchant event'],
  [
    EXIT.unavailable,
    "Temporal or the provider could not be reached; retry later ('payments show' tells where it stands)",
  ],
  [
    EXIT.unexpected,
    "unexpected error; the outcome is unknown, check with 'payctl payments show' (or 'recurring show')",
  ],
];

/** The command line is wrong (unknown command or flag, missing or malformed value). Exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The help to point at, e.g. "payctl payments capture --help". */
    readonly helpCommand?: string,
  ) {
    super(message);
  }
}

export interface CliFailure {
  exitCode: ExitCode;
  /** Stable, for --json consumers: a PaymentsErrorCode, or usage / configuration / internal. */
  code: PaymentsErrorCode | 'usage' | 'configuration' | 'internal';
  message: string;
  /** Validation details from PaymentsClient: field → reason, with the client's (and REST API's) field names. */
  fields?: Record<string, string>;
  helpCommand?: string;
}

const EXIT_BY_CODE: Record<PaymentsErrorCode, ExitCode> = {
  validation: EXIT.refused,
  conflict: EXIT.refused,
  provider_declined: EXIT.refused,
  not_found: EXIT.notFound,
  provider_unavailable: EXIT.unavailable,
  unavailable: EXIT.unavailable,
};

export function classify(err: unknown): CliFailure {
  if (err instanceof UsageError) {
    return { exitCode: EXIT.usage, code: 'usage', message: err.message, helpCommand: err.helpCommand };
  }
  if (err instanceof ConfigError) {
    return { exitCode: EXIT.usage, code: 'configuration', message: err.message };
  }
  if (err instanceof PaymentsError) {
    return { exitCode: EXIT_BY_CODE[err.code], code: err.code, message: err.message, fields: err.fields };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { exitCode: EXIT.unexpected, code: 'internal', message: `unexpected error: ${message}` };
}

/**
 * The stderr text: `payctl: <message>`, then one indented line per invalid field, named as the flag the
 * operator typed (`--refund-id`, not `refundId`). Never a stack trace: operators act on the message.
 */
export function renderFailureText(failure: CliFailure, flagFor: (field: string) => string): string {
  const hint = failure.helpCommand ? ` (see '${failure.helpCommand}')` : '';
  const lines = [`payctl: ${failure.message}${hint}`];
  for (const [field, reason] of Object.entries(failure.fields ?? {}))
    lines.push(`  ${flagFor(field)}: ${reason}`);
  return `${lines.join('\n')}\n`;
}

/** The stderr JSON for --json: one object, so a script can parse it without reading our prose. */
export function renderFailureJson(failure: CliFailure): string {
  const { exitCode, code, message, fields } = failure;
  return `${JSON.stringify({ error: { code, message, ...(fields ? { fields } : {}), exitCode } })}\n`;
}
