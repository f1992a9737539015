/**
 * REST routes for one payment's life: create, read, capture, void, refund, cancel, and the operator's
 * resolve. Each is a thin skin over PaymentsClient, which validates the body with the same zod
 * schemas the TypeScript API uses, so both reject the same inputs with the same messages.
 *
 * Idempotency: the order id IS the idempotency key of a create (same order + same body returns the
 * existing payment; a different body is a 409). For capture and void an `Idempotency-Key` header makes
 * a retried call return the first result; for refunds the `refundId` is the key, and the header may
 * stand in for it.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { refundSchema } from '../../api-schemas';
import { parseOrThrow } from '../../validation';
import type { PaymentsApi } from '../payments-api';
import { publicView } from '../public-view';
import {
  bodyOrEmpty,
  idempotencyKeyFrom,
  invalidKey,
  isRecord,
  orderIdFrom,
  validatedByClient,
} from '../request-inputs';

/** Void takes no options; a body with fields is refused rather than silently ignored. */
export const voidBodySchema = z.object({}).strict();

export function paymentRoutes(payments: PaymentsApi): FastifyPluginAsync {
  return async (app) => {
    app.post('/payments', async (request, reply) => {
      const key = idempotencyKeyFrom(request.headers);
      const body = request.body;
      if (key !== undefined && isRecord(body) && typeof body.orderId === 'string' && key !== body.orderId) {
        throw invalidKey('must equal orderId or be omitted: the order id is the idempotency key of a create');
      }
      const view = await payments.createPayment(validatedByClient(body));
      // Always 201: PaymentsClient does not say whether it created the payment or returned an existing one.
      return reply
        .code(201)
        .header('location', `${app.prefix}/payments/${encodeURIComponent(view.paymentId)}`)
        .send(publicView(view));
    });

    app.get('/payments/:orderId', async (request) => {
      return publicView(await payments.getPayment(orderIdFrom(request.params)));
    });

    app.post('/payments/:orderId/capture', async (request) => {
      const orderId = orderIdFrom(request.params);
      const key = idempotencyKeyFrom(request.headers);
      return publicView(await payments.capture(orderId, validatedByClient(bodyOrEmpty(request.body)), key));
    });

    app.post('/payments/:orderId/void', async (request) => {
      const orderId = orderIdFrom(request.params);
      const key = idempotencyKeyFrom(request.headers);
      parseOrThrow(voidBodySchema, bodyOrEmpty(request.body));
      return publicView(await payments.void(orderId, key));
    });

    app.post('/payments/:orderId/refunds', async (request) => {
      const orderId = orderIdFrom(request.params);
      const input = refundInput(bodyOrEmpty(request.body), idempotencyKeyFrom(request.headers));
      return publicView(await payments.refund(orderId, validatedByClient(input)));
    });

    app.post('/payments/:orderId/cancel', async (request) => {
      const orderId = orderIdFrom(request.params);
      return publicView(await payments.cancel(orderId, validatedByClient(bodyOrEmpty(request.body))));
    });

    // Operator only: settles a payment in needs_attention. Like all of /v1 it has no authentication of its
    // own yet, so the gateway's REST port must only be reachable from trusted services.
    app.post('/payments/:orderId/resolve', async (request) => {
      const orderId = orderIdFrom(request.params);
      return publicView(await payments.resolve(orderId, request.body));
    });
  };
}

/** The refund's id is its idempotency key: taken from the body, or from the header when the body has none. */
function refundInput(body: unknown, key: string | undefined): unknown {
  if (key === undefined || !isRecord(body)) return body;
  if (body.refundId === undefined) {
    const asRefundId = refundSchema.shape.refundId.safeParse(key);
    if (!asRefundId.success) {
      throw invalidKey(`used as refundId, it ${asRefundId.error.issues[0]?.message ?? 'is not valid'}`);
    }
    return { ...body, refundId: key };
  }
  if (body.refundId !== key)
    throw invalidKey("must equal refundId or be omitted: refundId is the refund's key");
  return body;
}
