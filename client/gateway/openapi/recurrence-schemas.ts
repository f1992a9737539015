/**
 * What /v1/recurring answers, for the OpenAPI document only; held to the TypeScript types at compile
 * time like response-schemas.ts (same-type.ts), so a change to RecurrenceView breaks `tsc` until the
 * document says the same.
 */
import { z } from 'zod';
import { minorUnitsSchema } from '../../../domain/money-schema';
import { RECURRENCE_STATUSES } from '../../../domain/recurrence-types';
import type { RecurrenceView } from '../../../workflows/recurring-definitions';
import type { RecurrenceCreated } from '../../recurrences';
import type { PublicPaymentView } from '../public-view';
import { paymentSchema } from './response-schemas';
import { sameType } from './same-type';

const timestamp = z.iso.datetime().describe('ISO 8601 instant');
const recurrenceStatus = z.enum(RECURRENCE_STATUSES);

export const recurrenceSchema = z
  .object({
    recurrenceId: z.string(),
    provider: z.string(),
    scheduling: z
      .enum(['provider', 'orchestrator'])
      .describe('provider: the provider charges on its own schedule; orchestrator: we charge on a timer'),
    status: recurrenceStatus,
    amount: minorUnitsSchema.describe('Per charge, minor units of `currency`'),
    currency: z.string(),
    exponent: z.number().int().min(0),
    intervalMs: z.number().describe('Time between charges'),
    intervalDays: z.number().int(),
    paymentsNo: z.number().int().describe('Total payments including the first; 0 = until canceled'),
    firstChargeAt: timestamp.optional(),
    firstPaymentId: z.string().describe('Order id of the first payment (GET /v1/payments/{orderId})'),
    reason: z.string().optional(),
    attention: z
      .object({
        kind: z.enum(['missed_charge', 'unsettled_charge', 'unexpected_charge', 'provider_call']),
        reason: z.string(),
        number: z.number().int().optional(),
        expectedAt: timestamp.optional(),
      })
      .optional()
      .describe('What an operator should look at'),
    anchor: z.object({ number: z.number().int(), at: timestamp }).optional(),
    registrationReference: z.string().optional(),
    firstPayment: z
      .object({
        status: z.enum(['paid', 'declined']),
        providerReference: z.string().optional(),
        scheduled: z.boolean(),
      })
      .optional(),
    recordedThrough: z.number().int(),
    recordedAbove: z.array(z.number().int()),
    inFlight: z
      .object({
        number: z.number().int(),
        attempt: z.number().int(),
        orderId: z.string(),
        startedAt: timestamp,
      })
      .optional(),
    dunning: z
      .object({
        number: z.number().int(),
        attempt: z.number().int(),
        retryAt: timestamp,
        lastReason: z.string().optional(),
      })
      .optional(),
    dunningScheduleMs: z.array(z.number()),
    nextCharge: z
      .object({
        number: z.number().int(),
        expectedAt: timestamp,
        amount: minorUnitsSchema,
        kind: z.enum(['scheduled', 'retry']),
        attempt: z.number().int(),
      })
      .optional(),
    charges: z
      .array(
        z.object({
          number: z.number().int(),
          attempt: z.number().int(),
          orderId: z.string(),
          status: z.enum(['pending', 'paid', 'declined', 'needs_attention']),
          amount: minorUnitsSchema,
          at: timestamp,
          providerReference: z.string().optional(),
          reason: z.string().optional(),
        }),
      )
      .describe('The most recent charges, oldest first'),
    totals: z.object({ paid: z.number().int(), declined: z.number().int(), paidAmount: minorUnitsSchema }),
    timeline: z.array(z.object({ at: timestamp, status: recurrenceStatus, note: z.string() })),
    version: z.number().int(),
    run: z.number().int().describe('The workflow run answering (continue-as-new)'),
  })
  .describe('A recurrence (subscription): its schedule, charges and the next one expected');
sameType<z.output<typeof recurrenceSchema>, Omit<RecurrenceView, 'requestFingerprint'>>(true);

export const recurrenceCreatedSchema = z.object({
  recurrence: recurrenceSchema,
  firstPayment: paymentSchema,
});
sameType<
  z.output<typeof recurrenceCreatedSchema>,
  { recurrence: Omit<RecurrenceCreated['recurrence'], 'requestFingerprint'>; firstPayment: PublicPaymentView }
>(true);
