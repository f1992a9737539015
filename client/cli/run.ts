/**
 * One payctl invocation, from argv to exit code: route to help or a command, check the command line,
 * only then open PaymentsClient, make the call, and print the outcome or the error. Process concerns
 * (real stdout, environment, exit) stay in main.ts, so tests drive this with a fake PaymentsClient.
 */
import { parseLine } from './arguments';
import {
  flagForField,
  type CommandGroup,
  type CommandOutcome,
  type PaymentsCommand,
  type PaymentsOperations,
  type PreparedCall,
} from './commands';
import {
  EXIT,
  UsageError,
  classify,
  renderFailureJson,
  renderFailureText,
  type ExitCode,
} from './exit-codes';
import { renderOutcomeJson, renderOutcomeText } from './format-outcome';
import { COMMAND_GROUPS } from './groups';
import { COMMON_OPTIONS, commandHelp, groupHelp, helpCommandFor, mainHelp } from './help';

export interface PaymentsSession {
  payments: PaymentsOperations;
  close(): Promise<void>;
}

export interface CliDeps {
  /** Reads the configuration and connects; called only once the command line is known to be good. */
  openPayments(): Promise<PaymentsSession>;
  now(): Date;
  stdout(text: string): void;
  stderr(text: string): void;
}

type Route =
  { kind: 'help'; text: string; exitCode: ExitCode } | { kind: 'call'; call: PreparedCall; json: boolean };

const HELP_WORDS = new Set(['help', '--help', '-h']);

export async function runCli(argv: readonly string[], deps: CliDeps): Promise<ExitCode> {
  // Known before parsing, so that even a usage error answers a script in JSON.
  let json = argv.includes('--json');
  try {
    const route = routeOf(argv, deps.now());
    if (route.kind === 'help') {
      // Help that was asked for goes to stdout; help shown because the command was incomplete is an error.
      (route.exitCode === EXIT.ok ? deps.stdout : deps.stderr)(route.text);
      return route.exitCode;
    }
    json = route.json;
    const outcome = await callWithSession(route.call, deps);
    deps.stdout(json ? renderOutcomeJson(outcome) : renderOutcomeText(outcome));
    if (!json) warnIfTruncated(outcome, deps);
    return EXIT.ok;
  } catch (err) {
    const failure = classify(err);
    deps.stderr(json ? renderFailureJson(failure) : renderFailureText(failure, flagForField));
    return failure.exitCode;
  }
}

function routeOf(argv: readonly string[], now: Date): Route {
  const [group, name, ...rest] = argv;
  if (group === undefined) return { kind: 'help', text: mainHelp(), exitCode: EXIT.usage };
  if (group === 'help') return routeOf([...argv.slice(1), '--help'], now);
  if (HELP_WORDS.has(group)) return { kind: 'help', text: mainHelp(), exitCode: EXIT.ok };
  const commands = COMMAND_GROUPS.find((g) => g.name === group);
  if (!commands) {
    const what = group.startsWith('-') ? `unknown option ${group}` : `unknown command "${group}"`;
    throw new UsageError(what, helpCommandFor());
  }
  if (name === undefined) return { kind: 'help', text: groupHelp(commands), exitCode: EXIT.usage };
  if (HELP_WORDS.has(name)) return { kind: 'help', text: groupHelp(commands), exitCode: EXIT.ok };
  const command = commands.commands.find((c) => c.name === name);
  if (!command) {
    const known = commands.commands.map((c) => c.name).join(', ');
    throw new UsageError(`unknown command "${group} ${name}"; commands: ${known}`, helpCommandFor(commands));
  }
  return routeCommand(commands, command, rest, now);
}

function routeCommand(group: CommandGroup, command: PaymentsCommand, args: string[], now: Date): Route {
  const helpCommand = helpCommandFor(group, command);
  const line = parseLine(args, { ...command.options, ...COMMON_OPTIONS }, helpCommand);
  if (line.values.help) return { kind: 'help', text: commandHelp(group, command), exitCode: EXIT.ok };

  const missingPositional = command.positionals[line.positionals.length];
  if (missingPositional) throw new UsageError(`missing <${missingPositional}>`, helpCommand);
  const extra = line.positionals[command.positionals.length];
  if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}`, helpCommand);
  const missing = Object.entries(command.options)
    .filter(([flag, spec]) => spec.required && line.values[flag] === undefined)
    .map(([flag]) => `--${flag}`);
  if (missing.length > 0) throw new UsageError(`missing ${missing.join(', ')}`, helpCommand);

  const call = command.prepare({ ...line, now, helpCommand });
  return { kind: 'call', call, json: line.values.json === true };
}

async function callWithSession(call: PreparedCall, deps: CliDeps): Promise<CommandOutcome> {
  const session = await deps.openPayments();
  try {
    return await call(session.payments);
  } finally {
    // The answer is already known; a connection that closes badly must not change what we report.
    await session.close().catch(() => undefined);
  }
}

/** A full page may hide older payments or recurrences: say so on stderr, where it does not disturb the table. */
function warnIfTruncated(outcome: CommandOutcome, deps: CliDeps): void {
  const page =
    outcome.kind === 'list'
      ? { shown: outcome.payments.length, limit: outcome.limit }
      : outcome.kind === 'recurrence-list'
        ? { shown: outcome.recurrences.length, limit: outcome.limit }
        : undefined;
  if (page && page.shown >= page.limit) {
    deps.stderr(`payctl: showing the newest ${page.limit}; more may match (raise --limit, up to 1000)\n`);
  }
}
