/**
 * `npm run test:postgres [-- filter...]`: the integration tests (every test file that talks to
 * Temporal, see temporal-test-files.ts) against a real Temporal server on PostgreSQL instead of the
 * CLI's dev server, to prove the orchestrator runs on a cluster configured like production:
 *
 * 1. build the server and temporal-sql-tool (v1.29.7) from the Go module proxy, once;
 * 2. drop and recreate our two databases, and apply the schemas the tool embeds;
 * 3. start the server on deploy/temporal/postgres-dev.yaml with free ports;
 * 4. create the namespace and the search attributes with deploy/temporal/create-namespace.sh;
 * 5. run the files with the same runner as `npm test`, then stop the server.
 *
 * PostgreSQL itself must be running already; PGHOST, PGPORT, PGUSER and PGPASSWORD say where
 * (default 127.0.0.1:5432, user postgres, no password). The databases are TEMPORAL_PG_DATABASE
 * (default temporal_payments_ci) and the same name + _visibility; they are left in place after the
 * run for inspection and dropped at the start of the next one.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { ensureServerBinaries, TEMPORAL_SERVER_VERSION } from './postgres-server-build';
import { SERVICES, type Service, writeServerConfig } from './postgres-server-config';
import { createNamespace } from './postgres-server-namespace';
import { freeServerPorts } from './postgres-server-ports';
import { postgresSettingsFromEnv, recreateDatabases } from './postgres-server-schema';
import { startPostgresServer } from './postgres-server';
import { resolveTemporalCli } from './temporal-cli';
import { filesNeedingTemporal } from './temporal-test-files';
import { forwardInterrupts, ROOT, runTestFiles, selectTestFiles, wasInterrupted } from './test-runner';

const NAMESPACE = 'default';
const DATABASE = process.env.TEMPORAL_PG_DATABASE || 'temporal_payments_ci';
// Same default as `npm test`; a slower, SQL-backed server has not needed more.
const FILE_TIMEOUT_MS = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 300_000);
// warn keeps the log readable; TEMPORAL_LOG_LEVEL=info or debug when chasing a server-side problem.
const LOG_LEVEL = process.env.TEMPORAL_LOG_LEVEL || 'warn';
const LOG_DIR = join(ROOT, '.data', 'test-postgres');

function log(message: string): void {
  console.log(`[test:postgres] ${message}`);
}

/** Runs a step and logs how long it took, so slow phases show up in CI logs. */
async function timed<T>(label: string, step: () => T | Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await step();
  log(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

async function main(filters: string[]): Promise<{ code: number; summary: string }> {
  if (!(FILE_TIMEOUT_MS > 0)) throw new Error('TEST_FILE_TIMEOUT_MS must be a positive number of ms');
  const files = filesNeedingTemporal(selectTestFiles(filters));
  if (files.length === 0) {
    return { code: 1, summary: `no test file that uses Temporal matches ${filters.join(' or ') || '(all)'}` };
  }

  const binaries = await timed(`Temporal server ${TEMPORAL_SERVER_VERSION} binaries`, () =>
    ensureServerBinaries(log),
  );
  const pg = postgresSettingsFromEnv();
  const databases = [
    { name: DATABASE, schema: 'postgresql/v12/temporal' },
    { name: `${DATABASE}_visibility`, schema: 'postgresql/v12/visibility' },
  ] as const;
  await timed(`schemas in ${databases.map((d) => d.name).join(' and ')} at ${pg.host}:${pg.port}`, () =>
    recreateDatabases(binaries.sqlTool, pg, databases),
  );
  if (wasInterrupted()) return { code: 130, summary: 'interrupted' };

  const portList = await freeServerPorts(2 * SERVICES.length);
  const ports = Object.fromEntries(
    SERVICES.map((service, i) => [service, { grpc: portList[2 * i]!, membership: portList[2 * i + 1]! }]),
  ) as Record<Service, { grpc: number; membership: number }>;
  const configDir = writeServerConfig({
    pg,
    database: databases[0].name,
    visibilityDatabase: databases[1].name,
    ports,
    logLevel: LOG_LEVEL,
  });
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = join(LOG_DIR, 'server.log');
  const address = `127.0.0.1:${ports.frontend.grpc}`;

  try {
    const server = await timed(`server start at ${address} (log: ${logFile})`, () =>
      startPostgresServer({ binary: binaries.server, configDir, address, logFile }),
    );
    try {
      await timed(`namespace ${NAMESPACE} and ${ALL_SEARCH_ATTRIBUTES.length} search attributes`, () =>
        createNamespace({
          cli: resolveTemporalCli(),
          address,
          namespace: NAMESPACE,
          keys: ALL_SEARCH_ATTRIBUTES,
          scratchDir: configDir,
          log: (line) => log(`  ${line}`),
        }),
      );
      if (wasInterrupted()) return { code: 130, summary: 'interrupted' };
      log(`${files.length} test files against the PostgreSQL-backed server:`);
      for (const file of files) log(`  ${file}`);
      const code = await timed('tests', () =>
        runTestFiles(files, { address, namespace: NAMESPACE }, FILE_TIMEOUT_MS),
      );
      if (wasInterrupted()) return { code: 130, summary: 'interrupted' };
      return {
        code,
        summary:
          code === 0
            ? `all ${files.length} test files passed on PostgreSQL`
            : `FAILED (node --test exit code ${code}); server log: ${logFile}`,
      };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
}

// Handling the signals keeps this process alive long enough to stop the server in `finally`.
forwardInterrupts();

main(process.argv.slice(2)).then(
  ({ code, summary }) => {
    log(summary);
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`[test:postgres] ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
