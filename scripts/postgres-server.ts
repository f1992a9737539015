/**
 * Runs the Temporal server binary (go.temporal.io/server/cmd/server) as a child process on a config
 * directory written by postgres-server-config.ts, with its output in a log file, and resolves once
 * the frontend answers. Used by `npm run test:postgres`.
 */
import { Connection } from '@temporalio/client';
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONFIG_ENV } from './postgres-server-config';

export interface PostgresServerOptions {
  binary: string;
  configDir: string;
  /** host:port of the frontend, as written into the config. */
  address: string;
  /** Every line the server prints goes here; the last ones also go into start errors. */
  logFile: string;
  startTimeoutMs?: number;
}

export interface PostgresServer {
  address: string;
  /** Settles when the server process ends, so a caller can notice a crash. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

// The server drains its services on SIGTERM; with four of them that can take several seconds.
const STOP_GRACE_MS = 20_000;
const OUTPUT_TAIL_LINES = 30;

export async function startPostgresServer(opts: PostgresServerOptions): Promise<PostgresServer> {
  // --config is relative to --root (path.Join), so an absolute config dir goes in --root.
  const args = ['--root', opts.configDir, '--config', '.', '--env', CONFIG_ENV, '--allow-no-auth', 'start'];
  // Own process group: a terminal Ctrl-C reaches only us, and we stop the server after the tests.
  const child = spawn(opts.binary, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(opts.logFile);
  const tail: string[] = [];
  const onLine = (line: string) => {
    log.write(`${line}\n`);
    tail.push(line);
    if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);
  // 'error' without 'close' happens when the binary cannot be executed at all.
  let failedToRun = false;
  const exited = new Promise<void>((done) => {
    child.once('close', () => log.end(() => done()));
    child.once('error', (err) => {
      failedToRun = true;
      onLine(`failed to run ${opts.binary}: ${err.message}`);
      log.end(() => done());
    });
  });
  const hasExited = () => failedToRun || child.exitCode !== null || child.signalCode !== null;
  // Safety net if we exit without stop(): a detached server would otherwise outlive us.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const stop = async () => {
    if (!hasExited()) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(killer);
    }
    process.off('exit', killOnExit);
  };

  try {
    await waitUntilServing(opts.address, opts.startTimeoutMs ?? 60_000, hasExited);
  } catch (err) {
    await stop();
    const output = tail.length ? tail.join('\n') : '(no output)';
    throw new Error(
      `Temporal server did not start: ${(err as Error).message} (full log: ${opts.logFile})\n` +
        `--- last lines ---\n${output}`,
    );
  }
  return { address: opts.address, exited, stop };
}

/** Polls until the frontend answers a system call (no namespace exists yet on a fresh cluster). */
async function waitUntilServing(address: string, timeoutMs: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited()) throw new Error('the server process exited');
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: '2s' });
      await connection.workflowService.getSystemInfo({});
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`no answer on ${address} after ${timeoutMs} ms (${err})`);
    } finally {
      await connection?.close();
    }
    await sleep(500);
  }
}
