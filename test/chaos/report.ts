/**
 * The chaos run's figures as text: a table for the terminal, and docs/reliability.md with the machine
 * it ran on, the exact command and seed, so that anyone can rerun it and compare.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { resolveTemporalCli } from '../../scripts/temporal-cli';
import type { FigureRow } from './figures';
import type { Violation } from './verifier';

export interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  os: string;
  temporalCli: string;
}

export function describeMachine(): Machine {
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    os: `${osName()} (kernel ${release()})`,
    temporalCli: temporalVersion(),
  };
}

export function renderTable(rows: readonly FigureRow[]): string {
  return markdownTable(
    ['Figure', 'Value'],
    rows.map((r) => [r.figure, r.value]),
  );
}

/** A two-column Markdown table, laid out as prettier would (so `npm run format:check` stays quiet). */
function markdownTable(headers: [string, string], rows: ReadonlyArray<readonly [string, string]>): string {
  const cells = rows.map(([a, b]) => [escape(a), escape(b)] as const);
  const width = Math.max(headers[0].length, ...cells.map(([a]) => a.length));
  const valueWidth = Math.max(headers[1].length, ...cells.map(([, b]) => b.length));
  const line = (a: string, b: string) => `| ${a.padEnd(width)} | ${b.padEnd(valueWidth)} |`;
  return [
    line(...headers),
    `| ${'-'.repeat(width)} | ${'-'.repeat(valueWidth)} |`,
    ...cells.map(([a, b]) => line(a, b)),
  ].join('\n');
}

export interface ReportInput {
  rows: readonly FigureRow[];
  violations: readonly Violation[];
  machine: Machine;
  command: string;
  seed: number;
  startedAt: Date;
  timeline: readonly string[];
}

export function renderReliabilityDoc(input: ReportInput): string {
  const { machine } = input;
  const verdict =
    input.violations.length === 0
      ? 'passed: no invariant was violated'
      : `FAILED: ${input.violations.length} invariant violations`;
  return `# Reliability

The figures of the latest full chaos run (\`npm run chaos\`), written by the run itself
(\`scripts/chaos.ts\`). How it works and what it checks: [Chaos run](#chaos-run) below.

Run ${input.startedAt.toISOString()}, seed \`${input.seed}\`: **${verdict}**.

\`\`\`sh
${input.command}
\`\`\`

${renderTable(input.rows)}

Process faults, in order: ${input.timeline.length ? input.timeline.join('; ') : 'none'}.
${input.violations.length ? `\nViolations:\n\n${input.violations.map((v) => `- ${v.kind}${v.orderId ? ` ${v.orderId}` : ''}: ${v.message}`).join('\n')}\n` : ''}
## Machine

${markdownTable(
  ['', 'This run'],
  [
    ['CPU', machine.cpu],
    ['Cores', String(machine.cores)],
    ['Memory', machine.memory],
    ['Node.js', machine.node],
    ['OS', machine.os],
    ['Temporal CLI', machine.temporalCli],
  ],
)}

## Chaos run

\`npm run chaos\` starts its own Temporal dev server (SQLite in \`.data/chaos-*/\`, so a restart keeps
every workflow), the worker and the gateway as child processes configured only through environment
variables, and the five provider sandboxes inside the driver, where their ledgers (the providers' own
books) survive every restart. Between the worker and each sandbox sits a link that injects faults.
Then it drives payments the way the outside world does:

- the merchant's backend over the REST API, retrying with the same idempotency key on connection
  errors, 503, 409 and timeouts (and with a new key after a 502, documented as "nothing changed");
- payers on the sandboxes' payment pages: pay, decline, walk away, or pay after the merchant canceled;
- captures (full, partial, sometimes sent twice at once), voids, refunds (one or two, sometimes twice);
- forgers posting "paid" notifications with bad signatures, and strangers posting malformed ones from
  another address (127.0.0.2), which the gateway rate-limits.

Meanwhile the worker is SIGKILLed several times, the Temporal server and the gateway are each stopped
and restarted once (at seeded points of the run's progress), provider calls fail with 5xx, time out
after the provider acted, or slow down, and payers' notifications are dropped (only for providers with a
status API: without one a notification that never comes is unknowable, and those providers resend until
answered), duplicated, reordered or delayed past the payer deadline.

When every payment has settled (its workflow closed, or waiting in \`needs_attention\`), each payment's
final state, read through the API, is held against the sandbox ledger and what the driver was told:

- **double movements**: a capture, sale or refund in the ledger more often than asked, an operation key
  twice, more captured than authorized or more refunded than captured;
- **missing movements**: our amounts differ from the ledger's, a confirmed command is not in the ledger,
  or money sits at the provider for a payment we closed without an operator being told;
- **lost payments**: created but not found at the end; **stuck payments**: still running, not waiting for
  an operator;
- **forged state changes**: a forged notification accepted, or a payment that only forgers "paid" moved;
- \`needs_attention\` is an acceptable end only with a reason, and is counted.

The process logs are searched for the payers' e-mails, phones and IP address. The fuzz suites
(\`test/fuzz/\`) run first and their input counts are part of the table. The run exits non-zero on any
violation. \`CHAOS_PAYMENTS\`, \`CHAOS_SEED\`, \`CHAOS_CONCURRENCY\` and \`CHAOS_DEADLINE_MINUTES\` change it;
the seed fixes the plan (payments, payer choices, faults and their timing), while the interleaving of
concurrent work still varies from run to run. A smaller version runs in \`npm test\`
(\`test/chaos/chaos.test.ts\`).
`;
}

export function writeReliabilityDoc(file: string, content: string): void {
  writeFileSync(file, content);
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1]) return match[1].trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown';
}

function osName(): string {
  try {
    const match = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (match?.[1]) return match[1];
  } catch {
    // not Linux
  }
  return process.platform;
}

/** A CLI built with `go install` reports 0.0.0-DEV; its cache directory names the pinned tag. */
function temporalVersion(): string {
  try {
    const cli = resolveTemporalCli();
    const version = execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim();
    const pinned = /temporal-cli-(v[\d.]+)/.exec(cli)?.[1];
    return pinned ? `${version}, built from ${pinned}` : version;
  } catch {
    return 'unknown';
  }
}
