/**
 * Every answered request, observed once it is sent: method, route pattern, status code and latency.
 * The label is the route pattern (`/v1/payments/:orderId`), never the URL, so label values stay few:
 * an unmatched URL, however many distinct ones a scanner tries, counts as `(unmatched)`.
 */
import type { FastifyInstance } from 'fastify';
import type { GatewayMetrics } from './gateway-metrics';

export const UNMATCHED_ROUTE = '(unmatched)';

export function observeHttpRequests(app: FastifyInstance, metrics: GatewayMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
}
