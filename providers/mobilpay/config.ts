/**
 * mobilPay configuration, read from MOBILPAY_* environment variables (see index.ts) and validated here: every
 * field accepts text, the keys must load, and RC4 is refused up front where this Node's OpenSSL lacks it.
 * PEMs may arrive on one line with literal "\n" (as environment variables often carry them).
 */
import { z } from 'zod';
import { loadPrivateKey, loadPublicKey } from './accounts';
import { ENVELOPE_CIPHERS, isCipherAvailable, rc4UnavailableMessage } from './envelope';
import { signatureSchema } from './protocol';
import { assertTimeZone, DEFAULT_TIME_ZONE } from './wall-clock';

const pemSchema = z
  .string()
  .transform((text) => text.replace(/\\n/g, '\n').trim())
  .pipe(z.string().regex(/^-----BEGIN [A-Z ]+-----\n[\s\S]+\n-----END [A-Z ]+-----$/, 'must be a PEM block'));

/** At least 32 characters: an HMAC key (merchant-token.ts), never sent anywhere. */
const tokenSecretSchema = z.string().min(32, 'must be at least 32 characters');

export const mobilpayConfigSchema = z
  .object({
    /** Card payment endpoint: https://secure.mobilpay.ro, sandbox https://sandboxsecure.mobilpay.ro (VERIFIED). */
    paymentUrl: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')),
    /** payment2 SOAP endpoint: https://secure.mobilpay.ro/api/payment2/ (VERIFIED WSDL location, facts §2.1). */
    soapUrl: z.url({ protocol: /^https?$/ }),
    /** Seller account for one-stage payments (`confirmed` at once). */
    signature: signatureSchema,
    privateKeyPem: pemSchema,
    privateKeyPassphrase: z.string().min(1).optional(),
    /** mobilPay's X.509 certificate for the account, or its bare RSA public key. */
    certificatePem: pemSchema,
    /** Seller account configured for pre-authorization (`paid`), for two-stage payments (accounts.ts). */
    preauthSignature: signatureSchema.optional(),
    preauthPrivateKeyPem: pemSchema.optional(),
    preauthPrivateKeyPassphrase: z.string().min(1).optional(),
    preauthCertificatePem: pemSchema.optional(),
    /** An admin-console user of the merchant, for the SOAP logIn (VERIFIED). */
    soapUsername: z.string().min(1),
    soapPassword: z.string().min(1),
    /** Keys the merchant token that authenticates IPNs (merchant-token.ts). */
    ipnTokenSecret: tokenSecretSchema,
    /** The previous secret, still accepted while payments made with it may send IPNs. */
    ipnTokenPreviousSecret: tokenSecretSchema.optional(),
    /** Cipher for requests, and asked of mobilPay for IPNs through `ipn_cipher` (VERIFIED). */
    cipher: z.enum(ENVELOPE_CIPHERS).default('aes-256-cbc'),
    /** Payment page language, appended to the payment URL (VERIFIED, e.g. /en) when the payment names none. */
    language: z
      .string()
      .regex(/^[a-z]{2}$/, 'a two-letter language code')
      .optional(),
    /** Zone of the order timestamp and recurrence dates (wall-clock.ts). */
    timeZone: z.string().default(DEFAULT_TIME_ZONE),
    requestTimeoutMs: z.coerce.number().int().positive().max(120_000).default(20_000),
    /**
     * How long a SOAP session is reused. Not documented; mobilPay's API is PHP, whose sessions last 24 minutes by
     * default, so 20 minutes (INFERRED). A session refused earlier is renewed anyway.
     */
    sessionTtlMs: z.coerce
      .number()
      .int()
      .positive()
      .default(20 * 60_000),
  })
  .superRefine((config, ctx) => {
    if (config.cipher === 'rc4' && !isCipherAvailable('rc4')) {
      ctx.addIssue({ code: 'custom', path: ['cipher'], message: rc4UnavailableMessage() });
    }
    const check = (path: string, load: () => unknown) => {
      try {
        load();
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: [path], message: (error as Error).message });
      }
    };
    check('privateKeyPem', () => loadPrivateKey(config.privateKeyPem, config.privateKeyPassphrase));
    check('certificatePem', () => loadPublicKey(config.certificatePem));
    if (config.preauthPrivateKeyPem) {
      const pem = config.preauthPrivateKeyPem;
      check('preauthPrivateKeyPem', () => loadPrivateKey(pem, config.preauthPrivateKeyPassphrase));
    }
    if (config.preauthCertificatePem) {
      const pem = config.preauthCertificatePem;
      check('preauthCertificatePem', () => loadPublicKey(pem));
    }
    const preauthKeys = config.preauthPrivateKeyPem ?? config.preauthCertificatePem;
    if (preauthKeys && !config.preauthSignature) {
      ctx.addIssue({
        code: 'custom',
        path: ['preauthSignature'],
        message: 'pre-authorization keys need preauthSignature',
      });
    }
    if (config.preauthSignature && config.preauthSignature === config.signature) {
      ctx.addIssue({
        code: 'custom',
        path: ['preauthSignature'],
        message: 'must be a different seller account than signature (pre-authorization is set per account)',
      });
    }
    check('timeZone', () => assertTimeZone(config.timeZone));
  });

export type MobilpayConfig = z.infer<typeof mobilpayConfigSchema>;
