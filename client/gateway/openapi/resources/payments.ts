/** `/v1/payments...` (client/gateway/routes/payments.ts, payment-list.ts, pay-page.ts) for the document. */
import {
  cancelSchema,
  captureSchema,
  createPaymentSchema,
  orderIdSchema,
  refundSchema,
  resolveSchema,
} from '../../../api-schemas';
import { paymentFilterSchema } from '../../../payment-search';
import { voidBodySchema } from '../../routes/payments';
import { paymentListSchema, paymentSchema, paymentStatusSchema, redirectSchema } from '../response-schemas';
import type { ApiOperation, ApiResource } from '../types';

const payment = { json: paymentSchema };
const RETRIED_COMMAND = "Makes a retried call return the first call's result instead of running again";

/** Problems of a command on an existing payment, besides those of its body. */
const COMMAND_PROBLEMS = [
  'not-found',
  'conflict',
  'provider-declined',
  'provider-unavailable',
  'unavailable',
] as const;

const operations: ApiOperation[] = [
  {
    method: 'POST',
    route: '/v1/payments',
    operationId: 'createPayment',
    summary: 'Create a payment',
    description:
      'Starts the payment and answers with it, including the `redirect` for the payer, in one round trip. ' +
      'The order id is the idempotency key: the same order with the same body returns the existing payment ' +
      '(201 again), with a different body it is a 409. An order is never paid twice.',
    idempotencyKey: 'Optional; if sent, it must equal `orderId`, the key of a create',
    body: { schema: createPaymentSchema, required: true },
    success: {
      status: 201,
      description: 'The payment (new, or the existing one for the same request)',
      content: payment,
      headers: {
        Location: { description: 'The payment: /v1/payments/{orderId}', schema: { type: 'string' } },
      },
    },
    problems: ['conflict', 'provider-declined', 'provider-unavailable', 'unavailable'],
  },
  {
    method: 'GET',
    route: '/v1/payments',
    operationId: 'listPayments',
    summary: 'List payments',
    description:
      'Payments matching every filter given, newest first, from Temporal visibility. ' +
      'Just-changed payments may show their previous status for a moment. Unknown parameters are a 422.',
    query: paymentFilterSchema,
    success: { status: 200, description: 'The matching payments', content: { json: paymentListSchema } },
    problems: ['validation', 'unavailable'],
  },
  {
    method: 'GET',
    route: '/v1/payments/:orderId',
    operationId: 'getPayment',
    summary: 'Get a payment',
    success: { status: 200, description: 'The payment', content: payment },
    problems: ['validation', 'not-found', 'unavailable'],
  },
  {
    method: 'GET',
    route: '/v1/payments/:orderId/pay',
    operationId: 'payPage',
    summary: "Send the payer's browser to the provider",
    description:
      'An HTML page that forwards the browser to the payment page, whatever shape the redirect has ' +
      '(a link, or a form POST). Link the payer here instead of rendering the redirect yourself. ' +
      'A 422 when the payment no longer awaits the payer.',
    success: { status: 200, description: 'The forwarding page', content: { html: true } },
    problems: ['validation', 'not-found', 'unavailable'],
  },
  {
    method: 'POST',
    route: '/v1/payments/:orderId/capture',
    operationId: 'capturePayment',
    summary: 'Capture an authorized payment',
    description: 'All that is still authorized, or `amount` of it where the provider allows partial capture.',
    idempotencyKey: RETRIED_COMMAND,
    body: { schema: captureSchema, required: false },
    success: { status: 200, description: 'The payment after the capture', content: payment },
    problems: COMMAND_PROBLEMS,
  },
  {
    method: 'POST',
    route: '/v1/payments/:orderId/void',
    operationId: 'voidPayment',
    summary: 'Release an authorization without capturing',
    idempotencyKey: RETRIED_COMMAND,
    body: { schema: voidBodySchema, required: false },
    success: { status: 200, description: 'The payment after the void', content: payment },
    problems: COMMAND_PROBLEMS,
  },
  {
    method: 'POST',
    route: '/v1/payments/:orderId/refunds',
    operationId: 'refundPayment',
    summary: 'Refund all or part of what was captured',
    description: "`refundId` is the refund's key: repeating it never refunds twice.",
    idempotencyKey: 'May stand in for a missing `refundId`; must equal it when both are sent',
    body: { schema: refundSchema, required: false },
    success: { status: 200, description: 'The payment after the refund', content: payment },
    problems: COMMAND_PROBLEMS,
  },
  {
    method: 'POST',
    route: '/v1/payments/:orderId/cancel',
    operationId: 'cancelPayment',
    summary: 'Cancel a payment the payer has not completed',
    body: { schema: cancelSchema, required: false },
    success: { status: 200, description: 'The canceled payment', content: payment },
    problems: COMMAND_PROBLEMS,
  },
  {
    method: 'POST',
    route: '/v1/payments/:orderId/resolve',
    operationId: 'resolvePayment',
    summary: 'Operator: settle a payment that needs attention',
    description:
      "States what the provider's books show for a payment in `needs_attention`. Operators only: " +
      'like all of /v1 it has no authentication of its own, so keep the API port on a trusted network.',
    body: { schema: resolveSchema, required: true },
    success: { status: 200, description: 'The resolved payment', content: payment },
    problems: COMMAND_PROBLEMS,
  },
];

export const paymentsResource: ApiResource = {
  tag: { name: 'Payments', description: "One payment's life: create, pay, capture, void, refund, cancel" },
  requestSchemas: {
    OrderId: orderIdSchema,
    CreatePaymentRequest: createPaymentSchema,
    CaptureRequest: captureSchema,
    VoidRequest: voidBodySchema,
    RefundRequest: refundSchema,
    CancelRequest: cancelSchema,
    ResolveRequest: resolveSchema,
  },
  responseSchemas: {
    Payment: paymentSchema,
    PaymentStatus: paymentStatusSchema,
    Redirect: redirectSchema,
    PaymentList: paymentListSchema,
  },
  operations,
};
