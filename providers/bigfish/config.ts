/** BIG FISH configuration, read from BIGFISH_* environment variables (see index.ts) and validated here. */
import { z } from 'zod';

/** Environment variables arrive as text; tests may pass real values. */
const csvList = z
  .union([z.array(z.string()), z.string()])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(','))
      .map((item) => item.trim().toUpperCase())
      .filter((item) => item !== ''),
  )
  .pipe(z.array(z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 alpha-3 code')));

export const bigfishConfigSchema = z.object({
  /**
   * Production https://system.paymentgateway.hu, test https://system-test.paymentgateway.hu (VERIFIED §1.1).
   * The API lives at `{baseUrl}/api/payment/` and the payer page at `{baseUrl}/Start`.
   */
  baseUrl: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')),
  /** HTTP Basic user, and the `StoreName` of Init/InitRP bodies (VERIFIED). */
  storeName: z.string().min(1).max(100),
  /** HTTP Basic password (VERIFIED). */
  apiKey: z.string().min(1).max(200),
  /**
   * The payment provider behind BIG FISH for this store (`ProviderName`, e.g. OTPSimple, Barion2, KHB).
   * Registration for recurring charges only works with one-click providers (VERIFIED, see protocol.ts).
   */
  providerName: z.string().regex(/^[A-Za-z0-9]{2,40}$/, 'a BIG FISH ProviderName such as OTPSimple'),
  /** `Language` of the payment page when the payment names none (the SDK defaults to HU). */
  language: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .transform((code) => code.toUpperCase())
    .default('HU'),
  /**
   * Key of the per-payment token in our NotificationUrl. BIG FISH signs nothing, so the token is what tells a
   * URL we issued from a guessed one. When unset it is derived from the API key (see notification-url.ts).
   */
  notificationSecret: z.string().min(16).optional(),
  /**
   * Currencies sent as whole major units. HUF card payments settle in whole forints (INFERRED from every
   * sample: "Amount":"100", 1234 HUF), so a HUF amount with fillér is refused before it reaches BIG FISH.
   */
  wholeUnitCurrencies: csvList.default(['HUF']),
  /**
   * Deadline of Init, InitRP, Result. The PHP SDK allows 30 s (VERIFIED); ours must end before the
   * activity's own 30 s limit so that we, not Temporal, classify the failure.
   */
  requestTimeoutMs: z.coerce.number().int().positive().max(120_000).default(20_000),
  /**
   * Deadline of Close, Refund and StartRP. The SDK waits up to 600 s for Close and Refund (VERIFIED, "OTPay close
   * and refund"); we stop at 25 s and report an unknown outcome instead, because a Temporal retry after an
   * activity timeout could repeat a refund (BIG FISH has no idempotency key).
   */
  moneyCallTimeoutMs: z.coerce.number().int().positive().max(600_000).default(25_000),
  /**
   * How long a registration made for an unlimited recurrence stays usable (`Info.Order.RecurringPayment.ExpireDate`).
   * INFERRED default: three years, the usual card validity.
   */
  registrationValidityDays: z.coerce.number().int().min(1).max(3650).default(1095),
});

export type BigfishConfig = z.infer<typeof bigfishConfigSchema>;
