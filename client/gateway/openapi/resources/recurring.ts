/** `/v1/recurring...` (client/gateway/routes/recurring.ts) for the document. */
import { z } from 'zod';
import {
  cancelRecurrenceSchema,
  changeRecurrenceAmountSchema,
  createRecurrenceSchema,
  moveNextChargeSchema,
  recurrenceIdSchema,
} from '../../../recurrence-schemas';
import { recurrenceCreatedSchema, recurrenceSchema } from '../recurrence-schemas';
import type { ApiOperation, ApiResource } from '../types';

/**
 * The PATCH body as callers see it. The route reads both fields loosely and hands each to its own
 * command schema; this is the same pair of fields with those schemas' rules.
 */
const updateRecurrenceSchema = z
  .object({
    nextChargeAt: moveNextChargeSchema.shape.at
      .optional()
      .describe('Move the next charge to this instant (ISO 8601 with offset)'),
    amount: changeRecurrenceAmountSchema.shape.amount
      .optional()
      .describe('The amount of every later charge, minor units'),
  })
  .strict()
  .describe('At least one of the two; with both, the date moves first');

/** Problems of a command on an existing recurrence, besides those of its body. */
const COMMAND_PROBLEMS = [
  'not-found',
  'conflict',
  'provider-declined',
  'provider-unavailable',
  'unavailable',
] as const;
const recurrence = { json: recurrenceSchema };

const operations: ApiOperation[] = [
  {
    method: 'POST',
    route: '/v1/recurring',
    operationId: 'createRecurrence',
    summary: 'Create a recurrence (subscription)',
    description:
      'Creates the recurrence and its first payment, which the customer pays like any other (`redirect`). ' +
      'The recurrence id is the idempotency key: the same id with the same body returns the existing ' +
      'recurrence, with a different body it is a 409. Give `intervalDays` (or, in tests, `intervalMs`).',
    idempotencyKey: 'Optional; if sent, it must equal `recurrenceId`, the key of a create',
    body: { schema: createRecurrenceSchema, required: true },
    success: {
      status: 201,
      description: 'The recurrence and its first payment',
      content: { json: recurrenceCreatedSchema },
      headers: {
        Location: { description: 'The recurrence: /v1/recurring/{recurrenceId}', schema: { type: 'string' } },
      },
    },
    problems: ['conflict', 'provider-declined', 'provider-unavailable', 'unavailable'],
  },
  {
    method: 'GET',
    route: '/v1/recurring/:recurrenceId',
    operationId: 'getRecurrence',
    summary: 'Get a recurrence: its schedule, charges and the next one expected',
    success: { status: 200, description: 'The recurrence', content: recurrence },
    problems: ['validation', 'not-found', 'unavailable'],
  },
  {
    method: 'PATCH',
    route: '/v1/recurring/:recurrenceId',
    operationId: 'updateRecurrence',
    summary: 'Move the next charge, change the amount, or both',
    idempotencyKey: "Makes a retried call return the first call's result instead of running again",
    body: { schema: updateRecurrenceSchema, required: true },
    success: { status: 200, description: 'The recurrence after the change', content: recurrence },
    problems: COMMAND_PROBLEMS,
  },
  {
    method: 'DELETE',
    route: '/v1/recurring/:recurrenceId',
    operationId: 'cancelRecurrence',
    summary: 'Cancel a recurrence: no further charges',
    body: { schema: cancelRecurrenceSchema, required: false },
    success: { status: 200, description: 'The canceled recurrence', content: recurrence },
    problems: COMMAND_PROBLEMS,
  },
];

export const recurringResource: ApiResource = {
  tag: { name: 'Recurring', description: 'Subscriptions: a schedule of charges against one customer' },
  requestSchemas: {
    RecurrenceId: recurrenceIdSchema,
    CreateRecurrenceRequest: createRecurrenceSchema,
    UpdateRecurrenceRequest: updateRecurrenceSchema,
    CancelRecurrenceRequest: cancelRecurrenceSchema,
  },
  responseSchemas: { Recurrence: recurrenceSchema, RecurrenceCreated: recurrenceCreatedSchema },
  operations,
};
