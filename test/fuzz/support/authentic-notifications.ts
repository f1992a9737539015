/**
 * One authentic notification per provider, made with the provider's own protocol code and the sandbox
 * configuration's secrets, as the provider itself would send it. The fuzz tests truncate these: a cut
 * through signed content must be refused, never half-applied.
 */
import { createPublicKey } from 'node:crypto';
import type { WebhookRequest } from '../../../providers/contract';
import type { AssistConfig } from '../../../providers/assist/config';
import { notificationCheckvalue } from '../../../providers/assist/protocol';
import type { BigfishConfig } from '../../../providers/bigfish/config';
import { notificationKey, notificationUrlFor } from '../../../providers/bigfish/notification-url';
import { buildNotificationBody } from '../../../providers/bigfish/protocol';
import type { EcommpayConfig } from '../../../providers/ecommpay/config';
import { sign } from '../../../providers/ecommpay/signature';
import type { MobilpayConfig } from '../../../providers/mobilpay/config';
import { sealEnvelope } from '../../../providers/mobilpay/envelope';
import { MERCHANT_TOKEN_PARAM, merchantToken } from '../../../providers/mobilpay/merchant-token';
import {
  buildIpnXml,
  buildPaymentRequestXml,
  parsePaymentRequestXml,
} from '../../../providers/mobilpay/protocol';
import type { OpenTradeConfig } from '../../../providers/opentrade';
import { signatureSettings } from '../../../providers/opentrade/config';
import { buildResultParams, signedResult } from '../../../providers/opentrade/protocol';

export const SAMPLE_PAYMENT_ID = 'fuzz-order-1';

const FORM = 'application/x-www-form-urlencoded';
const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());

type Builder = (config: never) => WebhookRequest;

const BUILDERS: Record<string, Builder> = {
  assist: (config: AssistConfig) => {
    const fields = {
      merchant_id: config.merchantId,
      ordernumber: SAMPLE_PAYMENT_ID,
      billnumber: '5111111000965142',
      amount: '237.40',
      currency: 'USD',
      orderamount: '237.40',
      ordercurrency: 'USD',
      orderstate: 'Delayed' as const,
      responsecode: 'AS000',
      testmode: '0',
      packetdate: '2024-01-31 12:00:00',
    };
    const checkvalue = notificationCheckvalue(fields, config.secretWord);
    return request(form({ ...fields, checkvalue }), FORM);
  },

  bigfish: (config: BigfishConfig) => {
    const url = new URL(
      notificationUrlFor('http://gateway.test/webhooks/bigfish', SAMPLE_PAYMENT_ID, notificationKey(config)),
    );
    const body = buildNotificationBody({
      storeName: config.storeName,
      transactionId: '8219d46f5cc9a240f6f5f5c4c9e070df',
      orderId: SAMPLE_PAYMENT_ID,
    });
    return request(Buffer.from(body), 'application/json', Object.fromEntries(url.searchParams));
  },

  ecommpay: (config: EcommpayConfig) => {
    const body = {
      project_id: config.projectId,
      payment: {
        id: SAMPLE_PAYMENT_ID,
        type: 'purchase',
        status: 'success',
        sum: { amount: 2500, currency: 'USD' },
      },
      operation: {
        id: 389,
        type: 'sale',
        status: 'success',
        request_id: '0be9d6d54056a9dd-00000001',
        sum_initial: { amount: 2500, currency: 'USD' },
        code: '0',
        message: 'Success',
      },
    };
    return request(
      Buffer.from(JSON.stringify({ ...body, signature: sign(body, config.secretKey) })),
      'application/json',
    );
  },

  mobilpay: (config: MobilpayConfig) => {
    const facts = {
      orderId: SAMPLE_PAYMENT_ID,
      signature: config.signature,
      amount: '25.00',
      currency: 'RON',
    };
    const requestXml = buildPaymentRequestXml({
      ...facts,
      timestamp: '20240101120000',
      ipnCipher: 'aes-256-cbc',
      params: { [MERCHANT_TOKEN_PARAM]: merchantToken(config.ipnTokenSecret, facts) },
      returnUrl: 'https://merchant.test/return',
      confirmUrl: 'http://gateway.test/webhooks/mobilpay',
    });
    const ipn = buildIpnXml(parsePaymentRequestXml(requestXml).raw, {
      timestamp: '20240101120500',
      crc: '47b6a77de9854bba047b5d2889f9d13b',
      action: 'confirmed',
      purchase: '1219841',
      originalAmount: '25.00',
      processedAmount: '25.00',
      currentPaymentCount: 1,
      errorCode: '0',
      errorMessage: 'Transaction approved',
    });
    const sealed = sealEnvelope(ipn, createPublicKey(config.privateKeyPem), 'aes-256-cbc');
    return request(form({ ...sealed }), FORM);
  },

  opentrade: (config: OpenTradeConfig) => {
    const params = buildResultParams({
      orderId: SAMPLE_PAYMENT_ID,
      paymentId: '222',
      amount: 50_015,
      currency: 'RUB',
      status: 'success',
    });
    const { fields, headers } = signedResult(params, config.paymentSecret, signatureSettings(config));
    return request(form(fields), FORM, {}, headers);
  },
};

/** The authentic notification for `provider`, or undefined for a provider added without a builder here. */
export function authenticNotification(provider: string, config: unknown): WebhookRequest | undefined {
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
