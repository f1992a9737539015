/**
 * Help texts, generated from the command table so that help and behaviour cannot drift apart.
 */
import type { OptionSpec } from './arguments';
import type { CommandGroup, PaymentsCommand } from './commands';
import { EXIT_CODE_HELP } from './exit-codes';
import { COMMAND_GROUPS } from './groups';

/** Options every command takes; the runner handles them. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean', help: 'machine-readable output on stdout; errors as one JSON object on stderr' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

const MONEY_NOTE =
  'Amounts on the command line are integer minor units of the payment currency: 23740 is 237.40 USD, ' +
  '500 is 500 JPY. Output shows them formatted; --json keeps minor units.';

const CONFIG_NOTE =
  'Configuration comes from the same environment variables as the worker and the gateway: ' +
  'TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE, TEMPORAL_API_KEY, TEMPORAL_TLS*, and ' +
  'PAYLOAD_ENCRYPTION_KEYS / PAYLOAD_ENCRYPTION_KEY_ID (or PAYLOAD_ENCRYPTION=off), since payctl reads ' +
  'what the workers store. See .env.example.';

export function mainHelp(): string {
  return [
    'payctl: inspect and operate payments and recurrences (the orchestrator on Temporal)',
    '',
    'Usage:',
    ...COMMAND_GROUPS.map((g) => `  payctl ${g.name} <command> [arguments] [options]`),
    '  payctl <group> <command> --help',
    '',
    ...COMMAND_GROUPS.map((g) => commandList(g)),
    wrap(MONEY_NOTE),
    '',
    wrap(CONFIG_NOTE),
    '',
    exitCodes(),
  ].join('\n');
}

export function groupHelp(group: CommandGroup): string {
  return [
    `Usage: payctl ${group.name} <command> [arguments] [options]`,
    '',
    commandList(group),
    `Run 'payctl ${group.name} <command> --help' for its options.`,
    '',
    wrap(MONEY_NOTE),
    '',
    exitCodes(),
  ].join('\n');
}

export function commandHelp(group: CommandGroup, command: PaymentsCommand): string {
  const options = { ...command.options, ...COMMON_OPTIONS };
  const width = Math.max(...Object.entries(options).map(([name, spec]) => optionLabel(name, spec).length));
  // Long descriptions (the list of statuses) continue under the description column, not under the flag.
  const optionLines = Object.entries(options).map(([name, spec]) =>
    wrap(`${spec.help}${spec.required ? ' (required)' : ''}`, 100 - width - 4)
      .split('\n')
      .map((text, i) => `  ${(i === 0 ? optionLabel(name, spec) : '').padEnd(width)}  ${text}`)
      .join('\n'),
  );
  const notes = command.notes ?? [];
  const money = Object.values(command.options).some((spec) => spec.placeholder === 'MINOR')
    ? [MONEY_NOTE]
    : [];
  return [
    `Usage: ${synopsis(group, command)}`,
    '',
    `${command.summary}.`,
    '',
    'Options:',
    ...optionLines,
    ...[...notes, ...money].flatMap((note) => ['', wrap(note)]),
    '',
    exitCodes(),
  ].join('\n');
}

export function helpCommandFor(group?: CommandGroup, command?: PaymentsCommand): string {
  if (!group) return 'payctl --help';
  return command ? `payctl ${group.name} ${command.name} --help` : `payctl ${group.name} --help`;
}

function synopsis(group: CommandGroup, command: PaymentsCommand): string {
  const parts = [`payctl ${group.name} ${command.name}`, ...command.positionals.map((p) => `<${p}>`)];
  for (const [name, spec] of Object.entries(command.options)) {
    const label = spec.placeholder ? `--${name} ${spec.placeholder}` : `--${name}`;
    parts.push(spec.required ? label : `[${label}]`);
  }
  parts.push('[--json]');
  return parts.join(' ');
}

function commandList(group: CommandGroup): string {
  // One width for every group, so that the summaries line up across the main help's lists.
  const width = Math.max(...COMMAND_GROUPS.map((g) => `${g.name} `.length + longestName(g)));
  return [
    `Commands (${group.summary}):`,
    ...group.commands.map((c) => `  ${`${group.name} ${c.name}`.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}

function longestName(group: CommandGroup): number {
  return Math.max(...group.commands.map((c) => c.name.length));
}

function exitCodes(): string {
  return ['Exit codes:', ...EXIT_CODE_HELP.map(([code, meaning]) => `  ${code}  ${meaning}`), ''].join('\n');
}

function optionLabel(name: string, spec: OptionSpec): string {
  const short = spec.short ? `-${spec.short}, ` : '';
  return `${short}--${name}${spec.placeholder ? ` ${spec.placeholder}` : ''}`;
}

/** Help paragraphs wrapped at 100 columns, so they read well in an 80–120 column terminal. */
function wrap(text: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
