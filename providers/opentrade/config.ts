/** OpenTrade configuration, read from OPENTRADE_* environment variables (see index.ts) and validated here. */
import { z } from 'zod';
import { DEFAULT_TRANSIENT_ERROR_CODES } from './error-codes';
import { OPENTAO_CUSTOM_MODE_ID } from './payment-request';
import { RESULT_FIELDS } from './result-notification';
import { SIGNATURE_SCHEMES } from './result-signature';
import type { SignatureSettings } from './result-signature';

const fieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a parameter name');

/** A list from an environment variable ("a,b,c") or from code (an array). */
const nameList = (item: z.ZodString) =>
  z
    .union([
      z.array(z.string()),
      z.string().transform((text) =>
        text
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== ''),
      ),
    ])
    .pipe(z.array(item).min(1));

/** Fields a result must have signed under md5-concat, because the handler acts on them. */
const FIELDS_ACTED_ON = [
  RESULT_FIELDS.orderId,
  RESULT_FIELDS.paymentId,
  RESULT_FIELDS.amount,
  RESULT_FIELDS.currency,
  RESULT_FIELDS.status,
];

export const opentradeConfigSchema = z
  .object({
    /**
     * The payment system's OTAPI-style service root; GetPaymentParameters is `${serviceUrl}/GetPaymentParameters`,
     * e.g. https://pay.example/OtapiWebService2.asmx.
     */
    serviceUrl: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')),
    /** OTAPI's `instanceKey`: our credential for GetPaymentParameters (INFERRED use). A secret. */
    instanceKey: z.string().min(1).max(128),
    /** The payment secret of §3.3.1 (VERIFIED to exist): authenticates results. */
    paymentSecret: z.string().min(16, 'the payment secret must be at least 16 characters'),
    /** PaymentSystemId in the PaymentRequest (VERIFIED value for a custom PS). */
    paymentSystemId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/)
      .default(OPENTAO_CUSTOM_MODE_ID),
    /** OTAPI `language` when the payment names none: two lowercase letters (VERIFIED `en`, `ru` in use). */
    language: z
      .string()
      .regex(/^[a-z]{2}$/)
      .default('en'),
    /** How results are signed; see result-signature.ts (both INFERRED). */
    resultSignature: z.enum(SIGNATURE_SCHEMES).default('hmac-sha256'),
    signatureLocation: z.enum(['parameter', 'header']).default('parameter'),
    signatureParameter: fieldName.default('Signature'),
    signatureHeader: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/)
      .transform((h) => h.toLowerCase())
      .default('x-opentrade-signature'),
    signatureEncoding: z.enum(['hex', 'base64']).default('hex'),
    md5Fields: nameList(fieldName).default([...FIELDS_ACTED_ON]),
    /** `none` joins the values without a separator (an empty environment variable would read as unset). */
    md5Separator: z
      .string()
      .max(4)
      .transform((s) => (s === 'none' ? '' : s))
      .default(':'),
    /** ErrorCodes that mean "try again" (INFERRED defaults, see error-codes.ts). */
    transientErrorCodes: nameList(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/)).default([
      ...DEFAULT_TRANSIENT_ERROR_CODES,
    ]),
    requestTimeoutMs: z.coerce.number().int().positive().max(120_000).default(15_000),
  })
  .superRefine((config, ctx) => {
    if (config.resultSignature !== 'md5-concat') return;
    const signed = new Set(config.md5Fields.map((f) => f.toLowerCase()));
    const unsigned = FIELDS_ACTED_ON.filter((f) => !signed.has(f.toLowerCase()));
    if (unsigned.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['md5Fields'],
        message: `must include ${unsigned.join(', ')}: the result's state is read from signed fields only`,
      });
    }
  });

export type OpenTradeConfig = z.infer<typeof opentradeConfigSchema>;

export function signatureSettings(config: OpenTradeConfig): SignatureSettings {
  return {
    scheme: config.resultSignature,
    location: config.signatureLocation,
    parameterName: config.signatureParameter,
    headerName: config.signatureHeader,
    encoding: config.signatureEncoding,
    md5Fields: config.md5Fields,
    md5Separator: config.md5Separator,
  };
}
