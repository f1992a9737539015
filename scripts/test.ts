/**
 * `npm test [-- filter...]`: typecheck, then run test/**\/*.test.ts (only paths containing one of the
 * filters, when given) with node's test runner against ONE headless, in-memory dev server shared by
 * every file. Test files find it through TEMPORAL_TEST_ADDRESS and TEMPORAL_TEST_NAMESPACE.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { constants } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { findFreePort, startDevServer } from './dev-server';

const ROOT = resolve(__dirname, '..');
const NAMESPACE = 'default';
// node's runner applies --test-timeout to each test file it spawns, so this bounds a whole file.
const FILE_TIMEOUT_MS = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 300_000);

let running: ChildProcess | undefined;
let interrupted = false;

/** Test files under test/, as repo-relative POSIX paths, kept when they contain any filter. */
function selectTestFiles(filters: string[]): string[] {
  return readdirSync(join(ROOT, 'test'), { recursive: true, encoding: 'utf8' })
    .map((file) => `test/${file.split(sep).join('/')}`)
    .filter((file) => file.endsWith('.test.ts'))
    .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
    .sort();
}

/** Runs a node script with our stdio, so its output (tsc errors, the test summary) reaches the terminal. */
function runNode(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
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

async function main(filters: string[]): Promise<{ code: number; summary: string }> {
  if (!(FILE_TIMEOUT_MS > 0)) throw new Error('TEST_FILE_TIMEOUT_MS must be a positive number of ms');
  const files = selectTestFiles(filters);
  if (files.length === 0 && filters.length > 0) {
    return { code: 1, summary: `no test file matches ${filters.join(' or ')}` };
  }

  // Type errors fail CI even where no test imports the broken file.
  const tsc = await runNode([require.resolve('typescript/bin/tsc'), '--noEmit']);
  if (interrupted) return { code: 130, summary: 'interrupted' };
  if (tsc !== 0) return { code: tsc, summary: 'type errors (tsc --noEmit), tests not run' };
  if (files.length === 0) return { code: 0, summary: 'typecheck passed; there are no test files yet' };

  const server = await startDevServer({ port: await findFreePort(), namespace: NAMESPACE });
  try {
    if (interrupted) return { code: 130, summary: 'interrupted' };
    console.log(`[test] ${files.length} test files against the dev server at ${server.address}`);
    const code = await runNode(
      [
        '--import',
        'tsx',
        '--test',
        '--test-concurrency=2',
        '--test-reporter=spec',
        `--test-timeout=${FILE_TIMEOUT_MS}`,
        ...files,
      ],
      { ...process.env, TEMPORAL_TEST_ADDRESS: server.address, TEMPORAL_TEST_NAMESPACE: NAMESPACE },
    );
    if (interrupted) return { code: 130, summary: 'interrupted' };
    return {
      code,
      summary:
        code === 0 ? `all ${files.length} test files passed` : `FAILED (node --test exit code ${code})`,
    };
  } finally {
    await server.stop();
  }
}

// Handling the signals keeps this process alive long enough to stop the dev server in `finally`.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted = true;
    running?.kill(signal);
  });
}

main(process.argv.slice(2)).then(
  ({ code, summary }) => {
    console.log(`[test] ${summary}`);
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`[test] ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
