/**
 * The gateway's Prometheus metrics, served at GET /metrics. Each gateway instance has its own
 * registry (tests build many in one process; prom-client's global registry would mix them and refuse
 * a second metric of the same name). Durations are in seconds, as Prometheus recommends and as the
 * worker's metrics are configured (worker/runtime-telemetry.ts).
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { NotificationDelivery } from '../../payments-client';

/** What verifying one notification came to (client/gateway/webhook-delivery.ts); `error`: the handler threw. */
export type WebhookVerification = 'event' | 'ignored' | 'rejected' | 'error';
/** What signaling the payment came to; `temporary_failure`: Temporal did not take the signal. */
export type WebhookDeliveryOutcome = NotificationDelivery | 'temporary_failure';
/** Why a call to Temporal failed: it was unreachable or timed out, or something unexpected broke. */
export type TemporalCallFailure = 'unavailable' | 'unexpected';

export interface GatewayMetrics {
  registry: Registry;
  httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;
  webhookVerifications: Counter<'provider' | 'result'>;
  webhookDeliveries: Counter<'provider' | 'outcome'>;
  signalDuration: Histogram<'provider' | 'outcome'>;
  temporalCallErrors: Counter<'operation' | 'reason'>;
}

/** Fast API answers are a few ms; a create waits for the provider's redirect, which may take seconds. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** A signal is one round trip to Temporal; the client gives up after 10 s (payments-client.ts). */
const SIGNAL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createGatewayMetrics(): GatewayMetrics {
  const registry = new Registry();
  // Process metrics (CPU, memory, event loop lag, GC) under their standard names, for stock dashboards.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'gateway_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status code, and how long they took',
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_BUCKETS,
      registers,
    }),
    webhookVerifications: new Counter({
      name: 'gateway_webhook_verifications_total',
      help: 'Provider notifications by provider and verification result (event, ignored, rejected, error)',
      labelNames: ['provider', 'result'],
      registers,
    }),
    webhookDeliveries: new Counter({
      name: 'gateway_webhook_deliveries_total',
      help: 'Verified payment events by provider and what signaling the payment came to',
      labelNames: ['provider', 'outcome'],
      registers,
    }),
    signalDuration: new Histogram({
      name: 'gateway_signal_duration_seconds',
      help: "Time to hand a verified notification to the payment's workflow (signal, and describe when it is not running)",
      labelNames: ['provider', 'outcome'],
      buckets: SIGNAL_BUCKETS,
      registers,
    }),
    temporalCallErrors: new Counter({
      name: 'gateway_temporal_call_errors_total',
      help: 'Calls to Temporal that failed for a reason other than the request itself, by operation',
      labelNames: ['operation', 'reason'],
      registers,
    }),
  };
}
