/**
 * IPS Assist wire formats, pure: zod schemas of every message, and the functions that build and parse them.
 * Both sides use this file: the adapter and webhook (our side) and the sandbox (Assist's side), so the two
 * cannot drift apart.
 *
 * Sources are in ../../../shared/providers/ecommpay-assist.md §2 and seed 001. VERIFIED marks what was read
 * there; INFERRED marks our own choice where the sources are silent.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { toAssistAmount } from './amounts';
import { checkvalue, checkvaluesMatch } from './checkvalue';
import type { CheckvalueVariant } from './checkvalue';
import { ORDER_STATES } from './order-states';
import { ATTRIBUTE_PREFIX, buildXml, parseXml } from './xml';

export { checkvalue, checkvaluesMatch } from './checkvalue';
export type { CheckvalueVariant } from './checkvalue';
export * from './order-states';

/** Endpoint paths under the merchant's Assist host (VERIFIED §2.2, except where noted). */
export const PATHS = {
  order: '/pay/order.cfm',
  charge: '/charge/charge.cfm',
  /** VERIFIED location of the charge WSDL. Ours is providers/assist/charge.wsdl (the real one is not public). */
  chargeWsdl: '/charge/charge.wsdl',
  /** INFERRED: the SOAP endpoint's address is in the real WSDL, which we have not seen; named like wscancel.cfm. */
  chargeSoap: '/charge/wscharge.cfm',
  cancel: '/cancel/wscancel.cfm',
  cancelForm: '/cancel/cancel.cfm',
  orderState: '/orderstate/orderstate.cfm',
} as const;

/** `Format` values for answers (VERIFIED): 3 = XML, 4 = SOAP, 5 = JSON. */
export const RESPONSE_FORMAT = { xml: '3', soap: '4', json: '5' } as const;

export const LANGUAGES = ['RU', 'EN'] as const;
export type AssistLanguage = (typeof LANGUAGES)[number];

// ---------------------------------------------------------------------------------------------------------
// Field rules shared by several messages

/** 15 or 16 digits; the extended form adds ".n" for the n-th operation (VERIFIED, e.g. 5111111000965142.2). */
export const billnumberSchema = z
  .string()
  .regex(/^\d{15,16}(\.\d{1,4})?$/, 'billnumber must be 15-16 digits');
/** Up to 15 digits, '.' separator; answers are read leniently, requests must have exactly two decimals. */
const amountTextSchema = z.string().regex(/^\d{1,15}(\.\d{1,2})?$/, 'amount must be decimal text');
const requestAmountSchema = z.string().regex(/^\d{1,15}\.\d{2}$/, 'amount must have exactly two decimals');
const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'currency must be ISO 4217 alpha-3');
const checkvalueTextSchema = z.string().regex(/^[0-9A-Fa-f]{32}$/, 'checkvalue must be 32 hex digits');
const digitsSchema = z.string().regex(/^\d{1,20}$/);
const flagSchema = z.enum(['0', '1']);
const orderStateSchema = z.enum(ORDER_STATES);

// ---------------------------------------------------------------------------------------------------------
// Payment request: the form the payer's browser POSTs to /pay/order.cfm (VERIFIED §2.3 and seed 001)

export interface OrderFormInput {
  merchantId: string;
  orderNumber: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  /** Delay=1: authorize only, confirm later with charge.cfm. */
  twoStage: boolean;
  language: AssistLanguage;
  returnUrlOk: string;
  returnUrlNo: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  comment?: string;
}

/** Older docs allow 256 characters of OrderComment, newer ones 4000; we stay within both. */
const MAX_ORDER_COMMENT = 256;

export const orderFormSchema = z.object({
  Merchant_ID: digitsSchema,
  OrderNumber: z.string().min(1).max(128),
  OrderAmount: requestAmountSchema,
  // Optional at Assist (the merchant's default currency applies); we always send it.
  OrderCurrency: currencySchema,
  Delay: flagSchema.default('0'),
  Language: z.enum(LANGUAGES).default('RU'),
  URL_RETURN_OK: z.url().max(256).optional(),
  URL_RETURN_NO: z.url().max(256).optional(),
  Email: z.string().max(128).optional(),
  Firstname: z.string().max(70).optional(),
  Lastname: z.string().max(70).optional(),
  OrderComment: z.string().max(4000).optional(),
  CardPayment: flagSchema.optional(),
  Checkvalue: checkvalueTextSchema,
});
export type OrderForm = z.infer<typeof orderFormSchema>;

/** X of the payment request's checkvalue: Merchant_ID, OrderNumber, OrderAmount, OrderCurrency (VERIFIED). */
export function orderCheckvalueParts(
  fields: Pick<OrderForm, 'Merchant_ID' | 'OrderNumber' | 'OrderAmount' | 'OrderCurrency'>,
): string[] {
  return [fields.Merchant_ID, fields.OrderNumber, fields.OrderAmount, fields.OrderCurrency];
}

/** Builds the signed order.cfm fields. Throws ZodError or MoneyError when the input breaks Assist's rules. */
export function buildOrderForm(
  input: OrderFormInput,
  secretWord: string,
  variant: CheckvalueVariant,
): Record<string, string> {
  const fields: Record<string, string> = {
    Merchant_ID: input.merchantId,
    OrderNumber: input.orderNumber,
    OrderAmount: toAssistAmount(input.amount, input.currency),
    OrderCurrency: input.currency,
    Delay: input.twoStage ? '1' : '0',
    Language: input.language,
    URL_RETURN_OK: input.returnUrlOk,
    URL_RETURN_NO: input.returnUrlNo,
    CardPayment: '1',
  };
  if (input.email) fields.Email = input.email;
  if (input.firstName) fields.Firstname = input.firstName;
  if (input.lastName) fields.Lastname = input.lastName;
  if (input.comment) fields.OrderComment = input.comment.slice(0, MAX_ORDER_COMMENT);
  const parts = orderCheckvalueParts(orderFormSchema.omit({ Checkvalue: true }).parse(fields));
  fields.Checkvalue = checkvalue(secretWord, parts, variant);
  return fields;
}

// ---------------------------------------------------------------------------------------------------------
// Result notification: Assist's server-to-server POST after a payment (VERIFIED §2.5)

export const resultNotificationSchema = z.object({
  merchant_id: digitsSchema,
  ordernumber: z.string().min(1).max(128),
  billnumber: billnumberSchema,
  /** The charged amount and currency; orderamount/ordercurrency are the original ones. */
  amount: amountTextSchema,
  currency: currencySchema,
  orderamount: amountTextSchema.optional(),
  ordercurrency: currencySchema.optional(),
  orderstate: orderStateSchema,
  responsecode: z.string().max(16).optional(),
  packetdate: z.string().min(1).max(64),
  /** 1 = a test payment: "do not ship goods" (VERIFIED). */
  testmode: flagSchema.optional(),
  checkvalue: checkvalueTextSchema,
});
export type ResultNotification = z.infer<typeof resultNotificationSchema>;

/**
 * X of the notification's checkvalue: merchant_id + ordernumber + amount + currency + orderstate, no
 * delimiter (VERIFIED via Bitrix and the signature definition; the doc row itself was truncated).
 */
export function notificationCheckvalue(
  n: Pick<ResultNotification, 'merchant_id' | 'ordernumber' | 'amount' | 'currency' | 'orderstate'>,
  secretWord: string,
): string {
  return checkvalue(
    secretWord,
    [n.merchant_id, n.ordernumber, n.amount, n.currency, n.orderstate],
    'unjoined',
  );
}

export function verifyNotification(n: ResultNotification, secretWord: string): boolean {
  return checkvaluesMatch(n.checkvalue, notificationCheckvalue(n, secretWord));
}

/** The merchant's reply to a notification (VERIFIED): success echoes the order's billnumber and packetdate. */
export function buildPushPaymentSuccess(billnumber: string, packetdate: string): string {
  return buildXml({
    pushpaymentresult: {
      [`${ATTRIBUTE_PREFIX}firstcode`]: '0',
      [`${ATTRIBUTE_PREFIX}secondcode`]: '0',
      order: { billnumber, packetdate },
    },
  });
}

/** Failure: non-zero codes and no `order`. Assist does not repeat the notification after it (VERIFIED). */
export function buildPushPaymentFailure(firstcode: string, secondcode: string): string {
  return buildXml({
    pushpaymentresult: {
      [`${ATTRIBUTE_PREFIX}firstcode`]: firstcode,
      [`${ATTRIBUTE_PREFIX}secondcode`]: secondcode,
    },
  });
}

const pushPaymentResultSchema = z.object({
  pushpaymentresult: z.object({
    '@_firstcode': digitsSchema,
    '@_secondcode': digitsSchema,
    order: z.array(z.object({ billnumber: z.string(), packetdate: z.string() })).optional(),
  }),
});

export interface PushPaymentResult {
  firstcode: string;
  secondcode: string;
  order?: { billnumber: string; packetdate: string };
}

/** Reads a merchant's reply (the sandbox's side). Throws XmlInputError or ZodError. */
export function parsePushPaymentResult(xml: string): PushPaymentResult {
  const root = pushPaymentResultSchema.parse(parseXml(xml)).pushpaymentresult;
  const order = root.order?.[0];
  return { firstcode: root['@_firstcode'], secondcode: root['@_secondcode'], ...(order ? { order } : {}) };
}

// ---------------------------------------------------------------------------------------------------------
// Server-to-server calls: charge.cfm, wscancel.cfm, orderstate.cfm (VERIFIED §2.8–2.10)

export interface Credentials {
  merchantId: string;
  login: string;
  password: string;
}

const credentialFields = {
  Merchant_ID: digitsSchema,
  Login: z.string().min(1).max(20),
  Password: z.string().min(1).max(30),
};

function credentialForm(c: Credentials): Record<string, string> {
  return { Merchant_ID: c.merchantId, Login: c.login, Password: c.password };
}

/** Amount and Currency travel together or not at all (VERIFIED for charge and cancel). */
const bothOrNeither = (r: { Amount?: string | undefined; Currency?: string | undefined }): boolean =>
  (r.Amount === undefined) === (r.Currency === undefined);
const BOTH_OR_NEITHER = { message: 'Amount and Currency must be passed together', path: ['Amount'] };

export interface ChargeParams {
  billnumber: string;
  /** Omitted: confirm the full amount. */
  partial?: { amount: string; currency: string };
  /**
   * AutoDeposit=1 "immediately unblocks the unconfirmed part of the order amount" (VERIFIED, seed 001). We
   * send it with every partial charge: we allow one capture per payment, so the rest must not stay held.
   */
  releaseRemainder: boolean;
  language: AssistLanguage;
}

export const chargeRequestSchema = z
  .object({
    ...credentialFields,
    Billnumber: billnumberSchema,
    Amount: requestAmountSchema.optional(),
    Currency: currencySchema.optional(),
    AutoDeposit: flagSchema.optional(),
    ClientIP: z.string().max(64).optional(),
    Language: z.enum(LANGUAGES).optional(),
    Format: z.enum(['1', '3', '4', '5']).optional(),
  })
  .refine(bothOrNeither, BOTH_OR_NEITHER);
export type ChargeRequest = z.infer<typeof chargeRequestSchema>;

/** charge.cfm fields (HTTP POST, answer as XML). The SOAP variant sends the same names as elements. */
export function buildChargeFields(c: Credentials, p: ChargeParams): Record<string, string> {
  return {
    Billnumber: p.billnumber,
    ...credentialForm(c),
    ...(p.partial ? { Amount: p.partial.amount, Currency: p.partial.currency } : {}),
    ...(p.releaseRemainder ? { AutoDeposit: '1' } : {}),
    Language: p.language,
    Format: RESPONSE_FORMAT.xml,
  };
}

/**
 * Externalrefundid: 10–100 characters of [A-Za-z0-9-_], unique within one order (VERIFIED). Our idempotency
 * keys are stable across retries; a key that already fits is sent as is, any other becomes a readable prefix
 * plus a SHA-256 digest of the whole key, so two different keys never share an id and a retry repeats it.
 */
export function toExternalRefundId(idempotencyKey: string): string {
  if (/^[A-Za-z0-9_-]{10,100}$/.test(idempotencyKey)) return idempotencyKey;
  const readable = idempotencyKey.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 40);
  const digest = createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 40);
  return `${readable}-${digest}`.replace(/^-+/, '');
}

export interface CancelParams {
  billnumber: string;
  /** Omitted: cancel the full amount (a void of an uncaptured hold, or a full refund). */
  partial?: { amount: string; currency: string };
  externalRefundId: string;
  language: AssistLanguage;
}

export const cancelRequestSchema = z
  .object({
    ...credentialFields,
    Billnumber: billnumberSchema,
    Amount: requestAmountSchema.optional(),
    Currency: currencySchema.optional(),
    CancelReason: z.enum(['1', '2', '3']).optional(),
    Externalrefundid: z
      .string()
      .regex(/^[A-Za-z0-9_-]{10,100}$/, 'Externalrefundid must be 10-100 of [A-Za-z0-9-_]')
      .optional(),
    ClientIP: z.string().max(64).optional(),
    Language: z.enum(LANGUAGES).optional(),
    Format: z.enum(['1', '3', '4', '5']).optional(),
  })
  .refine(bothOrNeither, BOTH_OR_NEITHER);
export type CancelRequest = z.infer<typeof cancelRequestSchema>;

/**
 * wscancel.cfm fields. Externalrefundid is accepted with JSON and SOAP answers only (VERIFIED), so we ask
 * for JSON (Format=5), with the request form-encoded as the official SDK sends it (INFERRED from the SDK).
 */
export function buildCancelFields(c: Credentials, p: CancelParams): Record<string, string> {
  return {
    Billnumber: p.billnumber,
    ...credentialForm(c),
    ...(p.partial ? { Amount: p.partial.amount, Currency: p.partial.currency } : {}),
    Externalrefundid: p.externalRefundId,
    Language: p.language,
    Format: RESPONSE_FORMAT.json,
  };
}

/**
 * wscancel.cfm's JSON answer. INFERRED shape: a flat object with the lowercase keys the official SDK reads
 * (ordernumber, billnumber, responsecode, orderstate, amount, currency, ...), plus firstcode/secondcode for
 * request-level failures as in the XML answers.
 */
export const cancelResponseSchema = z.object({
  firstcode: z.union([z.string(), z.number()]).transform(String).pipe(digitsSchema),
  secondcode: z.union([z.string(), z.number()]).transform(String).pipe(digitsSchema),
  ordernumber: z.string().optional(),
  billnumber: billnumberSchema.optional(),
  responsecode: z.string().max(16).optional(),
  orderstate: orderStateSchema.optional(),
  amount: amountTextSchema.optional(),
  currency: currencySchema.optional(),
  externalrefundid: z.string().optional(),
  packetdate: z.string().optional(),
});
export type CancelResponse = z.infer<typeof cancelResponseSchema>;

export const orderStateRequestSchema = z.object({
  ...credentialFields,
  Ordernumber: z.string().min(1).max(128),
  Format: z.enum(['3', '5']).optional(),
  StartYear: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  StartMonth: z
    .string()
    .regex(/^\d{1,2}$/)
    .optional(),
  StartDay: z
    .string()
    .regex(/^\d{1,2}$/)
    .optional(),
  StartHour: z
    .string()
    .regex(/^\d{1,2}$/)
    .optional(),
  StartMin: z
    .string()
    .regex(/^\d{1,2}$/)
    .optional(),
});

/**
 * orderstate.cfm fields. Without Start* Assist searches only the last 3 days (VERIFIED), too short for a
 * payment refunded weeks later, so we pass `since` (GMT). The longest window Assist accepts is a GAP.
 */
export function buildOrderStateFields(
  c: Credentials,
  orderNumber: string,
  since: Date,
): Record<string, string> {
  return {
    Ordernumber: orderNumber,
    ...credentialForm(c),
    Format: RESPONSE_FORMAT.xml,
    StartYear: String(since.getUTCFullYear()),
    StartMonth: String(since.getUTCMonth() + 1),
    StartDay: String(since.getUTCDate()),
    StartHour: String(since.getUTCHours()),
    StartMin: String(since.getUTCMinutes()),
  };
}

// ---------------------------------------------------------------------------------------------------------
// XML answers (Format=3): a `result` root with firstcode/secondcode and one `order` per payment attempt
// (VERIFIED for orderstate.cfm). Operations as `operation` children of `order` are INFERRED, and so is the
// use of the same document for charge.cfm's answer.

const operationSchema = z.object({
  billnumber: billnumberSchema,
  operationtype: z.string().max(64),
  operationstate: z.string().max(64),
  amount: amountTextSchema,
  currency: currencySchema,
  responsecode: z.string().max(16).optional(),
  message: z.string().max(512).optional(),
});
export type AssistOperation = z.infer<typeof operationSchema>;

const orderSchema = z.object({
  ordernumber: z.string().min(1).max(128),
  billnumber: billnumberSchema,
  orderamount: amountTextSchema,
  ordercurrency: currencySchema,
  orderstate: orderStateSchema,
  responsecode: z.string().max(16).optional(),
  message: z.string().max(512).optional(),
  orderdate: z.string().max(64).optional(),
  packetdate: z.string().max(64).optional(),
  testmode: flagSchema.optional(),
  checkvalue: checkvalueTextSchema.optional(),
  operation: z.array(operationSchema).optional(),
});
export type AssistOrder = z.infer<typeof orderSchema>;

const resultDocumentSchema = z.object({
  result: z.object({
    '@_firstcode': digitsSchema,
    '@_secondcode': digitsSchema,
    order: z.array(orderSchema).optional(),
  }),
});

export interface AssistResult {
  firstcode: string;
  secondcode: string;
  orders: AssistOrder[];
}

/** Also validates the SOAP variant's already-parsed answer (see transport-soap.ts). */
export const assistResultSchema = z.object({
  firstcode: digitsSchema,
  secondcode: digitsSchema,
  orders: z.array(orderSchema),
});

/** Throws XmlInputError or ZodError when the answer is not what Assist sends. */
export function parseResultXml(xml: string): AssistResult {
  const root = resultDocumentSchema.parse(parseXml(xml)).result;
  return { firstcode: root['@_firstcode'], secondcode: root['@_secondcode'], orders: root.order ?? [] };
}

export function buildResultXml(r: AssistResult): string {
  return buildXml({
    result: {
      [`${ATTRIBUTE_PREFIX}firstcode`]: r.firstcode,
      [`${ATTRIBUTE_PREFIX}secondcode`]: r.secondcode,
      ...(r.orders.length > 0 ? { order: r.orders } : {}),
    },
  });
}

/** X of an orderstate order's checkvalue: merchant_id + ordernumber + orderamount + ordercurrency + orderstate (VERIFIED). */
export function orderCheckvalue(merchantId: string, o: AssistOrder, secretWord: string): string {
  return checkvalue(
    secretWord,
    [merchantId, o.ordernumber, o.orderamount, o.ordercurrency, o.orderstate],
    'unjoined',
  );
}
