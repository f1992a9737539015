/**
 * `npm run chaos`: the fuzz suites first (their input counts go into the figures), then a chaos run of
 * several hundred payments against a real dev server, worker and gateway while processes are killed and
 * restarted and providers and notifications misbehave (test/chaos/run.ts). Prints the figures table,
 * writes it to docs/reliability.md with the machine's details, and exits non-zero on any violated
 * invariant. Knobs: CHAOS_PAYMENTS, CHAOS_SEED, CHAOS_CONCURRENCY, CHAOS_DEADLINE_MINUTES; CHAOS_SKIP_FUZZ=1
 * skips the fuzz suites.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type FuzzCounts, readFuzzCounts } from '../test/fuzz/support/fuzz-tally';
import { chaosOptionsFromEnv } from '../test/chaos/options';
import {
  describeMachine,
  renderReliabilityDoc,
  renderTable,
  writeReliabilityDoc,
} from '../test/chaos/report';
import { runChaos } from '../test/chaos/run';

const ROOT = resolve(__dirname, '..');
const DOC = join(ROOT, 'docs', 'reliability.md');
/** Past the run's own deadline, give teardown this long before exiting regardless. */
const TEARDOWN_GRACE_MS = 3 * 60_000;

async function main(): Promise<number> {
  const options = chaosOptionsFromEnv();
  const fuzz = process.env.CHAOS_SKIP_FUZZ === '1' ? [] : await runFuzzSuites();
  const watchdog = setTimeout(() => {
    console.error('[chaos] the run did not end within its deadline; giving up');
    process.exit(1);
  }, options.deadlineMs + TEARDOWN_GRACE_MS);
  watchdog.unref();

  const result = await runChaos(options, fuzz);
  const table = renderTable(result.rows);
  console.log(`\n${table}\n`);
  for (const violation of result.violations) {
    console.log(
      `[chaos] VIOLATION ${violation.kind}${violation.orderId ? ` ${violation.orderId}` : ''}: ${violation.message}`,
    );
  }
  writeReliabilityDoc(
    DOC,
    renderReliabilityDoc({
      rows: result.rows,
      violations: result.violations,
      machine: describeMachine(),
      command: commandLine(options.seed),
      seed: options.seed,
      startedAt: result.startedAt,
      timeline: result.timeline,
    }),
  );
  console.log(`[chaos] figures written to docs/reliability.md; process logs in ${result.workDir}`);
  if (result.violations.length > 0) {
    console.log(`[chaos] FAILED: ${result.violations.length} invariant violations`);
    return 1;
  }
  // The server's state only matters when something failed, and it is large; the logs stay.
  for (const file of readdirSync(result.workDir).filter((f) => f.startsWith('temporal.sqlite'))) {
    rmSync(join(result.workDir, file), { force: true });
  }
  console.log('[chaos] passed: zero double movements, lost payments and forged state changes');
  return 0;
}

/** The fuzz suites of npm test, with their counts collected in a directory of their own. */
async function runFuzzSuites(): Promise<FuzzCounts[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-counts-'));
  const files = readdirSync(join(ROOT, 'test', 'fuzz'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join('test', 'fuzz', f));
  console.log(`[chaos] fuzz suites first: ${files.join(', ')}`);
  const code = await new Promise<number>((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', ...files], {
      cwd: ROOT,
      env: { ...process.env, FUZZ_COUNTS_DIR: dir },
      stdio: 'inherit',
    });
    child.once('exit', (exitCode) => done(exitCode ?? 1));
  });
  if (code !== 0) throw new Error('the fuzz suites failed; fix them before a chaos run');
  const counts = readFuzzCounts(dir);
  rmSync(dir, { recursive: true, force: true });
  return counts;
}

/** The command that reruns the same plan. */
function commandLine(seed: number): string {
  const knobs = ['CHAOS_PAYMENTS', 'CHAOS_CONCURRENCY', 'CHAOS_DEADLINE_MINUTES']
    .filter((name) => process.env[name])
    .map((name) => `${name}=${process.env[name]}`);
  return [`CHAOS_SEED=${seed}`, ...knobs, 'npm run chaos'].join(' ');
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[chaos] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
