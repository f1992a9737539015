/**
 * `npm test [-- filter...]`: typecheck, then run test/**\/*.test.ts (only paths containing one of the
 * filters, when given) with node's test runner against ONE headless, in-memory dev server shared by
 * every file. Test files find it through TEMPORAL_TEST_ADDRESS and TEMPORAL_TEST_NAMESPACE.
 */
import { findFreePort, startDevServer } from './dev-server';
import { forwardInterrupts, runNode, runTestFiles, selectTestFiles, wasInterrupted } from './test-runner';

const NAMESPACE = 'default';
// node's runner applies --test-timeout to each test file it spawns, so this bounds a whole file.
const FILE_TIMEOUT_MS = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 300_000);

async function main(filters: string[]): Promise<{ code: number; summary: string }> {
  if (!(FILE_TIMEOUT_MS > 0)) throw new Error('TEST_FILE_TIMEOUT_MS must be a positive number of ms');
  const files = selectTestFiles(filters);
  if (files.length === 0 && filters.length > 0) {
    return { code: 1, summary: `no test file matches ${filters.join(' or ')}` };
  }

  // Type errors fail CI even where no test imports the broken file.
  const tsc = await runNode([require.resolve('typescript/bin/tsc'), '--noEmit']);
  if (wasInterrupted()) return { code: 130, summary: 'interrupted' };
  if (tsc !== 0) return { code: tsc, summary: 'type errors (tsc --noEmit), tests not run' };
  if (files.length === 0) return { code: 0, summary: 'typecheck passed; there are no test files yet' };

  const server = await startDevServer({ port: await findFreePort(), namespace: NAMESPACE });
  try {
    if (wasInterrupted()) return { code: 130, summary: 'interrupted' };
    console.log(`[test] ${files.length} test files against the dev server at ${server.address}`);
    const code = await runTestFiles(
      files,
      { address: server.address, namespace: NAMESPACE },
      FILE_TIMEOUT_MS,
    );
    if (wasInterrupted()) return { code: 130, summary: 'interrupted' };
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
forwardInterrupts();

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
