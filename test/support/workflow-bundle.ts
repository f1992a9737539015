/**
 * One workflow bundle for the whole test run. Bundling (webpack) costs seconds of CPU, so the bundle
 * is cached on disk under .data/, keyed by a hash of every source file the workflows can import and
 * the SDK version; parallel test processes share it. It contains the project's failure converter,
 * like the bundle worker/main.ts builds: a worker given a prebuilt bundle does not add it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../worker/create-worker';
import { FAILURE_CONVERTER_PATH } from '../../worker/encryption/data-converter';

const ROOT = resolve(__dirname, '../..');
const SOURCE_DIRS = ['workflows', 'domain', 'activities'];

let cached: Promise<{ code: string }> | undefined;

export function workflowBundle(): Promise<{ code: string }> {
  cached ??= loadOrBuild();
  return cached;
}

async function loadOrBuild(): Promise<{ code: string }> {
  const dir = join(ROOT, '.data', 'test-bundles');
  const file = join(dir, `${sourceHash()}.js`);
  if (existsSync(file)) return { code: readFileSync(file, 'utf8') };
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: quietLogger,
  });
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, code);
  renameSync(tmp, file); // atomic: a parallel process never reads half a bundle
  return { code };
}

function sourceHash(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(ROOT, 'package-lock.json')));
  const files = [...SOURCE_DIRS.flatMap((dir) => listFiles(join(ROOT, dir))), FAILURE_CONVERTER_PATH];
  for (const file of files) hash.update(file).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
