/**
 * The result the payment system posts to `resultUrl` (seed step 15: "It is necessary to pass the following
 * parameters to the notification address (resultUrl provided … in Step 7)" — the list itself is cut off in every
 * stored copy, GAP). Our definition, INFERRED and kept close to the seed's own names:
 *
 *   POST resultUrl, application/x-www-form-urlencoded, UTF-8
 *   orderID    our payment id (the OrderId we sent; the form's orderID)           required
 *   PaymentID  the payment system's id for the payment (the form's PaymentID)     required
 *   Amount     amount paid, major units, `.` or `,` as decimal separator          required
 *   Currency   ISO 4217 numeric, e.g. 643                                         required
 *   Status     `success` (paid) or `fail` (the payer was refused or gave up)      required
 *   Reason     a short text why a payment failed, shown to operators              optional
 *   UserID     the form's UserID, echoed                                         optional, not used
 *   plus the signature (result-signature.ts).
 *
 * The seed's step 15 speaks of "the completed payment", and the form carries a failUrl, so the payment system
 * knows both outcomes; reporting `fail` here is INFERRED. An unpaid form that simply lapses is not reported
 * (nothing in the sources suggests it), which is why the workflow must end a silent payment on its own.
 * Names are read case-insensitively, as in the form.
 */
import { z } from 'zod';
import type { ProviderStatus } from '../../domain/provider-events';
import { fromNumericCurrency, fromProtocolAmount, toNumericCurrency, toProtocolAmount } from './amounts';
import type { ResultParams } from './result-signature';

export const RESULT_FIELDS = {
  orderId: 'orderID',
  paymentId: 'PaymentID',
  amount: 'Amount',
  currency: 'Currency',
  status: 'Status',
  reason: 'Reason',
  userId: 'UserID',
} as const;

export const RESULT_STATUSES = ['success', 'fail'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

export interface PaymentResult {
  orderId: string;
  paymentId: string;
  /** Minor units of `currency`. */
  amount: number;
  /** ISO 4217 alpha-3. */
  currency: string;
  status: ResultStatus;
  reason?: string;
  userId?: string;
}

/** Control characters never reach operators' screens or logs. */
const printable = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !/\p{Cc}/u.test(s), 'must not contain control characters');

/** Keys are the lowercased field names: values are looked up case-insensitively. */
const resultFieldsSchema = z.object({
  orderid: printable(128).min(1),
  paymentid: printable(64).min(1),
  amount: z.string().regex(/^\d{1,15}([.,]\d{1,4})?$/, 'Amount must be decimal text'),
  currency: z.string().regex(/^\d{3}$/, 'Currency must be a 3-digit ISO 4217 numeric code'),
  status: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(RESULT_STATUSES)),
  reason: printable(256).optional(),
  userid: printable(64).optional(),
});

/** What the payment system posts, before signing (the sandbox's side). Amount is written with `.`. */
export function buildResultParams(result: PaymentResult): Array<[string, string]> {
  const f = RESULT_FIELDS;
  const params: Array<[string, string]> = [
    [f.orderId, result.orderId],
    [f.paymentId, result.paymentId],
    [f.amount, toProtocolAmount(result.amount, result.currency)],
    [f.currency, toNumericCurrency(result.currency)],
    [f.status, result.status],
  ];
  if (result.reason !== undefined) params.push([f.reason, result.reason]);
  if (result.userId !== undefined) params.push([f.userId, result.userId]);
  return params;
}

/**
 * Reads the signed fields (only those: see result-signature.ts). Throws ZodError for missing or malformed
 * fields and MoneyError for an amount or currency that does not work together.
 */
export function readResult(signed: ResultParams): PaymentResult {
  const byName: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of signed) byName[name.toLowerCase()] = value;
  const fields = resultFieldsSchema.parse({ ...byName });
  const currency = fromNumericCurrency(fields.currency);
  return {
    orderId: fields.orderid,
    paymentId: fields.paymentid,
    amount: fromProtocolAmount(fields.amount, currency, RESULT_FIELDS.amount),
    currency,
    status: fields.status,
    ...(fields.reason !== undefined ? { reason: fields.reason } : {}),
    ...(fields.userid !== undefined ? { userId: fields.userid } : {}),
  };
}

/**
 * The single status mapping of this provider. A custom payment system takes the money in one step, so a paid
 * result is a completed sale (authorized = captured = the amount paid); a failed one is a decline.
 */
export function toProviderStatus(result: PaymentResult): ProviderStatus {
  const common = { providerReference: result.paymentId, currency: result.currency };
  if (result.status === 'success') {
    return { ...common, state: 'captured', authorizedAmount: result.amount, capturedAmount: result.amount };
  }
  return {
    ...common,
    state: 'declined',
    declineCode: 'fail',
    ...(result.reason ? { declineReason: result.reason } : {}),
  };
}
