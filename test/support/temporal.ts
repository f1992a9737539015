/**
 * The Temporal server for tests: the dev server that `npm test` started (TEMPORAL_TEST_ADDRESS), or,
 * when a single file is run on its own, a dev server started here from the project's Temporal CLI.
 */
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTemporalCli } from '../../scripts/temporal-cli';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { testDataConverter } from './encryption';

export interface TestTemporal {
  address: string;
  namespace: string;
  /** With the test key's codec, like every client and worker of the tests (test/support/encryption.ts). */
  client: Client;
  dataConverter: DataConverter;
  connection: Connection;
  nativeConnection: NativeConnection;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** A server the test started itself (e.g. with the Web UI) instead of TEMPORAL_TEST_ADDRESS. */
  address?: string;
  namespace?: string;
}

let runtimeInstalled = false;

export async function connectTestTemporal(options: ConnectOptions = {}): Promise<TestTemporal> {
  if (!runtimeInstalled) {
    // Quiet the SDK's own logs in test output; failures still surface through assertions.
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const namespace = options.namespace ?? process.env.TEMPORAL_TEST_NAMESPACE ?? 'default';
  const address = options.address ?? process.env.TEMPORAL_TEST_ADDRESS;
  if (!address) return startOwnServer(namespace);
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  return {
    address,
    namespace,
    connection,
    nativeConnection,
    client: new Client({ connection, namespace, dataConverter: testDataConverter }),
    dataConverter: testDataConverter,
    async close() {
      await nativeConnection.close();
      await connection.close();
    },
  };
}

async function startOwnServer(namespace: string): Promise<TestTemporal> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: resolveTemporalCli() },
      namespace,
      searchAttributes: [...ALL_SEARCH_ATTRIBUTES],
    },
    client: { dataConverter: testDataConverter },
  });
  return {
    address: env.address,
    namespace,
    connection: env.connection,
    nativeConnection: env.nativeConnection,
    client: env.client,
    dataConverter: testDataConverter,
    close: () => env.teardown(),
  };
}
