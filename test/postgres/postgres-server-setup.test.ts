/**
 * The parts of `npm run test:postgres` that can be checked without building a Temporal server, so
 * `npm test` catches them in seconds: the shipped server configuration, the copy the script writes,
 * that our search attributes fit SQL visibility, and which test files the script runs.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import {
  CONFIG_ENV,
  SERVICES,
  SHIPPED_CONFIG,
  writeServerConfig,
} from '../../scripts/postgres-server-config';
import { searchAttributeOverflow } from '../../scripts/postgres-server-namespace';
import { filesNeedingTemporal } from '../../scripts/temporal-test-files';
import { selectTestFiles } from '../../scripts/test-runner';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

const ROOT = resolve(__dirname, '..', '..');
// The PostgreSQL schema keeps membership ports in a SMALLINT column (cluster_membership.rpc_port).
const SMALLINT_MAX = 32_767;

interface SqlStore {
  sql: { pluginName: string; databaseName: string; connectAddr: string; user: string; password: string };
}
interface ServerConfig {
  persistence: {
    numHistoryShards: number;
    defaultStore: string;
    visibilityStore: string;
    datastores: Record<string, SqlStore>;
  };
  services: Record<string, { rpc: { grpcPort: number; membershipPort: number; bindOnLocalHost?: boolean } }>;
  clusterMetadata: { clusterInformation: { active: { rpcAddress: string } } };
  dynamicConfigClient: { filepath: string };
  log: { level: string };
}

const readConfig = (file: string) => parse(readFileSync(file, 'utf8')) as ServerConfig;

describe('deploy/temporal/postgres-dev.yaml', () => {
  const config = readConfig(SHIPPED_CONFIG);

  it('keeps persistence and visibility in PostgreSQL', () => {
    const { persistence } = config;
    for (const store of [persistence.defaultStore, persistence.visibilityStore]) {
      assert.equal(persistence.datastores[store]?.sql.pluginName, 'postgres12', store);
    }
    assert.notEqual(persistence.defaultStore, persistence.visibilityStore);
    assert.equal(persistence.numHistoryShards, 4);
  });

  it('runs every service on 127.0.0.1 only, on membership ports the schema can store', () => {
    assert.deepEqual(Object.keys(config.services).sort(), [...SERVICES].sort());
    for (const [name, { rpc }] of Object.entries(config.services)) {
      assert.equal(rpc.bindOnLocalHost, true, `${name} must not listen beyond loopback: there is no auth`);
      assert.ok(rpc.membershipPort <= SMALLINT_MAX, `${name} membership port ${rpc.membershipPort}`);
    }
  });

  it('uses the dynamic config the production server gets', () => {
    assert.equal(config.dynamicConfigClient.filepath, 'deploy/temporal/dynamicconfig.yaml');
    assert.ok(existsSync(join(ROOT, config.dynamicConfigClient.filepath)));
  });
});

describe('the configuration test:postgres writes', () => {
  it('replaces ports, databases and login, and nothing is added', () => {
    const ports = Object.fromEntries(
      SERVICES.map((service, i) => [service, { grpc: 20_000 + 2 * i, membership: 20_001 + 2 * i }]),
    ) as Parameters<typeof writeServerConfig>[0]['ports'];
    const dir = writeServerConfig({
      pg: { host: 'db.internal', port: 6543, user: 'ci', password: 'secret' },
      database: 'temporal_payments_x',
      visibilityDatabase: 'temporal_payments_x_visibility',
      ports,
      logLevel: 'warn',
    });
    try {
      const written = readConfig(join(dir, `${CONFIG_ENV}.yaml`));
      const stores = written.persistence.datastores;
      assert.equal(stores[written.persistence.defaultStore]?.sql.databaseName, 'temporal_payments_x');
      assert.equal(
        stores[written.persistence.visibilityStore]?.sql.databaseName,
        'temporal_payments_x_visibility',
      );
      for (const { sql } of Object.values(stores)) {
        assert.deepEqual([sql.connectAddr, sql.user, sql.password], ['db.internal:6543', 'ci', 'secret']);
      }
      for (const service of SERVICES) {
        const { rpc } = written.services[service]!;
        assert.deepEqual(
          [rpc.grpcPort, rpc.membershipPort],
          [ports[service].grpc, ports[service].membership],
        );
      }
      assert.equal(written.clusterMetadata.clusterInformation.active.rpcAddress, '127.0.0.1:20000');
      assert.ok(existsSync(written.dynamicConfigClient.filepath), 'an absolute path to the shipped file');
      assert.equal(written.log.level, 'warn');
      const keys = (value: unknown): string[] =>
        value && typeof value === 'object'
          ? Object.entries(value).flatMap(([k, v]) => [k, ...keys(v).map((sub) => `${k}.${sub}`)])
          : [];
      assert.deepEqual(keys(written).sort(), keys(readConfig(SHIPPED_CONFIG)).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('search attributes on SQL visibility', () => {
  it('every attribute the workflows upsert has a column', () => {
    assert.deepEqual(searchAttributeOverflow(ALL_SEARCH_ATTRIBUTES), []);
  });

  it('reports a type with more attributes than columns', () => {
    const keywords = Array.from({ length: 11 }, (_, i) =>
      defineSearchAttributeKey(`K${i}`, SearchAttributeType.KEYWORD),
    );
    const [message, ...rest] = searchAttributeOverflow(keywords);
    assert.match(message ?? '', /11 KEYWORD attributes .* SQL visibility has 10/);
    assert.deepEqual(rest, []);
  });
});

describe('the test files test:postgres runs', () => {
  const all = selectTestFiles([]);
  const chosen = filesNeedingTemporal(all);

  it('are the integration tests that use the shared server', () => {
    for (const file of ['test/e2e/payment-search.test.ts', 'test/contract/assist.contract.test.ts']) {
      assert.ok(chosen.includes(file), file);
    }
  });

  it('leave out tests without Temporal and tests that start a dev server of their own', () => {
    for (const file of chosen) assert.ok(!file.startsWith('test/unit/'), file);
    assert.ok(!chosen.includes('test/infra/dev-server.test.ts'));
    assert.ok(!chosen.includes('test/postgres/postgres-server-setup.test.ts'));
  });
});
