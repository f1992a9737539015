/**
 * POST /webhooks/:provider: provider notifications. This scope parses no body: every media type
 * (form, JSON, XML, text, none) arrives as the exact bytes sent, because signatures are computed over
 * those bytes and any re-serialisation would break them. The server-wide body limit applies, and a
 * source whose notifications keep failing verification is answered 429 (rejection-limiter.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { WebhookHandler, WebhookOutcome } from '../../../providers/contract';
import type { WebhookMetrics } from '../metrics/webhook-metrics';
import type { PaymentsApi } from '../payments-api';
import { ProblemError } from '../problem';
import type { RejectionLimiter } from '../rejection-limiter';
import { receiveNotification } from '../webhook-delivery';
import { toWebhookRequest } from '../webhook-request';

export interface WebhookRouteDeps {
  payments: Pick<PaymentsApi, 'deliverNotification'>;
  webhooks: ReadonlyMap<string, WebhookHandler>;
  metrics: WebhookMetrics;
  /** Limits unverified notifications per source address; absent: no limit. */
  rejections?: RejectionLimiter;
}

interface WebhookRoute {
  Params: { provider: string };
}

export function webhookRoutes({
  payments,
  webhooks,
  metrics,
  rejections,
}: WebhookRouteDeps): FastifyPluginAsync {
  const handlerFor = (provider: string): WebhookHandler => {
    const handler = webhooks.get(provider);
    if (!handler) throw new ProblemError('not-found', 'no webhook endpoint for this provider');
    return handler;
  };

  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    app.post<WebhookRoute>(
      '/webhooks/:provider',
      {
        // Checked before the body is read: an unknown provider or a limited source costs no parsing.
        onRequest: async (request, reply) => {
          handlerFor(request.params.provider);
          if (rejections?.isLimited(request.ip)) {
            reply.header('retry-after', String(rejections.retryAfterSeconds(request.ip)));
            throw new ProblemError(
              'too-many-requests',
              'too many notifications from this address failed verification; retry later',
            );
          }
        },
      },
      async (request, reply) => {
        const { provider } = request.params;
        const handler = rejections
          ? chargingRejections(handlerFor(provider), () => rejections.recordRejection(request.ip))
          : handlerFor(provider);
        const context = { provider, handler, payments, log: request.log, metrics };
        const answer = await receiveNotification(context, toWebhookRequest(request));
        return reply.code(answer.status).type(answer.contentType).send(answer.body);
      },
    );
  };
}

/** The provider's handler, charging the sender for every notification it rejects or cannot process. */
function chargingRejections(handler: WebhookHandler, charge: () => void): WebhookHandler {
  return {
    async handle(request) {
      let outcome: WebhookOutcome;
      try {
        outcome = await handler.handle(request);
      } catch (err) {
        charge();
        throw err;
      }
      if (outcome.kind === 'rejected') charge();
      return outcome;
    },
    unknownPaymentReply: (paymentId) => handler.unknownPaymentReply(paymentId),
    temporaryFailureReply: () => handler.temporaryFailureReply(),
  };
}
