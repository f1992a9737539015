/**
 * ECommPay Gate and Payment Page wire formats, pure: zod schemas of every message and the functions that build
 * them. Both sides use this file: the adapter (our side) and the sandbox (ECommPay's side), so they cannot drift
 * apart. Callbacks have their own file, callback.ts.
 *
 * Sources: shared/providers/ecommpay-assist.md §1 and seed 002. VERIFIED marks what was read there; INFERRED
 * marks our own choice where the sources are silent.
 */
import { z } from 'zod';
import { sign } from './signature';
import type { SignableValue } from './signature';

/** Gate paths (VERIFIED pattern `/v2/payment/{method}/{operation}`; card-partner sale/refund INFERRED, §1.2). */
export const GATE_PATHS = {
  sale: (method: string) => `/v2/payment/${method}/sale`,
  refund: (method: string) => `/v2/payment/${method}/refund`,
  status: '/v2/payment/status',
} as const;

/** Payment Page: `{host}/payment?{query}&signature=...` (VERIFIED in the SDKs, §1.10). */
export const PAYMENT_PAGE_PATH = '/payment';

/** card-partner takes these currencies only (VERIFIED §1.9). */
export const CURRENCIES = ['KES', 'USD'] as const;

/** Per-payment limits in minor units (VERIFIED in major units, §1.9; both currencies have exponent 2). */
export const AMOUNT_LIMITS = {
  KES: { min: 1_000, max: 20_000_000 },
  USD: { min: 100, max: 300_000 },
} as const;

/**
 * Error `code`s of the two refusals the adapter must recognise. The real values are a GAP (§3.3): these are the
 * sandbox's, and the defaults of the configurable `duplicateRequestCodes` / `paymentNotFoundCodes`.
 */
export const DEFAULT_ERROR_CODES = { duplicateRequest: '3102', paymentNotFound: '3061' } as const;

// ---------------------------------------------------------------------------------------------------------
// Field rules shared by several messages

export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'currency must be ISO 4217 alpha-3');
/** Minor units; some callback formats carry them as digit strings (PHP SDK fixture), so both are read. */
export const minorAmountSchema = z.union([
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  z
    .string()
    .regex(/^\d{1,15}$/, 'amount must be digits')
    .transform(Number),
]);
/** payment_id: "unique within the project" (VERIFIED); the length limit is INFERRED. */
export const paymentIdSchema = z.string().min(1).max(255);
const projectIdSchema = z.number().int().positive();
const signatureSchema = z.string().min(1).max(200);
const httpUrlSchema = z.url({ protocol: /^https?$/ }).max(2048);
/** Codes come as numbers or text ("0", 20000); we keep them as text. */
export const codeSchema = z.union([z.string().max(64), z.number().int()]).transform(String);

// ---------------------------------------------------------------------------------------------------------
// Gate requests (VERIFIED shape §1.3 and seed 002; the signature goes into general.signature)

const generalSchema = z.object({
  project_id: projectIdSchema,
  payment_id: paymentIdSchema,
  merchant_callback_url: httpUrlSchema.optional(),
  signature: signatureSchema,
});

export const saleRequestSchema = z.object({
  general: generalSchema,
  customer: z.object({
    id: z.string().min(1).max(255),
    ip_address: z.union([z.ipv4(), z.ipv6()]),
    phone: z.string().max(32).optional(),
    email: z.string().max(255).optional(),
    first_name: z.string().max(255).optional(),
    last_name: z.string().max(255).optional(),
  }),
  payment: z.object({
    amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    currency: currencySchema,
    description: z.string().max(255).optional(),
  }),
  return_url: z.object({ success: httpUrlSchema, decline: httpUrlSchema }).partial().optional(),
});
export type SaleRequest = z.infer<typeof saleRequestSchema>;

export const refundRequestSchema = z.object({
  general: generalSchema,
  payment: z
    .object({
      // The seed's example refund carries no payment object at all: a full refund needs no amount.
      amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
      currency: currencySchema.optional(),
      merchant_refund_id: z.string().min(1).max(255).optional(),
      description: z.string().max(255).optional(),
    })
    .optional(),
});
export type RefundRequest = z.infer<typeof refundRequestSchema>;

export const statusRequestSchema = z.object({ general: generalSchema });
export type StatusRequest = z.infer<typeof statusRequestSchema>;

/** A Gate body without its signature, in the shape it is signed. */
type Unsigned<T extends { general: { signature: string } }> = Omit<T, 'general'> & {
  general: Omit<T['general'], 'signature'>;
};

/** Signs a Gate body: the signature covers everything else and goes into `general.signature` (VERIFIED). */
export function signGateRequest<T extends { general: { signature: string } }>(
  body: Unsigned<T>,
  secretKey: string,
): T {
  const signature = sign(body as unknown as { [key: string]: SignableValue }, secretKey);
  return { ...body, general: { ...body.general, signature } } as unknown as T;
}

/** The body a Gate signature is checked against: the request without `general.signature`. */
export function withoutGateSignature<T extends { general: { signature: string } }>(body: T): Unsigned<T> {
  const { signature: _signature, ...general } = body.general;
  return { ...body, general } as Unsigned<T>;
}

export interface SaleInput {
  projectId: number;
  paymentId: string;
  amount: number;
  currency: string;
  customerId: string;
  ipAddress: string;
  phone?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  description?: string;
  callbackUrl?: string;
  returnUrls?: { success: string; decline: string };
}

export function buildSaleRequest(input: SaleInput, secretKey: string): SaleRequest {
  const unsigned: Unsigned<SaleRequest> = {
    general: {
      project_id: input.projectId,
      payment_id: input.paymentId,
      ...(input.callbackUrl ? { merchant_callback_url: input.callbackUrl } : {}),
    },
    customer: {
      id: input.customerId,
      ip_address: input.ipAddress,
      ...(input.phone ? { phone: input.phone } : {}),
      ...(input.email ? { email: input.email } : {}),
      ...(input.firstName ? { first_name: input.firstName } : {}),
      ...(input.lastName ? { last_name: input.lastName } : {}),
    },
    payment: {
      amount: input.amount,
      currency: input.currency,
      ...(input.description ? { description: input.description } : {}),
    },
    ...(input.returnUrls ? { return_url: input.returnUrls } : {}),
  };
  return saleRequestSchema.parse(signGateRequest<SaleRequest>(unsigned, secretKey));
}

export interface RefundInput {
  projectId: number;
  paymentId: string;
  amount: number;
  currency: string;
  merchantRefundId: string;
  description?: string;
}

/** Amount and currency are stated even for a full refund, as the WooCommerce plugin does (VERIFIED). */
export function buildRefundRequest(input: RefundInput, secretKey: string): RefundRequest {
  const unsigned: Unsigned<RefundRequest> = {
    general: { project_id: input.projectId, payment_id: input.paymentId },
    payment: {
      amount: input.amount,
      currency: input.currency,
      merchant_refund_id: input.merchantRefundId,
      ...(input.description ? { description: input.description } : {}),
    },
  };
  return refundRequestSchema.parse(signGateRequest<RefundRequest>(unsigned, secretKey));
}

export function buildStatusRequest(projectId: number, paymentId: string, secretKey: string): StatusRequest {
  return statusRequestSchema.parse(
    signGateRequest<StatusRequest>({ general: { project_id: projectId, payment_id: paymentId } }, secretKey),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Gate answers

/**
 * The synchronous answer to sale and refund (VERIFIED fields, §1.4). `status: "success"` means "accepted for
 * processing", never "paid": the outcome comes by callback. Error answers use the same fields with
 * `status: "error"` (INFERRED: the exact error body is a GAP, §3.3).
 */
export const gateAnswerSchema = z.looseObject({
  status: z.string().min(1).max(64),
  project_id: z.number().int().optional(),
  payment_id: z.string().optional(),
  request_id: z.string().max(255).optional(),
  code: codeSchema.optional(),
  message: z.string().max(1024).optional(),
});
export type GateAnswer = z.infer<typeof gateAnswerSchema>;

export const sumSchema = z.looseObject({ amount: minorAmountSchema, currency: currencySchema });

export const operationSchema = z.looseObject({
  id: z.union([z.number().int().nonnegative(), z.string().min(1).max(64)]).transform(String),
  type: z.string().min(1).max(64),
  status: z.string().min(1).max(64),
  date: z.string().max(64).optional(),
  created_date: z.string().max(64).optional(),
  request_id: z.string().max(255).optional(),
  sum_initial: sumSchema.optional(),
  sum_converted: sumSchema.optional(),
  code: codeSchema.optional(),
  message: z.string().max(1024).optional(),
});
export type Operation = z.infer<typeof operationSchema>;

export const paymentInfoSchema = z.looseObject({
  id: paymentIdSchema,
  type: z.string().max(64).optional(),
  status: z.string().min(1).max(64),
  date: z.string().max(64).optional(),
  method: z.string().max(128).optional(),
  sum: sumSchema.optional(),
  description: z.string().max(1024).optional(),
  merchant_refund_id: z.string().max(255).optional(),
});
export type PaymentInfo = z.infer<typeof paymentInfoSchema>;

/**
 * The status answer (VERIFIED field names from the WooCommerce model, §1.4): the payment, its operations, and
 * errors. Whether it is signed is a GAP; the sandbox signs it at top level, like a callback.
 */
export const statusAnswerSchema = z.looseObject({
  project_id: z.number().int().optional(),
  payment: paymentInfoSchema,
  operations: z.array(operationSchema).default([]),
  signature: signatureSchema.optional(),
});
export type StatusAnswer = z.infer<typeof statusAnswerSchema>;

// ---------------------------------------------------------------------------------------------------------
// Payment Page (VERIFIED parameter names §1.10 and seed 002)

export const paymentPageParamsSchema = z.object({
  project_id: z.string().regex(/^\d{1,18}$/),
  payment_id: paymentIdSchema,
  payment_amount: z.string().regex(/^\d{1,15}$/),
  payment_currency: currencySchema,
  customer_id: z.string().min(1).max(255),
  customer_phone: z.string().max(32).optional(),
  customer_email: z.string().max(255).optional(),
  customer_first_name: z.string().max(255).optional(),
  customer_last_name: z.string().max(255).optional(),
  payment_description: z.string().max(255).optional(),
  force_payment_method: z.string().max(64).optional(),
  merchant_success_url: httpUrlSchema.optional(),
  merchant_fail_url: httpUrlSchema.optional(),
  /** INFERRED for the Payment Page (VERIFIED as a Gate `general` field). */
  merchant_callback_url: httpUrlSchema.optional(),
  language_code: z.string().max(8).optional(),
  signature: signatureSchema,
});
export type PaymentPageParams = z.infer<typeof paymentPageParamsSchema>;

export interface PaymentPageInput {
  projectId: number;
  paymentId: string;
  amount: number;
  currency: string;
  customerId: string;
  phone?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  description?: string;
  paymentMethod: string;
  successUrl?: string;
  failUrl?: string;
  callbackUrl?: string;
  languageCode?: string;
}

/**
 * The signed Payment Page URL. The signature covers the raw parameter values and is the last query parameter
 * (VERIFIED); URL encoding does not affect it because the platform verifies the decoded values.
 */
export function buildPaymentPageUrl(base: string, input: PaymentPageInput, secretKey: string): string {
  const params: Record<string, string | number> = {
    project_id: input.projectId,
    payment_id: input.paymentId,
    payment_amount: input.amount,
    payment_currency: input.currency,
    customer_id: input.customerId,
    force_payment_method: input.paymentMethod,
  };
  const optional: Record<string, string | undefined> = {
    customer_phone: input.phone,
    customer_email: input.email,
    customer_first_name: input.firstName,
    customer_last_name: input.lastName,
    payment_description: input.description,
    merchant_success_url: input.successUrl,
    merchant_fail_url: input.failUrl,
    merchant_callback_url: input.callbackUrl,
    language_code: input.languageCode,
  };
  for (const [name, value] of Object.entries(optional)) if (value) params[name] = value;
  const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  query.append('signature', sign(params, secretKey));
  paymentPageParamsSchema.parse(Object.fromEntries(query));
  return `${base}${PAYMENT_PAGE_PATH}?${query.toString()}`;
}
