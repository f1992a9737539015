/**
 * The run's own Temporal dev server, on a temp SQLite file. The default storage is exactly what
 * `npm start` runs (scripts/dev-server.ts: WAL journal, synchronous=NORMAL). Other SQLite settings
 * are only for the tuning phase, which compares them: dev-server.ts does not take pragmas, so those
 * variants start the same CLI with the same flags here, plus their own `--sqlite-pragma`s.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDevServer } from '../../scripts/dev-server';
import { resolveTemporalCli } from '../../scripts/temporal-cli';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

export type Storage =
  | { kind: 'embedded-default' }
  | { kind: 'memory' }
  /** A SQLite file with exactly these pragmas (none: SQLite's own defaults, rollback journal, FULL). */
  | { kind: 'pragmas'; pragmas: string[] };

export interface BenchTemporal {
  address: string;
  pid: number | undefined;
  dbFile: string | undefined;
  /** Bytes of the SQLite file plus its -wal and -shm companions; 0 in memory. */
  dbBytes(): number;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 90_000;
const CLI_TYPE_NAMES = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
} as const;

export async function startBenchTemporal(
  storage: Storage,
  port: number,
  dbFile: string,
  logFile: string,
): Promise<BenchTemporal> {
  const log = createWriteStream(logFile, { flags: 'a' });
  const file = storage.kind === 'memory' ? undefined : dbFile;
  if (storage.kind !== 'pragmas') {
    const pidsBefore = new Set(temporalPids());
    const server = await startDevServer({
      port,
      dbFile: file,
      namespace: 'default',
      logLevel: 'error',
      onOutput: (line) => log.write(`${line}\n`),
      startTimeoutMs: START_TIMEOUT_MS,
    });
    // dev-server.ts does not expose the child's pid; the new `temporal` process listening on our port is it.
    const pid = temporalPids().find((p) => !pidsBefore.has(p) && commandLine(p).includes(`--port ${port} `));
    return {
      address: server.address,
      pid,
      dbFile: file,
      dbBytes: () => sqliteBytes(file),
      stop: async () => {
        await server.stop();
        log.end();
      },
    };
  }
  return startWithPragmas(storage.pragmas, port, dbFile, log);
}

async function startWithPragmas(
  pragmas: string[],
  port: number,
  dbFile: string,
  log: NodeJS.WritableStream,
): Promise<BenchTemporal> {
  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(port), '--namespace', 'default'];
  args.push('--log-level', 'error', '--headless', '--db-filename', dbFile);
  for (const pragma of pragmas) args.push('--sqlite-pragma', pragma);
  for (const key of ALL_SEARCH_ATTRIBUTES) {
    args.push('--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type]}`);
  }
  const child = spawn(resolveTemporalCli(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const address = `${HOST}:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    process.off('exit', killOnExit);
    log.end();
  };
  try {
    await waitUntilServing(address, () => child.exitCode !== null);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, pid: child.pid, dbFile, dbBytes: () => sqliteBytes(dbFile), stop };
}

async function waitUntilServing(address: string, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('the Temporal dev server exited during start-up');
    const connection = await Connection.connect({ address, connectTimeout: '2s' }).catch(() => undefined);
    try {
      if (connection) {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return;
      }
    } catch {
      // not serving the namespace yet
    } finally {
      await connection?.close();
    }
    await sleep(250);
  }
  throw new Error(`the Temporal dev server at ${address} did not answer within ${START_TIMEOUT_MS} ms`);
}

function sqliteBytes(file: string | undefined): number {
  if (!file) return 0;
  return ['', '-wal', '-shm'].reduce((sum, suffix) => {
    try {
      return sum + statSync(file + suffix).size;
    } catch {
      return sum;
    }
  }, 0);
}

function temporalPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => commandLine(pid).includes('server start-dev'));
}

function commandLine(pid: number): string {
  try {
    return `${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')} `;
  } catch {
    return ''; // gone, or not ours to read
  }
}
