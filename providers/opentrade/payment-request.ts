/**
 * Our GetPaymentParameters call (step 6 of the seed) and the `<PaymentRequest>` XML it carries.
 *
 * VERIFIED (OpenTao "box" client code, see ../../../shared/providers/bigfish-mobilpay-opentrade.md §3): the
 * call is `GetPaymentParameters(language, sessionId, xmlParameters)` on an OTAPI service
 * (`…/OtapiWebService2.asmx/<Method>` with `instanceKey` and `language` beside the method's own parameters),
 * and `xmlParameters` is `<PaymentRequest>` with Amount, CurrencyCode, PaymentSystemId, SuccessUrl, FailUrl,
 * IsPartialPayment (`false`), optional OrderId and optional Custom.
 *
 * INFERRED (ours, because here the payment system, not OpenTrade, issues the form and must learn where to post
 * the result): `ResultUrl` and `Description` elements; the call as an x-www-form-urlencoded POST (ASMX services
 * take the same fields by GET or POST; POST keeps the instance key and order text out of URLs and access logs);
 * no `sessionId`, since there is no OpenTrade user session behind an orchestrated payment.
 */
import { z } from 'zod';
import { toProtocolAmount } from './amounts';
import { buildXmlFragment, parseXml } from './xml';

/** The OTAPI method name, appended to the configured service URL. */
export const GET_PAYMENT_PARAMETERS = 'GetPaymentParameters';

/** The payment mode id of a custom payment system (VERIFIED, seed step 2–4). */
export const OPENTAO_CUSTOM_MODE_ID = 'opentao.custom';

export interface PaymentRequestInput {
  /** Our payment id: the OrderId, stable across retries, so a repeated call returns the same form. */
  orderId: string;
  /** Minor units of `currency`. */
  amount: number;
  /** ISO 4217 alpha-3. */
  currency: string;
  paymentSystemId: string;
  successUrl: string;
  failUrl: string;
  resultUrl: string;
  description: string;
}

/** Our choice: a description longer than this is cut (the protocol gives no limit). */
export const MAX_DESCRIPTION = 255;

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);

export const paymentRequestSchema = z.object({
  Amount: z.string().regex(/^\d{1,15}([.,]\d{1,4})?$/, 'Amount must be decimal text'),
  CurrencyCode: z.string().regex(/^[A-Z]{3}$/, 'CurrencyCode must be ISO 4217 alpha-3'),
  PaymentSystemId: z.string().min(1).max(64),
  SuccessUrl: httpUrl,
  FailUrl: httpUrl,
  ResultUrl: httpUrl,
  IsPartialPayment: z.enum(['true', 'false']).optional(),
  OrderId: z.string().min(1).max(128),
  Description: z.string().max(MAX_DESCRIPTION).optional(),
  Custom: z.string().max(1024).optional(),
});
export type PaymentRequest = z.infer<typeof paymentRequestSchema>;

/** `<PaymentRequest>` as text. Throws MoneyError for an amount the currency cannot express. */
export function buildPaymentRequestXml(input: PaymentRequestInput): string {
  return buildXmlFragment({
    PaymentRequest: {
      Amount: toProtocolAmount(input.amount, input.currency),
      CurrencyCode: input.currency,
      PaymentSystemId: input.paymentSystemId,
      SuccessUrl: input.successUrl,
      FailUrl: input.failUrl,
      ResultUrl: input.resultUrl,
      // One payment pays the whole amount (VERIFIED value sent by the OpenTao client).
      IsPartialPayment: 'false',
      OrderId: input.orderId,
      Description: input.description.slice(0, MAX_DESCRIPTION),
    },
  });
}

/** The payment system's side: reads `xmlParameters`. Throws XmlInputError or ZodError. */
export function parsePaymentRequestXml(xml: string): PaymentRequest {
  return z.object({ PaymentRequest: paymentRequestSchema }).parse(parseXml(xml)).PaymentRequest;
}

/** The form fields of the call. `instanceKey` is a credential: never log these fields. */
export function getPaymentParametersFields(
  instanceKey: string,
  language: string,
  xmlParameters: string,
): Record<string, string> {
  return { instanceKey, language, xmlParameters };
}

export const getPaymentParametersFieldsSchema = z.object({
  instanceKey: z.string().min(1).max(128),
  language: z.string().regex(/^[a-z]{2}$/, 'language is a two-letter code'),
  xmlParameters: z.string().min(1).max(16_384),
});
