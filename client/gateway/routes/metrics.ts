/**
 * GET /metrics: the gateway's Prometheus metrics (metrics/gateway-metrics.ts). With GATEWAY_METRICS_TOKEN
 * set, scrapers must present it as `Authorization: Bearer <token>` (Prometheus: `authorization:
 * { credentials: <token> }`); without it the endpoint is open, like /healthz, and belongs on a
 * network only the monitoring system reaches. Route labels and counts are not secrets, but they do
 * tell an outsider which providers are configured and how busy the service is.
 *
 * Scraped every few seconds, so successful scrapes are logged at warn level only, that is, not at all.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import { presentedToken, tokenMatcher } from '../codec-access';
import { ProblemError } from '../problem';

export interface MetricsEndpoint {
  registry: Registry;
  /** GATEWAY_METRICS_TOKEN; undefined leaves the endpoint open. */
  token?: string;
}

export function metricsRoutes({ registry, token }: MetricsEndpoint): FastifyPluginAsync {
  const isValidToken = token === undefined ? undefined : tokenMatcher(token);
  return async (app) => {
    app.get('/metrics', { logLevel: 'warn' }, async (request, reply) => {
      if (isValidToken && !isValidToken(presentedToken(request))) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new ProblemError('unauthorized', 'the metrics endpoint requires the GATEWAY_METRICS_TOKEN');
      }
      return reply
        .header('cache-control', 'no-store')
        .type(registry.contentType)
        .send(await registry.metrics());
    });
  };
}
