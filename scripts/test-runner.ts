/**
 * What `npm test` (scripts/test.ts) and `npm run test:postgres` (scripts/test-postgres.ts) share:
 * finding the test files, and running node's test runner over them against ONE Temporal server that
 * the caller started. Ctrl-C is forwarded to the running child instead of killing us, so callers
 * live long enough to stop their server in `finally`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { constants } from 'node:os';
import { join, resolve, sep } from 'node:path';

export const ROOT = resolve(__dirname, '..');

let running: ChildProcess | undefined;
let interrupted = false;

/** After this, SIGINT/SIGTERM only reach the running child; check wasInterrupted() between steps. */
export function forwardInterrupts(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      interrupted = true;
      running?.kill(signal);
    });
  }
}

export function wasInterrupted(): boolean {
  return interrupted;
}

/** Test files under test/, as repo-relative POSIX paths, kept when they contain any filter. */
export function selectTestFiles(filters: string[]): string[] {
  return readdirSync(join(ROOT, 'test'), { recursive: true, encoding: 'utf8' })
    .map((file) => `test/${file.split(sep).join('/')}`)
    .filter((file) => file.endsWith('.test.ts'))
    .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
    .sort();
}

/** Runs a node script with our stdio, so its output (tsc errors, the test summary) reaches the terminal. */
export function runNode(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: 'inherit' });
  running = child;
  return new Promise((done) => {
    child.once('error', (err) => {
      console.error(`[test] could not run node: ${err.message}`);
      running = undefined;
      done(1);
    });
    child.once('exit', (code, signal) => {
      running = undefined;
      done(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

export interface TestServer {
  /** host:port of the gRPC frontend. */
  address: string;
  namespace: string;
}

/**
 * node --test over `files`, which find the server through TEMPORAL_TEST_ADDRESS and
 * TEMPORAL_TEST_NAMESPACE (test/support/temporal.ts). Resolves to node's exit code.
 */
export function runTestFiles(files: string[], server: TestServer, fileTimeoutMs: number): Promise<number> {
  return runNode(
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=2',
      '--test-reporter=spec',
      // node's runner applies --test-timeout to each test file it spawns, so this bounds a whole file.
      `--test-timeout=${fileTimeoutMs}`,
      ...files,
    ],
    { ...process.env, TEMPORAL_TEST_ADDRESS: server.address, TEMPORAL_TEST_NAMESPACE: server.namespace },
  );
}
