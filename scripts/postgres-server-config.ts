/**
 * The server configuration `npm run test:postgres` starts with: deploy/temporal/postgres-dev.yaml,
 * the file we ship, with only what differs per run replaced (ports, databases, PostgreSQL login,
 * the absolute dynamic config path), written to a private temporary directory.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { PostgresSettings } from './postgres-server-schema';

const ROOT = resolve(__dirname, '..');
export const SHIPPED_CONFIG = join(ROOT, 'deploy', 'temporal', 'postgres-dev.yaml');
const DYNAMIC_CONFIG = join(ROOT, 'deploy', 'temporal', 'dynamicconfig.yaml');
/** The server loads <config dir>/<env>.yaml: `--env postgres-dev` finds the copy. */
export const CONFIG_ENV = 'postgres-dev';

export const SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
export type Service = (typeof SERVICES)[number];

export interface ServerConfigOptions {
  pg: PostgresSettings;
  database: string;
  visibilityDatabase: string;
  /** gRPC and membership (ringpop) port of each service; free ones, so we run next to other servers. */
  ports: Record<Service, { grpc: number; membership: number }>;
  logLevel: string;
}

/** Writes the configuration; returns the directory to pass as the server's config directory. */
export function writeServerConfig(opts: ServerConfigOptions): string {
  const doc = parseDocument(readFileSync(SHIPPED_CONFIG, 'utf8'));
  // Only keys the shipped file has: if one is renamed there, this fails instead of adding a stray key.
  const set = (path: string[], value: unknown) => {
    if (!doc.hasIn(path)) throw new Error(`${SHIPPED_CONFIG} has no ${path.join('.')}`);
    doc.setIn(path, value);
  };
  set(['log', 'level'], opts.logLevel);
  const stores = { 'postgres-default': opts.database, 'postgres-visibility': opts.visibilityDatabase };
  for (const [store, database] of Object.entries(stores)) {
    const sql = ['persistence', 'datastores', store, 'sql'];
    set([...sql, 'databaseName'], database);
    set([...sql, 'connectAddr'], `${opts.pg.host}:${opts.pg.port}`);
    set([...sql, 'user'], opts.pg.user);
    set([...sql, 'password'], opts.pg.password);
  }
  for (const service of SERVICES) {
    set(['services', service, 'rpc', 'grpcPort'], opts.ports[service].grpc);
    set(['services', service, 'rpc', 'membershipPort'], opts.ports[service].membership);
  }
  const frontend = `127.0.0.1:${opts.ports.frontend.grpc}`;
  set(['clusterMetadata', 'clusterInformation', 'active', 'rpcAddress'], frontend);
  set(['dynamicConfigClient', 'filepath'], DYNAMIC_CONFIG);

  const dir = mkdtempSync(join(tmpdir(), 'temporal-payments-pg-'));
  // 0600: the file may hold PGPASSWORD.
  writeFileSync(join(dir, `${CONFIG_ENV}.yaml`), doc.toString(), { mode: 0o600 });
  return dir;
}
