/**
 * mobilPay's classic card protocol, pure: the payment request XML (`<order type="card">`), the IPN XML (the
 * request echoed back plus `<mobilpay>`), and the `<crc>` answer to an IPN. Both sides use this file: the adapter
 * and webhook (our side) and the sandbox (mobilPay's side), so they cannot drift apart.
 *
 * Sources: ../../../shared/providers/bigfish-mobilpay-opentrade.md §2 and seed 004. VERIFIED marks what was read
 * there; INFERRED marks our own choice.
 */
import { z } from 'zod';
import { createXmlCodec } from '../shared/xml';
import { MERCHANT_TOKEN_PARAM } from './merchant-token';

export { XmlInputError } from '../shared/xml';

const codec = createXmlCodec({ repeatable: ['param'] });

/** IPN actions (VERIFIED, cardConfirm.php / docs v1.x). */
export const ACTIONS = [
  'confirmed',
  'confirmed_pending',
  'paid_pending',
  'paid',
  'canceled',
  'credit',
] as const;
export type MobilpayAction = (typeof ACTIONS)[number];

/** Order ids: at most 64 characters (VERIFIED docs), unique per seller account. */
export const MAX_ORDER_ID_LENGTH = 64;
/** Seller account ("POS") signature, e.g. WDAR-YAEY-93H4-9F3X-514R (VERIFIED format). Not a cryptographic signature. */
export const signatureSchema = z
  .string()
  .regex(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){4}$/, 'a mobilPay signature looks like XXXX-XXXX-XXXX-XXXX-XXXX');

/** Decimal text in major units, '.' separator; requests have exactly two decimals (VERIFIED `%.02f`). */
const amountTextSchema = z.string().regex(/^\d{1,9}(\.\d{1,2})?$/, 'amount must be decimal text');
const requestAmountSchema = z
  .string()
  .regex(/^\d{1,5}\.\d{2}$/, 'amount must be 0.00 to 99999.99 with two decimals');
const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'currency must be ISO 4217 alpha-3');
const countSchema = z.string().regex(/^\d{1,6}$/, 'must be a whole number');
/** An empty element (`<params/>`) parses as ''; treat it as absent. */
const absentIfEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

// ---------------------------------------------------------------------------------------------------------
// Payment request: <order type="card"> (VERIFIED structure, PHP_CARD Card.php/Invoice.php; facts §2.2)

export interface BillingContact {
  firstName?: string;
  lastName?: string;
  email?: string;
  mobilePhone?: string;
}

export interface PaymentRequestInput {
  orderId: string;
  /** "YYYYMMDDhhmmss" (wall-clock.ts). */
  timestamp: string;
  signature: string;
  /** Two-decimal text (amounts.ts). */
  amount: string;
  currency: string;
  details?: string;
  billing?: BillingContact;
  /** seed 004: total payments including this one (0 = unlimited) and days between them. */
  recurrence?: { paymentsNo: number; intervalDays: number };
  ipnCipher: string;
  params: Record<string, string>;
  returnUrl: string;
  confirmUrl: string;
}

/** The request XML. Element order follows the PHP SDK; `<recurrence>` sits right after `<invoice>` (VERIFIED bytic). */
export function buildPaymentRequestXml(input: PaymentRequestInput): string {
  const billing = billingElement(input.billing);
  const invoice: Record<string, unknown> = {
    '@_currency': input.currency,
    '@_amount': input.amount,
    ...(input.details !== undefined ? { details: input.details } : {}),
    ...(billing ? { contact_info: { billing } } : {}),
  };
  const params = Object.entries(input.params).map(([name, value]) => ({ name, value }));
  return codec.build({
    order: {
      '@_type': 'card',
      '@_id': input.orderId,
      '@_timestamp': input.timestamp,
      signature: input.signature,
      invoice,
      ...(input.recurrence
        ? {
            recurrence: {
              '@_payments_no': String(input.recurrence.paymentsNo),
              '@_interval_day': String(input.recurrence.intervalDays),
            },
          }
        : {}),
      ipn_cipher: input.ipnCipher,
      ...(params.length > 0 ? { params: { param: params } } : {}),
      url: { return: input.returnUrl, confirm: input.confirmUrl },
    },
  });
}

function billingElement(b: BillingContact | undefined): Record<string, unknown> | undefined {
  if (!b) return undefined;
  const fields = {
    first_name: b.firstName,
    last_name: b.lastName,
    email: b.email,
    mobile_phone: b.mobilePhone,
  };
  const present = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== ''));
  return Object.keys(present).length > 0 ? { '@_type': 'person', ...present } : undefined;
}

/** The `<order>` element as mobilPay receives it and echoes it in every IPN. */
export const orderSchema = z.object({
  '@_type': z.literal('card'),
  '@_id': z.string().min(1).max(MAX_ORDER_ID_LENGTH),
  '@_timestamp': z.string().regex(/^\d{14}$/, 'timestamp must be YYYYMMDDhhmmss'),
  signature: z.string().min(1),
  invoice: z.object({
    '@_currency': currencySchema,
    '@_amount': amountTextSchema,
    details: z.string().optional(),
  }),
  recurrence: absentIfEmpty(z.object({ '@_payments_no': countSchema, '@_interval_day': countSchema })),
  ipn_cipher: z.string().optional(),
  params: absentIfEmpty(
    z.object({ param: z.array(z.object({ name: z.string(), value: z.string().default('') })) }),
  ),
  url: absentIfEmpty(z.object({ return: z.string().optional(), confirm: z.string().optional() })),
});
export type MobilpayOrder = z.infer<typeof orderSchema>;

/** What mobilPay itself checks on an incoming request (sandbox side): two decimals, range 0..99999 (VERIFIED). */
export const incomingOrderSchema = orderSchema.extend({
  invoice: orderSchema.shape.invoice.extend({ '@_amount': requestAmountSchema }),
  url: z.object({ return: z.string().min(1), confirm: z.string().min(1) }),
});

/** The parsed `<order>` document, as the sandbox reads a request. Throws XmlInputError or ZodError. */
export function parsePaymentRequestXml(xml: string): {
  order: z.infer<typeof incomingOrderSchema>;
  raw: unknown;
} {
  const raw = codec.parse(xml).order;
  return { order: incomingOrderSchema.parse(raw), raw };
}

export function paramValue(order: MobilpayOrder, name: string): string | undefined {
  return order.params?.param.find((p) => p.name === name)?.value;
}

export function merchantTokenOf(order: MobilpayOrder): string | undefined {
  return paramValue(order, MERCHANT_TOKEN_PARAM);
}

// ---------------------------------------------------------------------------------------------------------
// IPN: the request echoed back plus <mobilpay> (VERIFIED, docs v1.x + PHP_CARD Notify.php; facts §2.4)

export const notificationSchema = z.object({
  '@_timestamp': z.string().optional(),
  /** Mandatory: the PHP parser throws without it (VERIFIED). We echo it in our answer. */
  '@_crc': z.string().min(1).max(128),
  /** Checked against ACTIONS only after the merchant token (an unknown action gets a permanent error). */
  action: z.string(),
  purchase: z.string().regex(/^[0-9A-Za-z-]{1,40}$/, 'purchase must be an id'),
  original_amount: absentIfEmpty(amountTextSchema),
  processed_amount: absentIfEmpty(amountTextSchema),
  /** Sequence number within a recurrence; 1 on the first payment, 0 = recurrence not scheduled (seed 004). */
  current_payment_count: absentIfEmpty(countSchema),
  error: z.object({ '@_code': z.string().regex(/^\d{1,6}$/), '#text': z.string().optional() }),
});
export type MobilpayNotification = z.infer<typeof notificationSchema>;

export interface ParsedIpn {
  order: MobilpayOrder;
  notification: MobilpayNotification;
}

/** A decrypted IPN. Throws XmlInputError or ZodError (customer data and other fields are dropped unread). */
export function parseIpnXml(xml: string): ParsedIpn {
  const raw = codec.parse(xml).order as Record<string, unknown> | undefined;
  const order = orderSchema.parse(raw);
  const notification = notificationSchema.parse(raw?.mobilpay);
  return { order, notification };
}

export interface NotificationFacts {
  timestamp: string;
  crc: string;
  action: MobilpayAction;
  purchase: string;
  originalAmount: string;
  processedAmount: string;
  currentPaymentCount?: number;
  panMasked?: string;
  errorCode: string;
  errorMessage: string;
}

/** The IPN XML (sandbox side): the request exactly as parsed, plus `<mobilpay>`. */
export function buildIpnXml(requestOrder: unknown, facts: NotificationFacts): string {
  const mobilpay = {
    '@_timestamp': facts.timestamp,
    '@_crc': facts.crc,
    action: facts.action,
    purchase: facts.purchase,
    original_amount: facts.originalAmount,
    processed_amount: facts.processedAmount,
    ...(facts.currentPaymentCount !== undefined
      ? { current_payment_count: String(facts.currentPaymentCount) }
      : {}),
    ...(facts.panMasked ? { pan_masked: facts.panMasked } : {}),
    error: { '@_code': facts.errorCode, '#text': facts.errorMessage },
  };
  return codec.build({ order: { ...(requestOrder as Record<string, unknown>), mobilpay } });
}

// ---------------------------------------------------------------------------------------------------------
// Our answer to an IPN (VERIFIED, PHP_CARD README + cardConfirm.php; docs v1.x)

/** CONFIRM_ERROR_TYPE: 1 = temporary (mobilPay resends), 2 = permanent (VERIFIED). */
export const CRC_ERROR_TYPE = { temporary: 1, permanent: 2 } as const;

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

/** `<crc>{text}</crc>`: success. The docs recommend echoing the IPN's crc. */
export function buildCrcSuccess(text: string): string {
  return `${XML_DECLARATION}\n<crc>${escapeXml(text)}</crc>`;
}

/** `<crc error_type="1|2" error_code="N">message</crc>`; the code is ours to choose (decimal, as PHP prints it). */
export function buildCrcError(errorType: 1 | 2, errorCode: number, message: string): string {
  return `${XML_DECLARATION}\n<crc error_type="${errorType}" error_code="${errorCode}">${escapeXml(message)}</crc>`;
}

export type CrcAnswer = { ok: true } | { ok: false; errorType: 1 | 2; errorCode?: string };

/** How mobilPay reads our answer (sandbox side). Throws when there is no `<crc>`: that counts as no answer. */
export function parseCrcAnswer(body: string): CrcAnswer {
  const crc = codec.parse(body).crc;
  if (crc === undefined) throw new Error('no <crc> element');
  if (typeof crc === 'string') return { ok: true };
  const attrs = crc as Record<string, unknown>;
  const type = attrs['@_error_type'];
  if (type === undefined || type === '0') return { ok: true };
  // Anything but a permanent error is retried (INFERRED: an unreadable type is safest treated as temporary).
  const errorCode = typeof attrs['@_error_code'] === 'string' ? attrs['@_error_code'] : undefined;
  return { ok: false, errorType: type === '2' ? 2 : 1, errorCode };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
