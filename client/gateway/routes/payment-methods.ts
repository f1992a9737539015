/**
 * GET /v1/payment-methods: the providers this deployment offers and what each can do: the step where
 * "the website asks for payment methods and shows them to the payer" (OpenTrade GetPaymentModes).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { PaymentsApi } from '../payments-api';

export function paymentMethodRoutes(payments: PaymentsApi): FastifyPluginAsync {
  return async (app) => {
    app.get('/payment-methods', async () => ({
      paymentMethods: payments.listProviders().map(({ name, displayName, paymentModeId, capabilities }) => ({
        name,
        displayName,
        paymentModeId: paymentModeId ?? name,
        capabilities,
      })),
    }));
  };
}
