/**
 * The HTTP gateway: the REST API under /v1, provider webhooks, health probes, Prometheus metrics
 * (/metrics), the API's OpenAPI document (/docs) and, when configured, the codec endpoint for the
 * Temporal UI under /codec, as one Fastify instance. Everything it talks to comes in through `deps`,
 * so tests build it with fakes and main.ts with the real PaymentsClient and provider handlers.
 */
import fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { WebhookHandler } from '../../providers/contract';
import { installErrorHandling, renderError } from './error-handler';
import { acceptJsonBodiesOnly } from './json-body';
import { createGatewayMetrics, type GatewayMetrics } from './metrics/gateway-metrics';
import { observeHttpRequests } from './metrics/http-metrics';
import { countTemporalCallErrors } from './metrics/temporal-call-metrics';
import { webhookMetrics } from './metrics/webhook-metrics';
import type { PaymentsApi } from './payments-api';
import { requestIdFor, REQUEST_ID_HEADER } from './request-id';
import { RejectionLimiter } from './rejection-limiter';
import { GatewayLogController } from './request-log';
import { codecRoutes, type CodecEndpoint } from './routes/codec';
import { docsRoutes } from './routes/docs';
import { healthRoutes } from './routes/health';
import { metricsRoutes } from './routes/metrics';
import { paymentListRoutes } from './routes/payment-list';
import { paymentMethodRoutes } from './routes/payment-methods';
import { paymentRoutes } from './routes/payments';
import { payPageRoutes } from './routes/pay-page';
import { recurringRoutes, type RecurrencesApi } from './routes/recurring';
import { webhookRoutes } from './routes/webhooks';

export interface GatewayDeps {
  payments: PaymentsApi;
  /** Webhook handlers by provider name, the `:provider` of `/webhooks/:provider`. */
  webhooks: ReadonlyMap<string, WebhookHandler>;
  /** The process logger (worker/logger.ts): its redaction applies to every request log. */
  logger: Logger;
  /** The largest request body accepted, REST or webhook; larger is a 413. */
  bodyLimitBytes: number;
  /** True when the gateway can do its job (Temporal answers); drives /readyz. */
  readiness: () => Promise<boolean>;
  /** The payload codec and its access settings; without it there is no /codec endpoint. */
  codec?: CodecEndpoint;
  /** Recurrences (normally the same PaymentsClient); without it there is no /v1/recurring. */
  recurrences?: RecurrencesApi;
  /** Rejected webhooks allowed per source address and minute before it gets 429; absent or 0: no limit. */
  webhookRejectLimitPerMinute?: number;
  /** GATEWAY_METRICS_TOKEN: when set, GET /metrics requires it as a Bearer token. */
  metricsToken?: string;
  /** Default: a fresh registry per gateway, so several gateways in one process (tests) stay apart. */
  metrics?: GatewayMetrics;
}

export function buildGateway(deps: GatewayDeps): FastifyInstance {
  // Typed as Fastify's logger interface so the instance has the plain FastifyInstance type routes expect.
  const logger: FastifyBaseLogger = deps.logger;
  const app = fastify({
    loggerInstance: logger,
    logController: new GatewayLogController(),
    genReqId: requestIdFor,
    bodyLimit: deps.bodyLimitBytes,
    // A malformed URL is refused before routing; it still gets a problem document.
    frameworkErrors: (err, request, reply) => renderError(err, request, reply, deps.bodyLimitBytes),
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  installErrorHandling(app, deps.bodyLimitBytes);
  const metrics = deps.metrics ?? createGatewayMetrics();
  observeHttpRequests(app, metrics);
  const payments = countTemporalCallErrors(deps.payments, metrics);

  // Every /v1 route needs its operation in openapi/resources/ (test/gateway/openapi.test.ts checks).
  app.register(
    async (v1) => {
      acceptJsonBodiesOnly(v1);
      await v1.register(paymentRoutes(payments));
      await v1.register(paymentListRoutes(payments));
      await v1.register(paymentMethodRoutes(payments));
      await v1.register(payPageRoutes(payments));
      if (deps.recurrences) {
        await v1.register(recurringRoutes(countTemporalCallErrors(deps.recurrences, metrics)));
      }
    },
    { prefix: '/v1' },
  );
  const rejections = deps.webhookRejectLimitPerMinute
    ? new RejectionLimiter(deps.webhookRejectLimitPerMinute)
    : undefined;
  app.register(
    webhookRoutes({ payments, webhooks: deps.webhooks, rejections, metrics: webhookMetrics(metrics) }),
  );
  app.register(healthRoutes(deps.readiness));
  app.register(metricsRoutes({ registry: metrics.registry, token: deps.metricsToken }));
  app.register(docsRoutes());
  if (deps.codec) app.register(codecRoutes(deps.codec), { prefix: '/codec' });
  return app;
}
