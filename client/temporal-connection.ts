/**
 * The one way our processes connect to Temporal as a client (gateway, CLI, tests): address,
 * namespace, TLS (system roots, a private CA, or mTLS) and API key, all from AppConfig['temporal'],
 * and the project's data converter (worker/encryption/data-converter.ts).
 */
import { readFile } from 'node:fs/promises';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { AppConfig } from '../worker/config';

export type TemporalSettings = AppConfig['temporal'];

export interface TemporalClient {
  connection: Connection;
  client: Client;
}

/**
 * Connects eagerly, so a wrong address or credential fails here, at startup, not on the first request.
 * `dataConverter` is required, not defaulted: a client without the codec cannot read what workers
 * store, and would store what it sends unencrypted.
 */
export async function connectClient(
  settings: TemporalSettings,
  dataConverter: DataConverter,
): Promise<TemporalClient> {
  const connection = await Connection.connect({
    address: settings.address,
    tls: settings.tls ? await tlsConfig(settings.tls) : false,
    apiKey: settings.apiKey,
  });
  return { connection, client: new Client({ connection, namespace: settings.namespace, dataConverter }) };
}

/**
 * True when the Temporal frontend answers within `timeoutMs`. GetSystemInfo is the cheapest call
 * there is (no namespace, no persistence), which makes it a fair readiness probe.
 */
export async function temporalAnswers(connection: Connection, timeoutMs = 2000): Promise<boolean> {
  try {
    await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.getSystemInfo({}));
    return true;
  } catch {
    return false;
  }
}

async function tlsConfig(tls: NonNullable<TemporalSettings['tls']>): Promise<TLSConfig> {
  // loadConfig guarantees cert and key come together.
  const clientCertPair =
    tls.certPath && tls.keyPath
      ? { crt: await readFile(tls.certPath), key: await readFile(tls.keyPath) }
      : undefined;
  return {
    serverNameOverride: tls.serverName,
    serverRootCACertificate: tls.caPath ? await readFile(tls.caPath) : undefined,
    clientCertPair,
  };
}
