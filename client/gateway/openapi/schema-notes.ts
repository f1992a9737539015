/**
 * What the shared request schemas (client/api-schemas.ts, domain/money-schema.ts) cannot say in JSON
 * Schema by themselves: zod refinements are code (an amount "greater than 0", a currency "the ISO 4217
 * dataset knows"), and the schemas carry no descriptions because documentation is not their job.
 * Attached by schema identity while converting, so the shared schemas stay as they are.
 */
import type { z } from 'zod';
import { currencyCodeSchema } from '../../../domain/money-schema';
import { createPaymentSchema, orderIdSchema, refundSchema, resolveSchema } from '../../api-schemas';
import { paymentFilterSchema } from '../../payment-search';
import type { JsonSchema } from './types';

export const SCHEMA_NOTES: ReadonlyMap<z.ZodType, JsonSchema> = new Map<z.ZodType, JsonSchema>([
  [
    orderIdSchema,
    { description: "Your order id: the payment's key. A payment exists at most once per order id." },
  ],
  [
    // The same positive-amount schema serves create, capture and refund.
    createPaymentSchema.shape.amount,
    { minimum: 1, description: 'Integer minor units of the currency (USD: 23740 = 237.40)' },
  ],
  [
    currencyCodeSchema,
    { pattern: '^[A-Z]{3}$', description: 'ISO 4217 alpha-3 code of a currency with minor units, e.g. USD' },
  ],
  [createPaymentSchema.shape.provider, { description: 'A `name` from GET /v1/payment-methods' }],
  [
    createPaymentSchema.shape.captureMode,
    { description: 'two_stage authorizes only; capture or void later. one_stage takes the money at once.' },
  ],
  [refundSchema.shape.refundId, { description: 'Your id for this refund; repeating it never refunds twice' }],
  [paymentFilterSchema.shape.since, { description: 'Payments started at or after this instant' }],
  [paymentFilterSchema.shape.until, { description: 'Payments started before this instant' }],
  [paymentFilterSchema.shape.limit, { description: 'At most this many payments, newest first' }],
  [
    resolveSchema,
    {
      description:
        "Operator only: settles a payment in needs_attention with what the provider's books show. Amounts in minor units.",
    },
  ],
]);
