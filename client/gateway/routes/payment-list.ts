/**
 * `GET /v1/payments?status=&provider=&since=&until=&limit=`: payments matching a filter, newest first,
 * from Temporal visibility (the search attributes every payment upserts). PaymentsClient validates the
 * query with paymentFilterSchema (client/payment-search.ts), so an unknown parameter or a bad value
 * is a 422 naming it, exactly as for a body field.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { PaymentsApi } from '../payments-api';
import { validatedByClient } from '../request-inputs';

export function paymentListRoutes(payments: Pick<PaymentsApi, 'listPayments'>): FastifyPluginAsync {
  return async (app) => {
    app.get('/payments', async (request) => ({
      payments: await payments.listPayments(validatedByClient(request.query)),
    }));
  };
}
