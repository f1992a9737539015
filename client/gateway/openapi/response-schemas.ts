/**
 * zod schemas of what the REST API answers, for the OpenAPI document only: the gateway sends the
 * TypeScript values as they are and never parses its own answers. Their accuracy is checked at
 * compile time: each schema's output type must be *identical* to the TypeScript type it describes
 * (same-type.ts), so a field added to, removed from or retyped in PaymentView, PaymentSummary or
 * ProviderCapabilities breaks `tsc` until the document says the same.
 */
import { z } from 'zod';
import type { ProviderCapabilities } from '../../../domain/capabilities';
import { minorUnitsSchema } from '../../../domain/money-schema';
import { PAYMENT_STATUSES } from '../../../domain/payment-types';
import type { PaymentSummary } from '../../payment-search';
import type { PublicPaymentView } from '../public-view';
import { sameType } from './same-type';

const timestamp = z.iso.datetime().describe('ISO 8601 instant (UTC)');
const captureMode = z.enum(['one_stage', 'two_stage']);

export const paymentStatusSchema = z
  .enum(PAYMENT_STATUSES)
  .describe('Where the payment stands; amounts travel beside it (README "Payment statuses")');

export const redirectSchema = z
  .object({
    method: z.enum(['GET', 'POST']),
    url: z.string(),
    fields: z
      .record(z.string(), z.string())
      .describe('Form fields to POST to `url`; empty for GET, whose parameters are already in `url`'),
  })
  .describe("Where to send the payer's browser; `GET /v1/payments/{orderId}/pay` does it for you");

const operationSchema = z.object({
  id: z.string().describe('Stable id; also the idempotency key suffix sent to the provider'),
  kind: z.enum(['create', 'authorize', 'capture', 'void', 'refund', 'status_check']),
  status: z.enum(['pending', 'succeeded', 'failed', 'unknown']),
  amount: minorUnitsSchema.optional(),
  providerReference: z.string().optional(),
  error: z.string().optional(),
  at: timestamp,
});

const timelineEntrySchema = z.object({ at: timestamp, status: paymentStatusSchema, note: z.string() });

const merchantEventSchema = z.object({
  id: z.string().describe('Unique per payment change; receivers deduplicate on it'),
  type: z.templateLiteral(['payment.', paymentStatusSchema]),
  createdAt: timestamp,
  data: z.object({
    orderId: z.string(),
    provider: z.string(),
    status: paymentStatusSchema,
    amount: minorUnitsSchema,
    currency: z.string(),
    authorizedAmount: minorUnitsSchema,
    capturedAmount: minorUnitsSchema,
    refundedAmount: minorUnitsSchema,
    version: z.number().int(),
    providerReference: z.string().optional(),
    reason: z.string().optional(),
  }),
});

export const paymentSchema = z
  .object({
    paymentId: z.string().describe('The merchant order id'),
    provider: z.string(),
    captureMode,
    status: paymentStatusSchema,
    amount: minorUnitsSchema.describe('Requested amount in minor units of `currency`'),
    currency: z.string().describe('ISO 4217 alpha-3'),
    exponent: z
      .number()
      .int()
      .min(0)
      .describe('Minor-unit exponent of `currency` (2 for USD: 23740 = 237.40)'),
    authorizedAmount: minorUnitsSchema,
    capturedAmount: minorUnitsSchema,
    refundedAmount: minorUnitsSchema,
    captureClosed: z.boolean().describe('No further capture is possible'),
    providerReference: z.string().optional().describe("The provider's id for the payment"),
    reason: z.string().optional().describe('Why it is declined, failed or needs attention'),
    operations: z.array(operationSchema),
    timeline: z.array(timelineEntrySchema),
    version: z.number().int().describe('Increases with every change'),
    redirect: redirectSchema.optional(),
    notifications: z
      .array(
        z.object({
          event: merchantEventSchema,
          delivery: z.enum(['pending', 'delivered', 'failed']),
          error: z.string().optional(),
        }),
      )
      .describe("Events sent (or being sent) to the merchant's backend"),
  })
  .describe('A payment, as every payment operation answers');
sameType<z.output<typeof paymentSchema>, PublicPaymentView>(true);

export const paymentListSchema = z.object({
  payments: z.array(
    z.object({
      orderId: z.string(),
      status: z
        .string()
        .describe('A payment status; `unknown` while the search attributes are not yet written'),
      provider: z.string(),
      amount: z.number().describe('Minor units of `currency`'),
      currency: z.string(),
      startedAt: timestamp,
      closedAt: timestamp.optional(),
      open: z.boolean().describe('Whether the payment is still open for commands'),
    }),
  ),
});
sameType<z.output<typeof paymentListSchema>['payments'][number], PaymentSummary>(true);

const capabilitiesSchema = z.object({
  captureModes: z.array(captureMode).readonly(),
  partialCapture: z.boolean(),
  multipleCaptures: z.boolean(),
  void: z.boolean(),
  refunds: z.enum(['none', 'full_only', 'partial']),
  multipleRefunds: z.boolean(),
  statusApi: z.boolean(),
  statusShowsRefunds: z.boolean().optional(),
  currencies: z.array(z.string()).readonly().optional(),
  amountLimits: z
    .record(z.string(), z.object({ min: z.number(), max: z.number() }))
    .readonly()
    .optional()
    .describe('Per currency, inclusive, in minor units'),
  recurring: z.enum(['none', 'provider_scheduled', 'merchant_initiated']),
});
sameType<z.output<typeof capabilitiesSchema>, ProviderCapabilities>(true);

export const paymentMethodsSchema = z.object({
  paymentMethods: z.array(
    z.object({
      name: z.string().describe('The `provider` of a create request'),
      displayName: z.string(),
      paymentModeId: z.string(),
      capabilities: capabilitiesSchema,
    }),
  ),
});
