/** GET /v1/payment-methods: the providers this deployment offers and what each can do. */
import type { FastifyPluginAsync } from 'fastify';
import type { PaymentsApi } from '../payments-api';

export function paymentMethodRoutes(payments: PaymentsApi): FastifyPluginAsync {
  return async (app) => {
    app.get('/payment-methods', async () => ({
      paymentMethods: payments
        .listProviders()
        .map(({ name, displayName, capabilities }) => ({ name, displayName, capabilities })),
    }));
  };
}
