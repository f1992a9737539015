/**
 * The worker's Temporal Runtime: native logs forwarded to pino, and the SDK's Prometheus exporter
 * (worker, workflow and activity metrics, plus ours from provider-call-metrics.ts) on
 * WORKER_METRICS_ADDRESS, scraped at http://<address>/metrics.
 *
 * A worker that cannot bind its metrics address (the port is taken, say by a second worker on the
 * same host) still runs payments: it logs a warning and installs the Runtime without metrics.
 * Observability is not worth an outage of the thing it observes.
 */
import {
  Runtime,
  makeTelemetryFilterString,
  type Logger as TemporalLogger,
  type TelemetryOptions,
} from '@temporalio/worker';
import type { Logger } from 'pino';

type MetricsOptions = NonNullable<TelemetryOptions['metrics']>;

/** The SDK's default prefix, stated so the README's metric names cannot drift from it. */
export const TEMPORAL_METRIC_PREFIX = 'temporal_';

/**
 * Prometheus conventions the SDK leaves off by default: counters end in `_total`, durations are in
 * seconds with the unit in the name (`temporal_activity_execution_latency_seconds`), like every
 * other exporter a Prometheus user meets, the gateway's included.
 */
export function prometheusMetrics(bindAddress: string): MetricsOptions {
  return {
    metricPrefix: TEMPORAL_METRIC_PREFIX,
    prometheus: {
      bindAddress,
      countersTotalSuffix: true,
      unitSuffix: true,
      useSecondsForDurations: true,
    },
  };
}

export function telemetryOptions(metricsAddress: string | undefined): TelemetryOptions {
  return {
    logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) },
    ...(metricsAddress ? { metrics: prometheusMetrics(metricsAddress) } : {}),
  };
}

/**
 * Runtime.install with metrics on `metricsAddress` (undefined: none). Returns the address metrics are
 * served on, or undefined when they are not. A failed install leaves no Runtime behind, so the second
 * attempt without metrics is a fresh install.
 */
export function installWorkerRuntime(options: {
  logger: Logger;
  temporalLogger: TemporalLogger;
  metricsAddress: string | undefined;
}): string | undefined {
  const { logger, temporalLogger, metricsAddress } = options;
  if (metricsAddress) {
    try {
      Runtime.install({ logger: temporalLogger, telemetryOptions: telemetryOptions(metricsAddress) });
      logger.info({ metrics: `http://${metricsAddress}/metrics` }, 'worker metrics served');
      return metricsAddress;
    } catch (err) {
      // The message says it all ("Address already in use"); a native stack trace would not help.
      logger.warn(
        { address: metricsAddress, reason: err instanceof Error ? err.message : String(err) },
        'cannot serve worker metrics (WORKER_METRICS_ADDRESS); running without them',
      );
    }
  }
  Runtime.install({ logger: temporalLogger, telemetryOptions: telemetryOptions(undefined) });
  return undefined;
}
