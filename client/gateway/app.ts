/**
 * The HTTP gateway: the REST API under /v1, provider webhooks, health probes and, when configured,
 * the codec endpoint for the Temporal UI under /codec, as one Fastify instance. Everything it talks
 * to comes in through `deps`, so tests build it with fakes and main.ts with the real PaymentsClient
 * and provider handlers.
 */
import fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { WebhookHandler } from '../../providers/contract';
import { installErrorHandling, renderError } from './error-handler';
import { acceptJsonBodiesOnly } from './json-body';
import type { PaymentsApi } from './payments-api';
import { requestIdFor, REQUEST_ID_HEADER } from './request-id';
import { GatewayLogController } from './request-log';
import { codecRoutes, type CodecEndpoint } from './routes/codec';
import { healthRoutes } from './routes/health';
import { paymentMethodRoutes } from './routes/payment-methods';
import { paymentRoutes } from './routes/payments';
import { payPageRoutes } from './routes/pay-page';
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

  app.register(
    async (v1) => {
      acceptJsonBodiesOnly(v1);
      await v1.register(paymentRoutes(deps.payments));
      await v1.register(paymentMethodRoutes(deps.payments));
      await v1.register(payPageRoutes(deps.payments));
    },
    { prefix: '/v1' },
  );
  app.register(webhookRoutes({ payments: deps.payments, webhooks: deps.webhooks }));
  app.register(healthRoutes(deps.readiness));
  if (deps.codec) app.register(codecRoutes(deps.codec), { prefix: '/codec' });
  return app;
}
