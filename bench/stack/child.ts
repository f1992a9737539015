/**
 * One process of the stack (the worker, the gateway, the floor worker) run as a child of the driver.
 * It is started as `node --import tsx <entry>` rather than through the tsx CLI, so that the child's pid
 * is the process doing the work and /proc/<pid> describes it alone (the tsx CLI would add a parent).
 * Output goes to a log file in the run's directory; `waitForOutput` watches it for a readiness line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { dirname, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const STOP_GRACE_MS = 15_000;

/**
 * BENCH_CPU_PROFILE=gateway,worker,...: those processes (by name prefix) write a V8 CPU profile next to
 * their log when they exit, for finding where their time goes (open it in Chrome DevTools).
 */
function profiling(name: string, dir: string): string[] {
  const wanted = (process.env.BENCH_CPU_PROFILE ?? '').split(',').filter(Boolean);
  return wanted.some((prefix) => name.startsWith(prefix)) ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

export class ChildProcessApp {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly log: WriteStream;
  private recent = '';
  private watchers: Array<() => void> = [];

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    logFile: string,
  ) {
    this.log = createWriteStream(logFile, { flags: 'a' });
    this.logDir = dirname(logFile);
  }

  private readonly logDir: string;

  get pid(): number {
    if (this.child?.pid === undefined) throw new Error(`${this.name} is not running`);
    return this.child.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    const child = spawn(
      process.execPath,
      [...profiling(this.name, this.logDir), '--import', 'tsx', this.entry],
      {
        cwd: ROOT,
        env: this.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const onData = (chunk: Buffer) => {
      this.log.write(chunk);
      // Only the tail matters for readiness lines; keeping it short keeps matching cheap.
      this.recent = (this.recent + chunk.toString('utf8')).slice(-8192);
      for (const watcher of this.watchers) watcher();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    this.exited = new Promise((done) => child.once('exit', () => done()));
    // A driver that dies without closing must not leave workers behind.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    this.child = child;
  }

  /** Resolves once the process has printed something matching `pattern`; rejects on exit or timeout. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
    return new Promise((done, fail) => {
      const finish = (err?: Error) => {
        clearTimeout(timer);
        this.watchers = this.watchers.filter((w) => w !== check);
        if (err) fail(err);
        else done();
      };
      const check = () => {
        if (pattern.test(this.recent)) finish();
        else if (!this.running) finish(new Error(`${this.name} exited before printing ${pattern}`));
      };
      const timer = setTimeout(
        () => finish(new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.watchers.push(check);
      void this.exited.then(check);
      check();
    });
  }

  /** SIGTERM (the process drains and exits), SIGKILL after a grace period. */
  async stop(): Promise<void> {
    if (this.running && this.child) {
      this.child.kill('SIGTERM');
      const killer = setTimeout(() => this.child?.kill('SIGKILL'), STOP_GRACE_MS);
      await this.exited;
      clearTimeout(killer);
    }
    await new Promise<void>((done) => this.log.end(done));
  }
}
