/**
 * Where the Temporal CLI is. scripts/bootstrap.js installs it and records the path; this reads the
 * same places in the same order, so code started without bootstrap (an IDE test run) finds it too.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const RECORDED_PATH_FILE = join(ROOT, '.data', 'temporal-cli-path');
// Same directory as CLI_CACHE_DIR in scripts/bootstrap.js.
const CACHED_CLI = join(
  process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
  'temporal-payments',
  'temporal-cli-v1.5.1',
  'temporal',
);

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function recordedPath(): string | undefined {
  try {
    return readFileSync(RECORDED_PATH_FILE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function onPath(name: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => resolve(dir, name))
    .find(isExecutableFile);
}

/** Absolute path of a runnable `temporal` binary; throws with the fix when there is none. */
export function resolveTemporalCli(): string {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!isExecutableFile(fromEnv)) throw new Error(`TEMPORAL_CLI_PATH=${fromEnv} is not an executable file`);
    return resolve(fromEnv);
  }
  const found = [recordedPath(), onPath('temporal'), CACHED_CLI].find(
    (candidate): candidate is string => candidate !== undefined && isExecutableFile(candidate),
  );
  if (!found) {
    throw new Error(
      'Temporal CLI not found (TEMPORAL_CLI_PATH, .data/temporal-cli-path, PATH, ' +
        `${CACHED_CLI}). Run npm start or npm test, which install it.`,
    );
  }
  return found;
}
