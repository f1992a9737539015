/** ECommPay configuration, read from ECOMMPAY_* environment variables (see index.ts) and validated here. */
import { z } from 'zod';
import { DEFAULT_ERROR_CODES } from './protocol';

const baseUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));

/** A comma-separated list from the environment, or a real array from code. */
const codeList = z
  .union([z.array(z.string()), z.string().transform((text) => text.split(','))])
  .transform((codes) => codes.map((c) => c.trim()).filter((c) => c !== ''))
  .pipe(z.array(z.string().regex(/^[\w-]{1,32}$/, 'codes are short words')));

export const ecommpayConfigSchema = z.object({
  /** Gate API host (VERIFIED default https://api.ecommpay.com); requests go to `<gateUrl>/v2/payment/...`. */
  gateUrl: baseUrl.default('https://api.ecommpay.com'),
  /** Payment Page host (VERIFIED default https://paymentpage.ecommpay.com); the payer opens `<url>/payment?...`. */
  paymentPageUrl: baseUrl.default('https://paymentpage.ecommpay.com'),
  projectId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** The project's secret key: signs requests and verifies callbacks. */
  secretKey: z.string().min(1),
  /** How the payer pays: Gate sale with the redirect in a later callback, or a signed Payment Page URL. */
  integration: z.enum(['gate', 'payment_page']).default('gate'),
  /**
   * Method code: the Gate path segment (`/v2/payment/<method>/sale`, INFERRED from the `{method}/{operation}`
   * pattern) and the Payment Page's `force_payment_method` value.
   */
  paymentMethod: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
    .default('card-partner'),
  /** Payment Page language (`language_code`) when the payment names none. */
  languageCode: z
    .string()
    .regex(/^[a-z]{2}$/)
    .optional(),
  /** The WooCommerce plugin waits 5 s (VERIFIED); a slower partner behind Gate gets more room here. */
  requestTimeoutMs: z.coerce.number().int().positive().max(120_000).default(15_000),
  /**
   * Error `code`s that mean "this payment_id / merchant_refund_id was already used" (the real values are a
   * GAP; the default is the sandbox's). A retried sale or refund that gets one took effect the first time.
   */
  duplicateRequestCodes: codeList.default([DEFAULT_ERROR_CODES.duplicateRequest]),
  /** Error `code`s of a status answer that mean "no such payment" (GAP; the default is the sandbox's). */
  paymentNotFoundCodes: codeList.default([DEFAULT_ERROR_CODES.paymentNotFound]),
  /**
   * Whether a `signature` in a status answer is checked. Which Gate answers are signed is a GAP (§3.4); when one
   * is, checking it costs nothing, and `ignore` is the way out if the platform signs answers differently.
   */
  statusSignature: z.enum(['verify_if_present', 'ignore']).default('verify_if_present'),
});

export type EcommpayConfig = z.infer<typeof ecommpayConfigSchema>;
