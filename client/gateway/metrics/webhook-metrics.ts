/**
 * What client/gateway/webhook-delivery.ts reports about each notification: the verification result,
 * and for a payment event, how signaling went and how long it took. Narrow on purpose, so the
 * delivery code does not depend on prom-client and a test can pass a recorder.
 */
import type { GatewayMetrics, WebhookDeliveryOutcome, WebhookVerification } from './gateway-metrics';

export interface WebhookMetrics {
  verified(provider: string, result: WebhookVerification): void;
  delivered(provider: string, outcome: WebhookDeliveryOutcome, seconds: number): void;
}

export function webhookMetrics(metrics: GatewayMetrics): WebhookMetrics {
  return {
    verified(provider, result) {
      metrics.webhookVerifications.inc({ provider, result });
    },
    delivered(provider, outcome, seconds) {
      metrics.webhookDeliveries.inc({ provider, outcome });
      metrics.signalDuration.observe({ provider, outcome }, seconds);
    },
  };
}
