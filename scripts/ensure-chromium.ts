/**
 * Finds Debian's Chromium for the browser tests, installing it with apt when it is missing. Playwright's
 * own browser download (`npx playwright install`) cannot work on machines that reach only the package
 * registries, so the tests drive the distribution's build through playwright-core.
 *
 * Idempotent: an installed Chromium costs one `--version` call. When Chromium cannot be had, the
 * answer says why, so that the caller can skip visibly instead of failing on a machine problem.
 * `CHROMIUM_PATH` names the binary to use and turns installing off (a path that does not exist is
 * how to see the skip on a machine that has Chromium).
 *
 * Standalone: `npx tsx scripts/ensure-chromium.ts` prints the path, or the reason and exits 1.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const DEBIAN_BINARY = '/usr/bin/chromium';
const VERSION_TIMEOUT_MS = 15_000;
/** A first install downloads a few hundred MB; past this the test skips rather than eat its budget. */
const INSTALL_TIMEOUT_MS = Number(process.env.CHROMIUM_INSTALL_TIMEOUT_MS ?? 240_000);
const UPDATE_TIMEOUT_MS = 120_000;
const OUTPUT_TAIL_CHARS = 600;

export type ChromiumResult = { ok: true; path: string; version: string } | { ok: false; reason: string };

export async function ensureChromium(log: (line: string) => void = noop): Promise<ChromiumResult> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    // An explicit choice is never second-guessed with an install.
    return isExecutableFile(configured)
      ? checkRuns(configured)
      : { ok: false, reason: `CHROMIUM_PATH=${configured} is not an executable file` };
  }
  const found = findChromium();
  if (found) return checkRuns(found);

  const cannot = whyAptCannotInstall();
  if (cannot) return { ok: false, reason: `Chromium is not installed (${DEBIAN_BINARY}) and ${cannot}` };
  log(
    `Chromium is not installed; running apt-get install -y chromium (up to ${INSTALL_TIMEOUT_MS / 1000} s)`,
  );
  const failure = await aptInstallChromium(log);
  if (failure) return { ok: false, reason: `apt-get install chromium failed: ${failure}` };
  const installed = findChromium();
  if (!installed)
    return { ok: false, reason: `apt-get install chromium succeeded but ${DEBIAN_BINARY} is missing` };
  return checkRuns(installed);
}

function findChromium(): string | undefined {
  if (isExecutableFile(DEBIAN_BINARY)) return DEBIAN_BINARY;
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'chromium'))
    .find(isExecutableFile);
}

function whyAptCannotInstall(): string | undefined {
  if (process.platform !== 'linux') return `this is ${process.platform}, not Debian`;
  // apt needs root; sudo could prompt for a password and hang a test run, so it is not tried.
  if (process.getuid?.() !== 0) return 'installing it needs root: run `sudo apt-get install -y chromium`';
  if (!isExecutableFile('/usr/bin/apt-get')) return 'apt-get is not available to install it';
  return undefined;
}

/** Undefined on success, else what went wrong. Refreshes the package lists only when apt needs it. */
async function aptInstallChromium(log: (line: string) => void): Promise<string | undefined> {
  const deadline = Date.now() + INSTALL_TIMEOUT_MS;
  // Waits for a dpkg lock held by another apt run (e.g. a parallel test) instead of failing at once.
  const install = ['-o', 'DPkg::Lock::Timeout=60', 'install', '-y', 'chromium'];
  let result = await run('apt-get', install, deadline - Date.now());
  if (result.code !== 0 && /Unable to locate package|has no installation candidate/.test(result.output)) {
    log('apt does not know chromium yet; running apt-get update first');
    const update = await run('apt-get', ['update'], Math.min(UPDATE_TIMEOUT_MS, deadline - Date.now()));
    if (update.code !== 0) return `apt-get update: ${describe(update)}`;
    result = await run('apt-get', install, deadline - Date.now());
  }
  return result.code === 0 ? undefined : describe(result);
}

/** Launching is what matters: a package half-installed or missing a library fails right here. */
async function checkRuns(path: string): Promise<ChromiumResult> {
  const result = await run(path, ['--headless', '--no-sandbox', '--version'], VERSION_TIMEOUT_MS);
  if (result.code !== 0) return { ok: false, reason: `${path} --version failed: ${describe(result)}` };
  // The Debian launcher script may print shell warnings first; the version is the last line.
  const version = result.output.trim().split('\n').pop() ?? '';
  return { ok: true, path, version };
}

interface RunResult {
  code: number | null;
  output: string;
  timedOut: boolean;
}

function run(command: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((done) => {
    if (timeoutMs <= 0) return done({ code: null, output: '', timedOut: true });
    const child = spawn(command, args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-16 * OUTPUT_TAIL_CHARS);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      done({ code: null, output: err.message, timedOut });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      done({ code, output, timedOut });
    });
  });
}

function describe({ code, output, timedOut }: RunResult): string {
  const status = timedOut ? 'timed out' : `exit code ${code}`;
  const tail = output.trim().slice(-OUTPUT_TAIL_CHARS).replace(/\s+/g, ' ');
  return tail ? `${status}: …${tail}` : status;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function noop(): void {}

if (require.main === module) {
  void ensureChromium((line) => console.log(`[chromium] ${line}`)).then((result) => {
    if (result.ok) {
      console.log(`[chromium] ${result.version} at ${result.path}`);
    } else {
      console.error(`[chromium] unavailable: ${result.reason}`);
      process.exitCode = 1;
    }
  });
}
