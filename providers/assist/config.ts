/** Assist configuration, read from ASSIST_* environment variables (see index.ts) and validated here. */
import { z } from 'zod';
import { LANGUAGES } from './protocol';

/** Environment variables arrive as text; sandbox and test configuration passes real booleans. */
const booleanSetting = z.union([z.boolean(), z.stringbool()]);

export const assistConfigSchema = z.object({
  /** The merchant's Assist host, e.g. https://payments.paysecure.ru (test: https://payments.demo.paysecure.ru). */
  baseUrl: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')),
  merchantId: z.string().regex(/^\d{1,20}$/, 'Merchant_ID is a number'),
  /** API login and password for charge/cancel/orderstate (Latin letters, digits, '_'; VERIFIED 20/30 max). */
  login: z.string().regex(/^\w{1,20}$/),
  password: z.string().regex(/^[A-Za-z0-9]{1,30}$/),
  /** The secret word ("SALT") of the checkvalue, set in the Personal Account. */
  secretWord: z.string().min(1),
  /** How the payment request's checkvalue joins its values: per merchant / doc version (GAP). */
  checkvalueVariant: z.enum(['joined', 'unjoined']).default('joined'),
  /** charge.cfm over plain HTTP POST or over SOAP (both VERIFIED to exist). */
  confirmTransport: z.enum(['http', 'soap']).default('http'),
  /** Language of the payer pages and of answers, when the payment does not name one. */
  language: z.enum(LANGUAGES).default('EN'),
  requestTimeoutMs: z.coerce.number().int().positive().max(120_000).default(15_000),
  /**
   * Assist marks test payments with testmode=1 and says not to ship goods for them (VERIFIED). Production
   * configuration keeps this false so such notifications are acknowledged but move nothing; sandboxes set it.
   */
  acceptTestMode: booleanSetting.default(false),
});

export type AssistConfig = z.infer<typeof assistConfigSchema>;
