/** `GET /v1/payment-methods` (client/gateway/routes/payment-methods.ts) for the document. */
import { paymentMethodsSchema } from '../response-schemas';
import type { ApiResource } from '../types';

export const paymentMethodsResource: ApiResource = {
  tag: { name: 'Payment methods', description: 'The providers this deployment offers, and what each can do' },
  requestSchemas: {},
  responseSchemas: { PaymentMethods: paymentMethodsSchema },
  operations: [
    {
      method: 'GET',
      route: '/v1/payment-methods',
      operationId: 'listPaymentMethods',
      summary: 'List payment methods',
      description: 'What a checkout shows the payer to choose from; `name` is the `provider` of a create.',
      success: { status: 200, description: 'The payment methods', content: { json: paymentMethodsSchema } },
      problems: [],
    },
  ],
};
