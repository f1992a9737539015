/**
 * Input schemas for payment commands, shared by the REST API and PaymentsClient so that both reject
 * the same things with the same messages. Amounts are integer minor units of the payment's currency.
 */
import { z } from 'zod';
import { currencyCodeSchema, minorUnitsSchema } from '../domain/money-schema';

/** Merchant order ids become workflow ids and provider order numbers: keep them plain and short. */
export const orderIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 characters: letters, digits, ".", "_" or "-"');

const positiveAmount = minorUnitsSchema.refine((v) => v > 0, 'must be greater than 0');

export const customerSchema = z
  .object({
    id: z.string().min(1).max(64).optional(),
    email: z.email().max(128).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9 ()-]{5,20}$/, 'must be a phone number')
      .optional(),
    ipAddress: z.union([z.ipv4(), z.ipv6()]).optional(),
    firstName: z.string().min(1).max(70).optional(),
    lastName: z.string().min(1).max(70).optional(),
  })
  .strict();

export const createPaymentSchema = z
  .object({
    orderId: orderIdSchema,
    provider: z.string().min(1),
    amount: positiveAmount,
    currency: currencyCodeSchema,
    captureMode: z.enum(['one_stage', 'two_stage']).default('one_stage'),
    description: z.string().min(1).max(255).optional(),
    customer: customerSchema.optional(),
    language: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'must be a two-letter language code')
      .optional(),
    returnUrls: z.object({ success: z.url(), failure: z.url() }).strict(),
  })
  .strict();
export type CreatePaymentInput = z.input<typeof createPaymentSchema>;
export type CreatePaymentCommand = z.output<typeof createPaymentSchema>;

export const captureSchema = z.object({ amount: positiveAmount.optional() }).strict();
export const refundSchema = z
  .object({
    amount: positiveAmount.optional(),
    /** Your id for this refund; repeating it never refunds twice. 1–64 of [A-Za-z0-9_-]. */
    refundId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 characters: letters, digits, "_" or "-"'),
  })
  .strict();
export const cancelSchema = z.object({ reason: z.string().min(1).max(255).optional() }).strict();
export const resolveSchema = z
  .object({
    status: z.enum([
      'authorized',
      'captured',
      'partially_captured',
      'declined',
      'expired',
      'voided',
      'refunded',
      'partially_refunded',
    ]),
    authorizedAmount: minorUnitsSchema,
    capturedAmount: minorUnitsSchema,
    refundedAmount: minorUnitsSchema,
    note: z.string().min(1).max(500),
  })
  .strict();
