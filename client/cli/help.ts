/**
 * Help texts, generated from the command table so that help and behaviour cannot drift apart.
 */
import type { OptionSpec } from './arguments';
import { PAYMENTS_COMMANDS, type PaymentsCommand } from './commands';
import { EXIT_CODE_HELP } from './exit-codes';

/** Options every payments command takes; the runner handles them. */
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
    'payctl: inspect and operate payments (the orchestrator on Temporal)',
    '',
    'Usage:',
    '  payctl payments <command> [arguments] [options]',
    '  payctl payments <command> --help',
    '',
    commandList(),
    wrap(MONEY_NOTE),
    '',
    wrap(CONFIG_NOTE),
    '',
    exitCodes(),
  ].join('\n');
}

export function paymentsHelp(): string {
  return [
    'Usage: payctl payments <command> [arguments] [options]',
    '',
    commandList(),
    `Run 'payctl payments <command> --help' for its options.`,
    '',
    wrap(MONEY_NOTE),
    '',
    exitCodes(),
  ].join('\n');
}

export function commandHelp(command: PaymentsCommand): string {
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
    `Usage: ${synopsis(command)}`,
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

export function helpCommandFor(command?: PaymentsCommand): string {
  return command ? `payctl payments ${command.name} --help` : 'payctl --help';
}

function synopsis(command: PaymentsCommand): string {
  const parts = [`payctl payments ${command.name}`, ...command.positionals.map((p) => `<${p}>`)];
  for (const [name, spec] of Object.entries(command.options)) {
    const label = spec.placeholder ? `--${name} ${spec.placeholder}` : `--${name}`;
    parts.push(spec.required ? label : `[${label}]`);
  }
  parts.push('[--json]');
  return parts.join(' ');
}

function commandList(): string {
  const width = Math.max(...PAYMENTS_COMMANDS.map((c) => c.name.length));
  return [
    'Commands:',
    ...PAYMENTS_COMMANDS.map((c) => `  payments ${c.name.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
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
