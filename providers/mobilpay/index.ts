/**
 * NETOPIA mobilPay (seed 004), classic card protocol: the sealed XML card request (RSA + AES-256-CBC, or legacy
 * RC4 where OpenSSL still has it), encrypted IPNs answered with `<crc>`, the payment2 SOAP API for capture, cancel
 * and credit, and provider-scheduled recurrence (payments_no / interval_day, moveRecurrence,
 * modifyRecurrencePrice, cancelRecurrence). Decisions on unverified details are listed in README.md here.
 */
import type { ProviderCapabilities, ProviderModule } from '../contract';
import { MobilpayAdapter } from './adapter';
import { mobilpayConfigSchema } from './config';
import type { MobilpayConfig } from './config';
import { SOAP_PATH, startMobilpaySandbox } from './sandbox';
import { sandboxKeys } from './sandbox-keys';
import { MobilpayWebhookHandler } from './webhook';

export type { MobilpayConfig } from './config';

/** Currencies the card page takes (VERIFIED docs: RON, EUR, USD, GBP, MDL); each has two decimals. */
const CURRENCIES = ['RON', 'EUR', 'USD', 'GBP', 'MDL'] as const;

export const mobilpayCapabilities: ProviderCapabilities = {
  // One-stage on the main seller account, two-stage on a pre-authorization account (accounts.ts).
  captureModes: ['one_stage', 'two_stage'],
  // "capture amount higher than preauth amount" (error 55, VERIFIED) implies a smaller capture is allowed.
  partialCapture: true,
  // A capture confirms the order; a second one is refused ("can only CONFIRM a preauth order", 52): INFERRED.
  multipleCaptures: false,
  void: true,
  refunds: 'partial',
  multipleRefunds: true,
  statusApi: false,
  currencies: CURRENCIES,
  // 0 to 99999 per payment (VERIFIED); 0 is a card check, which we never ask for.
  amountLimits: Object.fromEntries(CURRENCIES.map((c) => [c, { min: 1, max: 9_999_900 }])),
  recurring: 'provider_scheduled',
};

/** Sandbox-only values: never valid at mobilPay. Keys come from sandbox-keys.ts (test-only files in sandbox-keys/). */
const SANDBOX_SETTINGS = {
  signature: 'SNBX-1STG-MBLP-AY00-0001',
  preauthSignature: 'SNBX-2STG-MBLP-AY00-0002',
  soapUsername: 'sandbox_api_user',
  soapPassword: 'sandbox-api-password',
  ipnTokenSecret: 'sandbox-ipn-token-secret-not-for-production',
} as const;

export const mobilpayProvider: ProviderModule<MobilpayConfig> = {
  name: 'mobilpay',
  displayName: 'NETOPIA mobilPay',
  capabilities: mobilpayCapabilities,
  configSchema: mobilpayConfigSchema,
  envPrefix: 'MOBILPAY_',
  sandboxConfig: (sandboxUrl) => {
    const keys = sandboxKeys();
    const base = sandboxUrl.replace(/\/+$/, '');
    return mobilpayConfigSchema.parse({
      ...SANDBOX_SETTINGS,
      paymentUrl: base,
      soapUrl: `${base}${SOAP_PATH}`,
      privateKeyPem: keys.merchantPrivateKeyPem,
      certificatePem: keys.mobilpayPublicKeyPem,
    });
  },
  createAdapter: (config) => new MobilpayAdapter(config),
  createWebhookHandler: (config) => new MobilpayWebhookHandler(config),
  startSandbox: (config, options) => startMobilpaySandbox(config, options),
};
