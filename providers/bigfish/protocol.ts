/**
 * BIG FISH Payment Gateway wire formats, pure: the API request envelope, request bodies, zod schemas of the
 * answers (our side) and of the requests (the sandbox's side), so the two cannot drift apart.
 *
 * Facts are cited from shared/providers/bigfish-mobilpay-opentrade.md §1 and BIG FISH's documentation site
 * (docs.paymentgateway.hu). VERIFIED marks what was read there; INFERRED marks our own choice.
 */
import { z } from 'zod';
import { encodeJson } from './json-text';
import type { JsonDecimal, JsonValue } from './json-text';

/** One endpoint for every server-to-server method (VERIFIED §1.1); the payer page (VERIFIED §1.2). */
export const PATHS = { api: '/api/payment/', start: '/Start' } as const;

export type BigfishMethod = 'Init' | 'InitRP' | 'StartRP' | 'Result' | 'Close' | 'Refund';

/** Sent as ModuleName/ModuleVersion so BIG FISH support can tell our requests apart (VERIFIED fields). */
export const MODULE = { name: 'temporal-payments', version: '0.1.0' } as const;

/**
 * Providers whose registration fields BIG FISH honours; the SDK strips OneClick/PaymentRegistration fields for
 * any other provider (VERIFIED, php7-sdk v4.4.2 `$oneClickProviders`).
 */
export const ONE_CLICK_PROVIDERS: readonly string[] = [
  'OTPSimple',
  'Saferpay',
  'PayPal',
  'PayPalRest',
  'Barion2',
  'Borgun2',
  'PayURest',
  'GP',
  'VivaWallet',
  'KHB',
  'CIB',
  'RaiffeisenUPC',
  'RawMBHSZEP',
  'RawOTPSZEP',
  'RawKHBSZEP',
  'RaiffeisenPay',
  'OTPSimpleRtp',
];

// ---------------------------------------------------------------------------------------------------------
// Envelope and authentication

/** `Authorization: Basic base64(StoreName:ApiKey)` (VERIFIED). */
export function basicAuthorization(storeName: string, apiKey: string): string {
  return `Basic ${Buffer.from(`${storeName}:${apiKey}`, 'utf8').toString('base64')}`;
}

/**
 * The two form fields of every API call: `method` and `json` (VERIFIED). Sent form-urlencoded, as the
 * documentation's curl samples and integrators do; the PHP SDK's multipart form carries the same fields.
 */
export function apiFormFields(
  method: BigfishMethod,
  body: { readonly [key: string]: JsonValue | undefined },
) {
  return { method, json: encodeJson(body) };
}

/** The browser redirect that starts a payment (VERIFIED: GET `{base}/Start?TransactionId=...`). */
export function startUrl(baseUrl: string, transactionId: string): string {
  return `${baseUrl}${PATHS.start}?${new URLSearchParams({ TransactionId: transactionId }).toString()}`;
}

/** Where the payer lands after paying: ResponseUrl plus `TransactionId` as a query parameter (VERIFIED). */
export function responseUrlWithTransaction(responseUrl: string, transactionId: string): string {
  const url = new URL(responseUrl);
  url.searchParams.set('TransactionId', transactionId);
  return url.toString();
}

/** The SDK's url-safe base64 for `Info`/`Extra`: `+`→`-`, `/`→`_`, `=`→`.` (VERIFIED, with test vector). */
export function urlSafeBase64(text: string): string {
  return Buffer.from(text, 'utf8')
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=/g, '.');
}

export function fromUrlSafeBase64(text: string): string {
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/').replace(/\./g, '='), 'base64').toString(
    'utf8',
  );
}

// ---------------------------------------------------------------------------------------------------------
// Request bodies (UpperCamelCase keys, VERIFIED §1.1)

type Body = { readonly [key: string]: JsonValue | undefined };

/** `AutoCommit` travels as the strings "true"/"false" (VERIFIED, SDK test `setAutoCommit(false)`). */
const flag = (value: boolean): string => (value ? 'true' : 'false');

/**
 * Card registration for merchant-initiated charges (VERIFIED: `PaymentRegistration` 1 and
 * `PaymentRegistrationType` "MIT" in Init; the MIT rules go in `Info.Order.RecurringPayment`).
 */
export interface RegistrationRequest {
  /** YYYY-MM-DD: no MIT charge on this registration after that day (VERIFIED). */
  expireDate: string;
  /** Minimum days between charges, at most 4 digits (VERIFIED). */
  frequencyDays: number;
  /** "02" = the amount may vary (VERIFIED); "01" = fixed (INFERRED). */
  amountIndicator: '01' | '02';
}

export interface InitInput {
  storeName: string;
  providerName: string;
  responseUrl: string;
  notificationUrl: string;
  amount: JsonDecimal;
  currency: string;
  orderId: string;
  userId: string;
  language: string;
  autoCommit: boolean;
  registration?: RegistrationRequest;
}

export function buildInitBody(input: InitInput): Body {
  const registration = input.registration;
  return {
    StoreName: input.storeName,
    ProviderName: input.providerName,
    ResponseUrl: input.responseUrl,
    NotificationUrl: input.notificationUrl,
    Amount: input.amount,
    Currency: input.currency,
    OrderId: input.orderId,
    UserId: input.userId,
    Language: input.language,
    AutoCommit: flag(input.autoCommit),
    PaymentRegistration: registration ? 1 : undefined,
    PaymentRegistrationType: registration ? 'MIT' : undefined,
    Info: registration ? urlSafeBase64(encodeJson(recurringInfo(registration))) : undefined,
    ModuleName: MODULE.name,
    ModuleVersion: MODULE.version,
  };
}

/** The Info JSON: the SDK drops the leading "Info" level of its paths (VERIFIED, Data/Info.php). */
function recurringInfo(registration: RegistrationRequest): JsonValue {
  return {
    Order: {
      RecurringPayment: {
        ExpireDate: registration.expireDate,
        Frequency: registration.frequencyDays,
        AmountIndicator: registration.amountIndicator,
      },
    },
  };
}

export interface InitRpInput {
  storeName: string;
  referenceTransactionId: string;
  responseUrl: string;
  notificationUrl: string;
  amount: JsonDecimal;
  currency: string;
  orderId: string;
  userId: string;
  autoCommit: boolean;
}

/**
 * InitRP (VERIFIED fields). `AutoCommit` is INFERRED: the docs describe one-step and two-step follow-up payments
 * separately, and the SDK's InitRP does not show how the mode is chosen; the sandbox inherits the reference
 * transaction's mode when it is absent.
 */
export function buildInitRpBody(input: InitRpInput): Body {
  return {
    StoreName: input.storeName,
    ReferenceTransactionId: input.referenceTransactionId,
    ResponseUrl: input.responseUrl,
    NotificationUrl: input.notificationUrl,
    Amount: input.amount,
    Currency: input.currency,
    OrderId: input.orderId,
    UserId: input.userId,
    AutoCommit: flag(input.autoCommit),
    ModuleName: MODULE.name,
    ModuleVersion: MODULE.version,
  };
}

/** Result, StartRP: only the TransactionId (VERIFIED). */
export function transactionBody(transactionId: string): Body {
  return { TransactionId: transactionId };
}

/**
 * Close (VERIFIED): `Approved` "true" captures, "false" releases the whole hold; no `ApprovedAmount` (or 0)
 * captures everything, an `ApprovedAmount` captures that part and releases the rest.
 */
export function buildCloseBody(input: {
  transactionId: string;
  approved: boolean;
  approvedAmount?: JsonDecimal;
}) {
  return {
    TransactionId: input.transactionId,
    Approved: flag(input.approved),
    ApprovedAmount: input.approved ? input.approvedAmount : undefined,
  } satisfies Body;
}

/** Refund (VERIFIED): TransactionId and Amount are mandatory; partial refunds are allowed. */
export function buildRefundBody(input: { transactionId: string; amount: JsonDecimal }) {
  return { TransactionId: input.transactionId, Amount: input.amount } satisfies Body;
}

// ---------------------------------------------------------------------------------------------------------
// Answers (our side)

/** "32 karakter hosszú md5 hash" (VERIFIED, Refund/Details parameter tables); observed lowercase. */
export const transactionIdSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, 'TransactionId must be 32 hex digits');

/** Transaction result codes and request-level error names are both identifiers (VERIFIED samples). */
export const resultCodeSchema = z.string().regex(/^[A-Za-z_]{1,64}$/, 'ResultCode must be an identifier');

/** "true"/"false" in answers (VERIFIED, Details sample); the Magento module logs "1"; accept booleans too. */
const answerFlagSchema = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'TRUE', 'FALSE'])])
  .transform((value) => value === true || value === 'true' || value === 'TRUE' || value === '1');

/** Optional text fields arrive empty, missing or null in different samples. */
const optionalText = z
  .union([z.string().max(1000), z.number()])
  .nullish()
  .transform((value) => (value === null || value === undefined || value === '' ? undefined : String(value)));

/** The part every answer has: `ResultCode` and usually `ResultMessage` (VERIFIED). */
export const answerHeadSchema = z.looseObject({
  ResultCode: resultCodeSchema,
  ResultMessage: optionalText,
});

/** Result and StartRP (VERIFIED field list); `CommitState` values are INFERRED apart from APPROVED. */
export const resultAnswerSchema = z.looseObject({
  TransactionId: transactionIdSchema,
  ResultCode: resultCodeSchema,
  ResultMessage: optionalText,
  Anum: optionalText,
  OrderId: optionalText,
  UserId: optionalText,
  ProviderTransactionId: optionalText,
  AutoCommit: answerFlagSchema.nullish(),
  CommitState: optionalText,
});
export type ResultAnswer = z.infer<typeof resultAnswerSchema>;

/**
 * Init, InitRP, Close and Refund: `TransactionId`, `ResultCode`, `ResultMessage` (VERIFIED). The id is optional
 * here because a refusal may come without one; the adapter demands it where it needs it.
 */
export const operationAnswerSchema = z.looseObject({
  TransactionId: transactionIdSchema.nullish(),
  ResultCode: resultCodeSchema,
  ResultMessage: optionalText,
});
export type OperationAnswer = z.infer<typeof operationAnswerSchema>;

// ---------------------------------------------------------------------------------------------------------
// Requests (the sandbox's side). Lenient about members it does not use, as a real server is.

const amountValueSchema = z.union([z.number(), z.string().max(40)]);
const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'Currency must be ISO 4217 alpha-3');
const requestFlagSchema = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((value) => value === true || value === 'true' || value === '1');
const urlSchema = z.url({ protocol: /^https?$/ });
const idText = z.string().min(1).max(255);

export const initRequestSchema = z.looseObject({
  StoreName: idText,
  ProviderName: z.string().regex(/^[A-Za-z0-9]{2,40}$/),
  ResponseUrl: urlSchema,
  // Mandatory at BIG FISH ("kötelezően átadandó", VERIFIED docs) although the SDK lets it be left out.
  NotificationUrl: urlSchema,
  Amount: amountValueSchema,
  Currency: currencySchema,
  OrderId: idText,
  UserId: idText,
  Language: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .optional(),
  AutoCommit: requestFlagSchema.optional(),
  PaymentRegistration: z.union([z.literal(0), z.literal(1), z.enum(['0', '1'])]).optional(),
  PaymentRegistrationType: z.enum(['CIT', 'MIT', 'OLD']).optional(),
  Info: z.string().max(20_000).optional(),
});
export type InitRequest = z.infer<typeof initRequestSchema>;

export const initRpRequestSchema = z.looseObject({
  StoreName: idText,
  ReferenceTransactionId: transactionIdSchema,
  ResponseUrl: urlSchema,
  NotificationUrl: urlSchema,
  Amount: amountValueSchema,
  Currency: currencySchema,
  OrderId: idText,
  UserId: idText,
  AutoCommit: requestFlagSchema.optional(),
});
export type InitRpRequest = z.infer<typeof initRpRequestSchema>;

export const transactionRequestSchema = z.looseObject({ TransactionId: transactionIdSchema });

export const closeRequestSchema = z.looseObject({
  TransactionId: transactionIdSchema,
  // "true" when left out (VERIFIED, SDK default).
  Approved: requestFlagSchema.default(true),
  ApprovedAmount: amountValueSchema.optional(),
});
export type CloseRequest = z.infer<typeof closeRequestSchema>;

export const refundRequestSchema = z.looseObject({
  TransactionId: transactionIdSchema,
  Amount: amountValueSchema,
});
export type RefundRequest = z.infer<typeof refundRequestSchema>;

/** The Info JSON of a registration, as far as the sandbox checks it. */
export const recurringInfoSchema = z.looseObject({
  Order: z.looseObject({
    RecurringPayment: z.looseObject({
      ExpireDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      Frequency: z.union([z.number().int().min(0).max(9999), z.string().regex(/^\d{1,4}$/)]).optional(),
      AmountIndicator: z
        .string()
        .regex(/^\d{2}$/)
        .optional(),
    }),
  }),
});

// ---------------------------------------------------------------------------------------------------------
// NotificationUrl call

/**
 * The body BIG FISH posts to NotificationUrl: INFERRED from one integrator, who reads `commonData.transactionId`
 * from a JSON body (§1.5). It is a trigger only; nothing in it is trusted.
 */
export function buildNotificationBody(input: {
  storeName: string;
  transactionId: string;
  orderId: string;
}): string {
  return encodeJson({
    commonData: { storeName: input.storeName, transactionId: input.transactionId, orderId: input.orderId },
  });
}

const notificationJsonSchema = z.looseObject({
  commonData: z.looseObject({ transactionId: z.unknown().optional() }).optional(),
  CommonData: z.looseObject({ TransactionId: z.unknown().optional() }).optional(),
  TransactionId: z.unknown().optional(),
});

export type NotificationReading = { ok: true; transactionId?: string } | { ok: false; reason: string };

/**
 * The TransactionId a notification names, wherever it carries one: the query (like ResponseUrl), the JSON body
 * (`commonData.transactionId`, or the Result-style `TransactionId`), or a form body. None at all is accepted,
 * because the notification is only a trigger; a malformed one is not.
 */
export function readNotificationTransactionId(
  rawBody: Buffer,
  contentType: string,
  query: Record<string, string>,
): NotificationReading {
  const candidates: unknown[] = [query.TransactionId];
  const text = rawBody.toString('utf8').trim();
  if (text !== '') {
    if (contentType === 'application/x-www-form-urlencoded') {
      candidates.push(new URLSearchParams(text).get('TransactionId') ?? undefined);
    } else {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return { ok: false, reason: 'notification body is neither JSON nor a form' };
      }
      const parsed = notificationJsonSchema.safeParse(json);
      if (!parsed.success) return { ok: false, reason: 'notification body is not a JSON object' };
      const body = parsed.data;
      candidates.push(body.commonData?.transactionId, body.CommonData?.TransactionId, body.TransactionId);
    }
  }
  const present = candidates.filter((value) => value !== undefined && value !== null && value !== '');
  if (present.length === 0) return { ok: true };
  const ids = present.map((value) => transactionIdSchema.safeParse(value));
  if (ids.some((id) => !id.success)) return { ok: false, reason: 'notification TransactionId is malformed' };
  const distinct = new Set(ids.map((id) => (id.data ?? '').toLowerCase()));
  if (distinct.size > 1) return { ok: false, reason: 'notification names more than one TransactionId' };
  return { ok: true, transactionId: [...distinct][0] };
}
