/**
 * The Temporal server binary and its SQL tool for `npm run test:postgres`, built once from the Go
 * module proxy into ~/.cache/temporal-payments/ (like the CLI in scripts/bootstrap.js) and reused.
 *
 * v1.29.7, not the v1.29.1 the CLI's dev server embeds: it is the server docker-compose.yml runs in
 * production (temporalio/server:1.29.7, schema job on admin-tools 1.29.7), and this run exists to
 * prove that configuration. Same 1.29 line and the same PostgreSQL schema versions as 1.29.1. Its
 * go.mod has no replace directive, so `go install module@version` works; it needs Go >= 1.25.11.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

export const TEMPORAL_SERVER_VERSION = 'v1.29.7';
const MODULE = 'go.temporal.io/server';
const CACHE_DIR = join(
  process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
  'temporal-payments',
  `temporal-server-${TEMPORAL_SERVER_VERSION}`,
);

export interface ServerBinaries {
  /** go.temporal.io/server/cmd/server (the release tarball calls it temporal-server). */
  server: string;
  /** go.temporal.io/server/cmd/tools/sql (temporal-sql-tool). */
  sqlTool: string;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function findGo(): string | undefined {
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => resolve(dir, 'go'))
    .find(isExecutableFile);
  // The official tarball installs to /usr/local/go, which a fresh shell may not have on PATH yet.
  return onPath ?? ['/usr/local/go/bin/go'].find(isExecutableFile);
}

/**
 * TEMPORAL_SERVER_PATH + TEMPORAL_SQL_TOOL_PATH (e.g. from Temporal's release tarball) → our cached
 * build → a fresh build with Go. Throws with the fix when none of them works.
 */
export function ensureServerBinaries(log: (message: string) => void): ServerBinaries {
  const fromEnv = { server: process.env.TEMPORAL_SERVER_PATH, sqlTool: process.env.TEMPORAL_SQL_TOOL_PATH };
  if (fromEnv.server || fromEnv.sqlTool) {
    if (!fromEnv.server || !fromEnv.sqlTool) {
      throw new Error('set both TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH, or neither');
    }
    for (const file of [fromEnv.server, fromEnv.sqlTool]) {
      if (!isExecutableFile(file)) throw new Error(`${file} is not an executable file`);
    }
    return { server: resolve(fromEnv.server), sqlTool: resolve(fromEnv.sqlTool) };
  }

  const cached: ServerBinaries = { server: join(CACHE_DIR, 'server'), sqlTool: join(CACHE_DIR, 'sql') };
  if (isExecutableFile(cached.server) && isExecutableFile(cached.sqlTool)) return cached;

  const go = findGo();
  if (!go) {
    throw new Error(
      `Building Temporal server ${TEMPORAL_SERVER_VERSION} needs Go >= 1.25.11 (https://go.dev/dl), ` +
        'or set TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH to prebuilt binaries.',
    );
  }
  // Into a scratch directory first: an interrupted build must not leave one binary that looks cached.
  const scratch = `${CACHE_DIR}.partial`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  log(`building Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool with ${go} into ${CACHE_DIR}`);
  log(
    'the first build takes several minutes (about 3 with a warm Go cache, 8 from nothing); later runs reuse it',
  );
  const started = Date.now();
  // One `go install` for both: same module and version, so it resolves and compiles shared packages once.
  const result = spawnSync(
    go,
    [
      'install',
      // As upstream's Makefile: the tag drops gRPC modules of the cloud storage SDK that the server never uses.
      '-tags',
      'disable_grpc_modules',
      `${MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`,
      `${MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`,
    ],
    // CGO_ENABLED=0 as upstream builds it: PostgreSQL (pgx) and SQLite (modernc) drivers are pure Go.
    { stdio: 'inherit', env: { ...process.env, GOBIN: scratch, CGO_ENABLED: '0' } },
  );
  if (result.status !== 0) {
    const why =
      result.error?.message ?? (result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`);
    throw new Error(`go install failed (${why}); go's own message above says why`);
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  renameSync(join(scratch, 'sql'), cached.sqlTool);
  renameSync(join(scratch, 'server'), cached.server);
  rmSync(scratch, { recursive: true, force: true });
  log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
  return cached;
}
