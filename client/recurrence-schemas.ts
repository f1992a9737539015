/**
 * Input schemas for recurrences, shared by the REST API and PaymentsClient (like api-schemas.ts for
 * payments). Amounts are integer minor units; dates are ISO 8601 with an offset.
 */
import { z } from 'zod';
import { currencyCodeSchema, minorUnitsSchema } from '../domain/money-schema';
import { MAX_RECURRENCE_ID_LENGTH } from '../domain/recurrence-ids';
import { customerSchema } from './api-schemas';

/**
 * The merchant's id for the recurrence. Like an order id but shorter, because the charges' order ids are
 * derived from it (`<id>-<n>`, `<id>-<n>-r<k>`; domain/recurrence-ids.ts).
 */
export const recurrenceIdSchema = z
  .string()
  .regex(
    new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${MAX_RECURRENCE_ID_LENGTH - 1}}$`),
    `must be 1–${MAX_RECURRENCE_ID_LENGTH} characters: letters, digits, ".", "_" or "-"`,
  );

const positiveAmount = minorUnitsSchema.refine((v) => v > 0, 'must be greater than 0');
const isoDateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with an offset' });

export const createRecurrenceSchema = z
  .object({
    recurrenceId: recurrenceIdSchema,
    provider: z.string().min(1),
    /** Per charge, including the first payment. */
    amount: positiveAmount,
    currency: currencyCodeSchema,
    /** Whole days between charges, as the provider is told (mobilPay interval_day). */
    intervalDays: z.number().int('must be a whole number of days').min(1).max(9999).optional(),
    /**
     * For tests and demos only: the interval in milliseconds. Provider-scheduled sandboxes must tick at the
     * same pace (their "day"); the provider is still told `intervalDays` (default 1).
     */
    intervalMs: z.number().int().min(10).max(Number.MAX_SAFE_INTEGER).optional(),
    /** Total number of payments including the first; 0 = until canceled. */
    paymentsNo: z
      .number()
      .int()
      .min(0)
      .max(999_999)
      .refine((n) => n !== 1, 'must be 0 (until canceled) or at least 2: one payment is not a recurrence'),
    /** When the second charge happens; default one interval after the first payment. */
    firstChargeAt: isoDateTime.optional(),
    description: z.string().min(1).max(255).optional(),
    customer: customerSchema.optional(),
    language: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'must be a two-letter language code')
      .optional(),
    returnUrls: z.object({ success: z.url(), failure: z.url() }).strict(),
  })
  .strict()
  .refine((r) => r.intervalDays !== undefined || r.intervalMs !== undefined, {
    message: 'give intervalDays (or, for tests, intervalMs)',
    path: ['intervalDays'],
  });
export type CreateRecurrenceInput = z.input<typeof createRecurrenceSchema>;
export type CreateRecurrenceCommand = z.output<typeof createRecurrenceSchema>;

export const moveNextChargeSchema = z.object({ at: isoDateTime }).strict();
export const changeRecurrenceAmountSchema = z.object({ amount: positiveAmount }).strict();
export const cancelRecurrenceSchema = z.object({ reason: z.string().min(1).max(255).optional() }).strict();
