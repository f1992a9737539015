/**
 * POST /webhooks/:provider: provider notifications. This scope parses no body: every media type
 * (form, JSON, XML, text, none) arrives as the exact bytes sent, because signatures are computed over
 * those bytes and any re-serialisation would break them. The server-wide body limit applies.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { WebhookHandler } from '../../../providers/contract';
import type { PaymentsApi } from '../payments-api';
import { ProblemError } from '../problem';
import { receiveNotification } from '../webhook-delivery';
import { toWebhookRequest } from '../webhook-request';

export interface WebhookRouteDeps {
  payments: Pick<PaymentsApi, 'deliverNotification'>;
  webhooks: ReadonlyMap<string, WebhookHandler>;
}

interface WebhookRoute {
  Params: { provider: string };
}

export function webhookRoutes({ payments, webhooks }: WebhookRouteDeps): FastifyPluginAsync {
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
        // Checked before the body is read: an unknown provider costs no body parsing.
        onRequest: async (request) => {
          handlerFor(request.params.provider);
        },
      },
      async (request, reply) => {
        const { provider } = request.params;
        const context = { provider, handler: handlerFor(provider), payments, log: request.log };
        const answer = await receiveNotification(context, toWebhookRequest(request));
        return reply.code(answer.status).type(answer.contentType).send(answer.body);
      },
    );
  };
}
