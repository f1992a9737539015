/**
 * Garbage that passes a provider's authentication: random fields and values signed (or sealed, or
 * tokenised) with the sandbox configuration's real secret. Hostile bodies are refused at the signature
 * check; these reach the parsers and normalizers behind it, which must refuse or ignore what they cannot
 * read without throwing. Authentic content may legitimately become an event.
 */
import { createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import type { WebhookRequest } from '../../../providers/contract';
import type { AssistConfig } from '../../../providers/assist/config';
import { notificationCheckvalue } from '../../../providers/assist/protocol';
import type { BigfishConfig } from '../../../providers/bigfish/config';
import { notificationKey, notificationUrlFor } from '../../../providers/bigfish/notification-url';
import type { EcommpayConfig } from '../../../providers/ecommpay/config';
import { sign, type SignableValue } from '../../../providers/ecommpay/signature';
import type { MobilpayConfig } from '../../../providers/mobilpay/config';
import { sealEnvelope } from '../../../providers/mobilpay/envelope';
import type { OpenTradeConfig } from '../../../providers/opentrade';
import { signatureSettings } from '../../../providers/opentrade/config';
import { RESULT_FIELDS, signedResult } from '../../../providers/opentrade/protocol';
import { SAMPLE_PAYMENT_ID } from './authentic-notifications';
import { hostileBody, NASTY_NUMBERS, POISON_KEYS, XML_BOMBS } from './hostile-input';

const FORM = 'application/x-www-form-urlencoded';
const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());
const value = fc.oneof(fc.string({ maxLength: 24 }), fc.constantFrom(...NASTY_NUMBERS));

type Builder = (config: never) => fc.Arbitrary<WebhookRequest>;

const BUILDERS: Record<string, Builder> = {
  assist: (config: AssistConfig) =>
    fc
      .record({
        merchant_id: fc.oneof(fc.constant(config.merchantId), value),
        ordernumber: value,
        billnumber: value,
        amount: value,
        currency: fc.oneof(fc.constantFrom('USD', 'RUB', 'usd', 'XXX'), value),
        orderstate: fc.oneof(
          fc.constantFrom('Approved', 'Delayed', 'Declined', 'Canceled', 'Timeout'),
          value,
        ),
        responsecode: value,
        packetdate: value,
      })
      .map((fields) => {
        const checkvalue = notificationCheckvalue(fields as never, config.secretWord);
        return request(form({ ...fields, checkvalue }), FORM);
      }),

  bigfish: (config: BigfishConfig) =>
    fc.tuple(hostileBody, fc.constantFrom('application/json', FORM, 'text/plain')).map(([body, type]) => {
      const url = new URL(
        notificationUrlFor(
          'http://gateway.test/webhooks/bigfish',
          SAMPLE_PAYMENT_ID,
          notificationKey(config),
        ),
      );
      return request(body, type, Object.fromEntries(url.searchParams));
    }),

  ecommpay: (config: EcommpayConfig) =>
    fc
      .record({
        project_id: fc.oneof(
          fc.constant<SignableValue>(config.projectId),
          fc.jsonValue() as fc.Arbitrary<SignableValue>,
        ),
        payment: fc.oneof(
          fc.record({
            id: fc.oneof(fc.constant(SAMPLE_PAYMENT_ID), fc.string({ maxLength: 12 })),
            status: fc.oneof(fc.constantFrom('success', 'decline', 'awaiting redirect result'), fc.string()),
            sum: fc.record({
              amount: fc.oneof(fc.integer(), fc.double()),
              currency: fc.string({ maxLength: 4 }),
            }),
          }),
          fc.jsonValue({ maxDepth: 2 }),
        ) as fc.Arbitrary<SignableValue>,
        operation: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<SignableValue>,
        [POISON_KEYS[1]]: fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<SignableValue>,
      })
      .map((body) => {
        let signature: string;
        try {
          signature = sign(body, config.secretKey);
        } catch {
          signature = 'unsignable';
        }
        return request(Buffer.from(JSON.stringify({ ...body, signature })), 'application/json');
      }),

  mobilpay: (config: MobilpayConfig) => {
    const merchantKey = createPublicKey(config.privateKeyPem);
    const xml = fc.oneof(
      fc.constantFrom(...XML_BOMBS),
      fc
        .string({ maxLength: 300 })
        .map((inner) => `<?xml version="1.0"?><order id="${inner}">${inner}</order>`),
      fc.string({ maxLength: 300 }),
    );
    return xml.map((document) =>
      request(form({ ...sealEnvelope(document, merchantKey, 'aes-256-cbc') }), FORM),
    );
  },

  opentrade: (config: OpenTradeConfig) =>
    fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(...Object.values(RESULT_FIELDS)),
            fc.constantFrom(...POISON_KEYS),
            fc.string({ maxLength: 8 }),
          ),
          value,
        ),
        { maxLength: 9 },
      )
      .map((pairs) => {
        const unique = [
          ...new Map(pairs.map(([name, v]) => [name.toLowerCase(), [name, v] as [string, string]])).values(),
        ];
        const { fields, headers } = signedResult(unique, config.paymentSecret, signatureSettings(config));
        return request(form(fields), FORM, {}, headers);
      }),
};

/** Authentic garbage for `provider`, or undefined for a provider added without a builder here. */
export function signedGarbage(provider: string, config: unknown): fc.Arbitrary<WebhookRequest> | undefined {
  return BUILDERS[provider]?.(config as never);
}

function request(
  rawBody: Buffer,
  contentType: string,
  query: Record<string, string> = {},
  headers: Record<string, string> = {},
): WebhookRequest {
  return { rawBody, headers: { 'content-type': contentType, ...headers }, query, sourceIp: '203.0.113.9' };
}
