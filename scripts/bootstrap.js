'use strict';
/**
 * First step of `npm start` and `npm test`: make the machine ready, then get out of the way.
 *
 * 1. Install node_modules with `npm ci` when they are missing or stale (package-lock.json changed).
 * 2. Locate the Temporal CLI (it embeds the dev server), building it from the Go module proxy when
 *    there is none: the SDK's own auto-download needs temporal.download, which we cannot assume.
 *    The resolved path goes to .data/temporal-cli-path for scripts/temporal-cli.ts.
 *
 * Plain CommonJS with Node built-ins only, because it runs before node_modules exists.
 * Both steps are idempotent; a second run prints two short lines and does nothing else.
 */
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const LOCKFILE = path.join(ROOT, 'package-lock.json');
const STAMP = path.join(ROOT, 'node_modules', '.bootstrap-stamp');
const CLI_PATH_FILE = path.join(ROOT, '.data', 'temporal-cli-path');

// v1.5.1 is the newest CLI tag whose go.mod has no replace directive, so `go install` can build it.
// scripts/temporal-cli.ts computes the same cache directory; keep them in step.
const CLI_VERSION = 'v1.5.1';
const CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
const CLI_CACHE_DIR = path.join(
  process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
  'temporal-payments',
  `temporal-cli-${CLI_VERSION}`,
);

function log(message) {
  console.log(`[bootstrap] ${message}`);
}

function fail(message) {
  console.error(`[bootstrap] ${message}`);
  process.exit(1);
}

function isExecutableFile(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Like `which`: the first executable called `name` on PATH, or undefined. */
function findOnPath(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (dir && isExecutableFile(path.join(dir, name))) return path.resolve(dir, name);
  }
  return undefined;
}

/** Why a spawnSync child failed, for one-line error messages. */
function describeFailure(result) {
  if (result.error) return result.error.message;
  return result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`;
}

function ensureNodeModules() {
  const lockHash = createHash('sha256').update(fs.readFileSync(LOCKFILE)).digest('hex');
  const stamp = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : '';
  if (stamp === lockHash) {
    log('node_modules up to date');
    return;
  }
  log('installing dependencies (npm ci)...');
  // shell on Windows only, where npm is a .cmd script that spawn cannot run directly.
  const result = spawnSync('npm', ['ci'], {
    cwd: ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    fail(`npm ci failed (${describeFailure(result)}); npm's own message above says why`);
  }
  // Written only after a complete install, so an interrupted `npm ci` is retried next time.
  fs.writeFileSync(STAMP, `${lockHash}\n`);
}

function buildTemporalCli(go) {
  log(`building the Temporal CLI ${CLI_VERSION} with ${go} into ${CLI_CACHE_DIR}`);
  log('the first build takes a few minutes; later runs reuse it');
  fs.mkdirSync(CLI_CACHE_DIR, { recursive: true });
  const result = spawnSync(go, ['install', `${CLI_MODULE}@${CLI_VERSION}`], {
    stdio: 'inherit',
    env: { ...process.env, GOBIN: CLI_CACHE_DIR },
  });
  const binary = path.join(CLI_CACHE_DIR, 'temporal');
  if (result.status !== 0) {
    fail(`building the Temporal CLI failed (${describeFailure(result)}); it needs Go >= 1.25`);
  }
  if (!isExecutableFile(binary)) fail(`go install succeeded but ${binary} is missing`);
  return binary;
}

/** TEMPORAL_CLI_PATH → `temporal` on PATH → our cached build → a fresh build with Go. */
function resolveTemporalCli() {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    const file = path.resolve(fromEnv);
    if (!isExecutableFile(file)) fail(`TEMPORAL_CLI_PATH=${fromEnv} is not an executable file`);
    return file;
  }
  const onPath = findOnPath('temporal');
  if (onPath) return onPath;
  const cached = path.join(CLI_CACHE_DIR, 'temporal');
  if (isExecutableFile(cached)) return cached;
  // The official tarball installs to /usr/local/go, which a fresh shell may not have on PATH yet.
  const go = findOnPath('go') || ['/usr/local/go/bin/go'].find(isExecutableFile);
  if (!go) {
    fail(
      'The Temporal CLI is needed and could not be found or built. Install Go >= 1.25 (https://go.dev/dl) ' +
        'so it can be built, or put a Temporal CLI on PATH, or set TEMPORAL_CLI_PATH to one.',
    );
  }
  return buildTemporalCli(go);
}

function recordCliPath(cli) {
  const previous = fs.existsSync(CLI_PATH_FILE) ? fs.readFileSync(CLI_PATH_FILE, 'utf8').trim() : '';
  if (previous === cli) return;
  fs.mkdirSync(path.dirname(CLI_PATH_FILE), { recursive: true });
  fs.writeFileSync(CLI_PATH_FILE, `${cli}\n`);
}

ensureNodeModules();
const cli = resolveTemporalCli();
recordCliPath(cli);
log(`Temporal CLI: ${cli}`);
