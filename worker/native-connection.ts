/** The worker's connection to Temporal: address, TLS (mTLS files) and API key from configuration. */
import { readFileSync } from 'node:fs';
import { NativeConnection } from '@temporalio/worker';
import type { AppConfig } from './config';

export function connectWorker(temporal: AppConfig['temporal']): Promise<NativeConnection> {
  const tls = temporal.tls;
  return NativeConnection.connect({
    address: temporal.address,
    apiKey: temporal.apiKey,
    tls: tls
      ? {
          serverNameOverride: tls.serverName,
          serverRootCACertificate: tls.caPath ? readFileSync(tls.caPath) : undefined,
          clientCertPair:
            tls.certPath && tls.keyPath
              ? { crt: readFileSync(tls.certPath), key: readFileSync(tls.keyPath) }
              : undefined,
        }
      : undefined,
  });
}
