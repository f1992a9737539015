/**
 * One of the orchestrator's processes (worker/main.ts, client/gateway/main.ts) run as a child, the way
 * `npm start` runs it: its own process group, so that a SIGKILL takes tsx and the script together and
 * nothing survives to finish a task. Output goes to a log file per process in the run's directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const TSX_CLI = require.resolve('tsx/cli');
const STOP_GRACE_MS = 12_000;

export class ChildApp {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly log: WriteStream;
  private starts = 0;
  /** Set when the process ended without being asked to: a crash the run must report. */
  unexpectedExits: string[] = [];

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    logFile: string,
  ) {
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.running) throw new Error(`${this.name} is already running`);
    this.starts += 1;
    const generation = this.starts;
    this.log.write(`--- ${new Date().toISOString()} start #${generation}\n`);
    const child = spawn(process.execPath, [TSX_CLI, this.entry], {
      cwd: ROOT,
      env: this.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(this.log, { end: false });
    child.stderr.pipe(this.log, { end: false });
    child.stdout.on('data', (chunk: Buffer) => this.onOutput?.(chunk.toString('utf8')));
    let expected = false;
    this.expectExit = () => {
      expected = true;
    };
    this.exited = new Promise((done) => {
      child.once('exit', (code, signal) => {
        this.log.write(`--- ${new Date().toISOString()} exit #${generation}: ${signal ?? `code ${code}`}\n`);
        if (!expected)
          this.unexpectedExits.push(
            `${this.name} #${generation} exited on its own (${signal ?? `code ${code}`})`,
          );
        done();
      });
    });
    this.child = child;
    // Detached children outlive a driver that dies without cleaning up; this takes them along.
    const killOnExit = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
  }

  /** Resolves once the current process prints something matching `pattern` (e.g. "worker started"). */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
    return new Promise((done, fail) => {
      let seen = '';
      const timer = setTimeout(() => {
        this.onOutput = undefined;
        fail(new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.onOutput = (text) => {
        seen = (seen + text).slice(-4096);
        if (!pattern.test(seen)) return;
        clearTimeout(timer);
        this.onOutput = undefined;
        done();
      };
    });
  }

  /** A crash: SIGKILL to the whole group, no chance to drain or answer. */
  async kill(): Promise<void> {
    if (!this.running || !this.child?.pid) return;
    this.expectExit();
    process.kill(-this.child.pid, 'SIGKILL');
    await this.exited;
  }

  /** A clean stop: SIGTERM (the process drains), SIGKILL if it takes too long. */
  async stop(): Promise<void> {
    if (!this.running || !this.child?.pid) return;
    this.expectExit();
    const pid = this.child.pid;
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, STOP_GRACE_MS);
    await this.exited;
    clearTimeout(killer);
  }

  async close(): Promise<void> {
    await this.stop();
    await new Promise<void>((done) => this.log.end(done));
  }

  private expectExit: () => void = () => undefined;
  private onOutput: ((text: string) => void) | undefined;
}
