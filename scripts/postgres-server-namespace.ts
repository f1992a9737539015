/**
 * The namespace and the search attributes on a fresh Temporal cluster, for `npm run test:postgres`.
 * It runs deploy/temporal/create-namespace.sh, the very script docker-compose.yml's namespace job
 * runs in production, with the project's Temporal CLI, so that job is exercised here as well.
 */
import { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AttributeKey } from './dev-server';

const ROOT = resolve(__dirname, '..');
const CREATE_NAMESPACE_SCRIPT = join(ROOT, 'deploy', 'temporal', 'create-namespace.sh');

/**
 * Per type: the CLI's name for it, and how many custom attributes of it a namespace can have on SQL
 * visibility, which is one column per slot (Keyword01..Keyword10, Int01..Int03, ...: schema
 * postgresql/v12/visibility, the same in 1.29.1 and 1.29.7). Elasticsearch has no such limit, so
 * the dev server would accept attributes that a PostgreSQL-backed cluster rejects.
 */
export const SQL_VISIBILITY_TYPES: Record<SearchAttributeType, { cliName: string; slots: number }> = {
  TEXT: { cliName: 'Text', slots: 3 },
  KEYWORD: { cliName: 'Keyword', slots: 10 },
  INT: { cliName: 'Int', slots: 3 },
  DOUBLE: { cliName: 'Double', slots: 3 },
  BOOL: { cliName: 'Bool', slots: 3 },
  DATETIME: { cliName: 'Datetime', slots: 3 },
  KEYWORD_LIST: { cliName: 'KeywordList', slots: 3 },
};

/** What does not fit SQL visibility, one message per type over its limit; empty when all fit. */
export function searchAttributeOverflow(keys: readonly AttributeKey[]): string[] {
  const counts = new Map<SearchAttributeType, string[]>();
  for (const key of keys) counts.set(key.type, [...(counts.get(key.type) ?? []), key.name]);
  return [...counts]
    .filter(([type, names]) => names.length > SQL_VISIBILITY_TYPES[type].slots)
    .map(
      ([type, names]) =>
        `${names.length} ${type} attributes (${names.join(', ')}), SQL visibility has ${SQL_VISIBILITY_TYPES[type].slots}`,
    );
}

/**
 * The server refreshes its namespace cache every 2 s (system.namespaceCacheRefreshInterval), and
 * on SQL the search attributes live in the namespace record: until every service has refreshed,
 * a workflow upserting a just-added attribute can still be rejected.
 */
const NAMESPACE_CACHE_REFRESH_MS = 2_000;

export interface NamespaceOptions {
  cli: string;
  address: string;
  namespace: string;
  keys: readonly AttributeKey[];
  /** Scratch directory for a `temporal` link to `cli`, which the shell script calls by that name. */
  scratchDir: string;
  log: (message: string) => void;
}

export async function createNamespace(opts: NamespaceOptions): Promise<void> {
  const overflow = searchAttributeOverflow(opts.keys);
  if (overflow.length > 0) throw new Error(`search attributes do not fit: ${overflow.join('; ')}`);

  const binDir = join(opts.scratchDir, 'bin');
  mkdirSync(binDir, { recursive: true });
  symlinkSync(opts.cli, join(binDir, 'temporal'));
  await runScript(
    CREATE_NAMESPACE_SCRIPT,
    {
      ...process.env,
      PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}`,
      TEMPORAL_ADDRESS: opts.address,
      TEMPORAL_NAMESPACE: opts.namespace,
      SEARCH_ATTRIBUTES: opts.keys.map((k) => `${k.name}=${SQL_VISIBILITY_TYPES[k.type].cliName}`).join(' '),
    },
    opts.log,
  );
  await checkRegistered(opts.address, opts.namespace, opts.keys);
  await sleep(2 * NAMESPACE_CACHE_REFRESH_MS);
}

function runScript(script: string, env: NodeJS.ProcessEnv, log: (message: string) => void): Promise<void> {
  const child = spawn('/bin/sh', [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done, fail) => {
    child.once('error', (err) => fail(new Error(`could not run ${script}: ${err.message}`)));
    child.once('close', (code) => {
      for (const line of output.trim().split('\n')) log(line);
      if (code === 0) done();
      else fail(new Error(`${script} failed (exit code ${code}); its output is above`));
    });
  });
}

/** The script treats "already exists" as success; this makes sure the types are the code's. */
async function checkRegistered(
  address: string,
  namespace: string,
  keys: readonly AttributeKey[],
): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
    const wrong = keys.filter((key) => {
      const registered = customAttributes?.[key.name];
      return registered === undefined || IndexedValueType[registered] !== `INDEXED_VALUE_TYPE_${key.type}`;
    });
    if (wrong.length > 0) {
      throw new Error(`search attributes missing or of another type: ${wrong.map((k) => k.name).join(', ')}`);
    }
  } finally {
    await connection.close();
  }
}
