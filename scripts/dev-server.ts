/**
 * Runs `temporal server start-dev` as a child process with this project's search attributes, and
 * resolves once it serves our namespace. Used by `npm start` (SQLite file, UI) and `npm test`
 * (in memory, headless).
 */
import { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { resolveTemporalCli } from './temporal-cli';

/** What `defineSearchAttributeKey` returns (the SDK does not export the type from its index). */
export interface AttributeKey {
  name: string;
  type: SearchAttributeType;
}

export interface DevServerOptions {
  /** SQLite file that keeps state across restarts; in memory when omitted. */
  dbFile?: string;
  port: number;
  /** Port of the embedded Web UI; headless when omitted. */
  uiPort?: number;
  namespace: string;
  /** Remote codec the UI calls to show encrypted payloads. */
  codecEndpoint?: string;
  /** debug | info | warn | error | never. */
  logLevel?: string;
  /** Keys to register; all of ALL_SEARCH_ATTRIBUTES unless a test needs fewer. */
  searchAttributes?: readonly AttributeKey[];
  /** Receives each line the server prints until stop(); otherwise lines are only kept for errors. */
  onOutput?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface DevServer {
  /** host:port of the gRPC frontend. */
  address: string;
  uiUrl?: string;
  /** Settles when the server process ends, so a supervisor can notice a crash. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const STOP_GRACE_MS = 10_000;
const OUTPUT_TAIL_LINES = 40;

/** CLI spelling (`--search-attribute Name=Type`) and proto `IndexedValueType` number of each SDK type. */
const ATTRIBUTE_TYPES: Record<SearchAttributeType, { cliName: string; indexedValueType: number }> = {
  TEXT: { cliName: 'Text', indexedValueType: 1 },
  KEYWORD: { cliName: 'Keyword', indexedValueType: 2 },
  INT: { cliName: 'Int', indexedValueType: 3 },
  DOUBLE: { cliName: 'Double', indexedValueType: 4 },
  BOOL: { cliName: 'Bool', indexedValueType: 5 },
  DATETIME: { cliName: 'Datetime', indexedValueType: 6 },
  KEYWORD_LIST: { cliName: 'KeywordList', indexedValueType: 7 },
};

function typeName(indexedValueType: number): string {
  const entry = Object.entries(ATTRIBUTE_TYPES).find(([, t]) => t.indexedValueType === indexedValueType);
  return entry?.[0] ?? `type #${indexedValueType}`;
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const searchAttributes = opts.searchAttributes ?? ALL_SEARCH_ATTRIBUTES;
  // A server already on the port would answer our readiness poll while ours fails to bind.
  for (const port of [opts.port, opts.uiPort]) {
    if (port !== undefined && !(await isPortFree(port))) {
      throw new Error(`Port ${port} on ${HOST} is in use (another Temporal dev server still running?)`);
    }
  }
  if (opts.dbFile) mkdirSync(dirname(resolve(opts.dbFile)), { recursive: true });

  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(opts.port)];
  args.push('--namespace', opts.namespace, '--log-level', opts.logLevel ?? 'warn');
  if (opts.dbFile) {
    // WAL + NORMAL: the SDK's own CI tuning; without it file persistence is slow under load.
    args.push('--db-filename', resolve(opts.dbFile));
    args.push('--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL');
  }
  args.push(...(opts.uiPort === undefined ? ['--headless'] : ['--ui-port', String(opts.uiPort)]));
  if (opts.codecEndpoint) args.push('--ui-codec-endpoint', opts.codecEndpoint);
  for (const key of searchAttributes) {
    args.push('--search-attribute', `${key.name}=${ATTRIBUTE_TYPES[key.type].cliName}`);
  }

  // Own process group: a terminal Ctrl-C reaches only our supervisor, which stops workers before the server.
  const child = spawn(resolveTemporalCli(), args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  let stopping = false;
  const onLine = (line: string) => {
    tail.push(line);
    if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
    if (!stopping) opts.onOutput?.(line);
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);
  // 'error' without 'close' happens when the binary cannot be executed at all.
  let failedToRun = false;
  const exited = new Promise<void>((done) => {
    child.once('close', () => done());
    child.once('error', (err) => {
      failedToRun = true;
      onLine(`failed to run the Temporal CLI: ${err.message}`);
      done();
    });
  });
  const hasExited = () => failedToRun || child.exitCode !== null || child.signalCode !== null;
  // Safety net if our process exits without stop(): a detached server would otherwise outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const stop = async () => {
    stopping = true;
    if (!hasExited()) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(killer);
    }
    process.off('exit', killOnExit);
  };

  const address = `${HOST}:${opts.port}`;
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  try {
    const connection = await waitUntilServing(address, opts.namespace, startTimeoutMs, hasExited);
    try {
      await registerMissingSearchAttributes(connection, opts.namespace, searchAttributes);
    } finally {
      await connection.close();
    }
  } catch (err) {
    await stop();
    const output = tail.length ? tail.join('\n') : '(no output)';
    throw new Error(
      `Temporal dev server did not start: ${(err as Error).message}\n--- server output ---\n${output}`,
    );
  }
  const uiUrl = opts.uiPort === undefined ? undefined : `http://localhost:${opts.uiPort}`;
  return { address, uiUrl, exited, stop };
}

/** Polls until the frontend answers for the namespace; returns that connection. */
async function waitUntilServing(
  address: string,
  namespace: string,
  timeoutMs: number,
  hasExited: () => boolean,
): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited()) throw new Error('the server process exited');
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: '2s' });
      await connection.workflowService.describeNamespace({ namespace });
      return connection;
    } catch (err) {
      await connection?.close();
      if (Date.now() > deadline) throw new Error(`no answer on ${address} after ${timeoutMs} ms (${err})`);
    }
    await sleep(250);
  }
}

/**
 * `--search-attribute` only takes effect when the CLI creates the namespace. Against an existing SQLite
 * file the CLI silently skips it, so keys added to the code since the file was created are added here.
 */
async function registerMissingSearchAttributes(
  connection: Connection,
  namespace: string,
  keys: readonly AttributeKey[],
): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing: Record<string, number> = {};
  for (const key of keys) {
    const wanted = ATTRIBUTE_TYPES[key.type].indexedValueType;
    const registered = customAttributes?.[key.name];
    if (registered === undefined) {
      missing[key.name] = wanted;
    } else if (registered !== wanted) {
      throw new Error(
        `search attribute ${key.name} is registered as ${typeName(registered)}, the code declares ${key.type}; ` +
          'search attribute types cannot change, so delete the database file or rename the attribute',
      );
    }
  }
  if (Object.keys(missing).length > 0) {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer()
      .once('error', () => done(false))
      .listen(port, HOST, () => server.close(() => done(true)));
  });
}

/** A port the OS just handed out, for servers that must not collide (tests run next to `npm start`). */
export function findFreePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
      .once('error', fail)
      .listen(0, HOST, () => {
        const { port } = server.address() as { port: number };
        server.close(() => done(port));
      });
  });
}
