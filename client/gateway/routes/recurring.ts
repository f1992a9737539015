/**
 * REST routes for recurrences (subscriptions): create, read, move the next charge and change the amount
 * (PATCH), cancel (DELETE). A thin skin over PaymentsClient, which validates with the same zod schemas
 * the TypeScript API uses.
 *
 * Idempotency: the recurrence id IS the key of a create (same id + same body returns the existing
 * recurrence and its first payment; a different body is a 409). For PATCH an `Idempotency-Key` header
 * makes a retried call return the first result.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { PaymentsClient } from '../../payments-client';
import {
  changeRecurrenceAmountSchema,
  moveNextChargeSchema,
  recurrenceIdSchema,
} from '../../recurrence-schemas';
import { parseOrThrow } from '../../validation';
import type { RecurrenceView } from '../../../workflows/recurring-definitions';
import { publicView } from '../public-view';
import { bodyOrEmpty, idempotencyKeyFrom, invalidKey, isRecord, validatedByClient } from '../request-inputs';

/** What the routes need from PaymentsClient (tests may hand in a fake). */
export type RecurrencesApi = Pick<
  PaymentsClient,
  'createRecurrence' | 'getRecurrence' | 'moveNextCharge' | 'changeRecurrenceAmount' | 'cancelRecurrence'
>;

const recurrenceParams = z.object({ recurrenceId: recurrenceIdSchema });

/** PATCH changes the next charge's date, the amount of the next charges, or both (date first). */
export const patchRecurrenceSchema = z
  .object({
    nextChargeAt: moveNextChargeSchema.shape.at.optional(),
    amount: changeRecurrenceAmountSchema.shape.amount.optional(),
  })
  .strict()
  .refine((body) => body.nextChargeAt !== undefined || body.amount !== undefined, {
    message: 'give nextChargeAt, amount, or both',
    path: ['(body)'],
  });

/** The recurrence as the REST API shows it: without the internal request fingerprint. */
export function publicRecurrence(view: RecurrenceView): Omit<RecurrenceView, 'requestFingerprint'> {
  const { requestFingerprint: _internal, ...visible } = view;
  return visible;
}

export function recurringRoutes(recurrences: RecurrencesApi): FastifyPluginAsync {
  return async (app) => {
    const idFrom = (params: unknown) => parseOrThrow(recurrenceParams, params).recurrenceId;

    app.post('/recurring', async (request, reply) => {
      const key = idempotencyKeyFrom(request.headers);
      const body = request.body;
      if (
        key !== undefined &&
        isRecord(body) &&
        typeof body.recurrenceId === 'string' &&
        key !== body.recurrenceId
      ) {
        throw invalidKey(
          'must equal recurrenceId or be omitted: the recurrence id is the idempotency key of a create',
        );
      }
      const created = await recurrences.createRecurrence(validatedByClient(body));
      return reply
        .code(201)
        .header('location', `${app.prefix}/recurring/${encodeURIComponent(created.recurrence.recurrenceId)}`)
        .send({
          recurrence: publicRecurrence(created.recurrence),
          firstPayment: publicView(created.firstPayment),
        });
    });

    app.get('/recurring/:recurrenceId', async (request) => {
      return publicRecurrence(await recurrences.getRecurrence(idFrom(request.params)));
    });

    app.patch('/recurring/:recurrenceId', async (request) => {
      const recurrenceId = idFrom(request.params);
      const key = idempotencyKeyFrom(request.headers);
      const body = parseOrThrow(patchRecurrenceSchema, bodyOrEmpty(request.body));
      let view: RecurrenceView | undefined;
      if (body.nextChargeAt !== undefined) {
        view = await recurrences.moveNextCharge(recurrenceId, { at: body.nextChargeAt }, key);
      }
      if (body.amount !== undefined) {
        view = await recurrences.changeRecurrenceAmount(recurrenceId, { amount: body.amount }, key);
      }
      return publicRecurrence(view as RecurrenceView);
    });

    app.delete('/recurring/:recurrenceId', async (request) => {
      const recurrenceId = idFrom(request.params);
      return publicRecurrence(
        await recurrences.cancelRecurrence(recurrenceId, validatedByClient(bodyOrEmpty(request.body))),
      );
    });
  };
}
