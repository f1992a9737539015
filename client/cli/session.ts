/**
 * PaymentsClient for the CLI, built from the same environment variables as the worker and the gateway
 * (worker/config.ts), payload encryption keys included. A configuration problem surfaces as ConfigError (exit 2); a Temporal that does not
 * answer as PaymentsError 'unavailable' (exit 4), like every other call that cannot reach it.
 */
import { ConfigError, loadConfig } from '../../worker/config';
import { createDataConverter } from '../../worker/encryption/data-converter';
import { PaymentsError } from '../errors';
import { PaymentsClient } from '../payments-client';
import { connectClient, type TemporalClient } from '../temporal-connection';
import type { PaymentsSession } from './run';

export async function openPaymentsSession(env: NodeJS.ProcessEnv): Promise<PaymentsSession> {
  const config = loadConfig(env);
  let temporal: TemporalClient;
  try {
    // The same payload codec as the workers: without it payctl could not read what they store.
    temporal = await connectClient(config.temporal, createDataConverter(config.encryption));
  } catch (err) {
    throw connectionFailure(err, config.temporal.address);
  }
  const payments = new PaymentsClient({
    client: temporal.client,
    taskQueue: config.temporal.taskQueue,
    // No provider descriptions: they serve createPayment only, which payctl does not offer. Leaving them
    // out means an operator's machine needs no provider credentials (configureProviders would demand
    // them in live mode) to inspect and steer payments; the workflow validates commands against the
    // capabilities it was started with, not these.
    providers: new Map(),
    gatewayPublicUrl: config.gateway.publicUrl,
    timeouts: config.timeouts,
    merchantNotifications: config.merchantNotifications && {
      url: config.merchantNotifications.url,
      retry: config.merchantNotifications.retry,
    },
  });
  return { payments, close: () => temporal.connection.close() };
}

/** A TLS file that cannot be read is the operator's configuration; anything else means Temporal did not answer. */
function connectionFailure(err: unknown, address: string): Error {
  const fsError = err as NodeJS.ErrnoException;
  if (typeof fsError.path === 'string' && typeof fsError.code === 'string') {
    return new ConfigError(
      `invalid configuration:\n  cannot read ${fsError.path} (${fsError.code}), a TEMPORAL_TLS_* file`,
    );
  }
  const reason = err instanceof Error ? err.message : String(err);
  return new PaymentsError('unavailable', `cannot reach Temporal at ${address}: ${reason}`);
}
