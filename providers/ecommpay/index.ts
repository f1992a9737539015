/**
 * ECommPay card-partner (seed 002): "card payments via a partner" in KES and USD, paid through Gate
 * (`card-partner/sale`, the redirect arriving in a later `awaiting redirect result` callback) or the signed
 * Payment Page, full refunds through Gate, signed JSON callbacks, and the Gate status API. Which integration is
 * used is configuration (`ECOMMPAY_INTEGRATION=gate|payment_page`). Decisions on unverified details are listed
 * in README.md in this folder.
 */
import type { ProviderCapabilities, ProviderModule } from '../contract';
import { EcommpayAdapter } from './adapter';
import { ecommpayConfigSchema } from './config';
import type { EcommpayConfig } from './config';
import { AMOUNT_LIMITS, CURRENCIES } from './protocol';
import { startEcommpaySandbox } from './sandbox';
import { EcommpayWebhookHandler } from './webhook';

export type { EcommpayConfig } from './config';

export const ecommpayCapabilities: ProviderCapabilities = {
  // Purchases are one-step sales; no auth/capture is listed for the method (VERIFIED §1.9).
  captureModes: ['one_stage'],
  partialCapture: false,
  multipleCaptures: false,
  void: false,
  // "Full refunds +", partial refunds not offered (VERIFIED §1.9); one full refund leaves nothing to refund.
  refunds: 'full_only',
  multipleRefunds: false,
  statusApi: true,
  currencies: CURRENCIES,
  amountLimits: AMOUNT_LIMITS,
  recurring: 'none',
};

/** Credentials the sandbox accepts; never valid at ECommPay. */
const SANDBOX_CREDENTIALS = { projectId: 4242, secretKey: 'sandbox-secret-key' } as const;

export const ecommpayProvider: ProviderModule<EcommpayConfig> = {
  name: 'ecommpay',
  displayName: 'ECommPay card-partner',
  capabilities: ecommpayCapabilities,
  configSchema: ecommpayConfigSchema,
  envPrefix: 'ECOMMPAY_',
  sandboxConfig: (sandboxUrl) =>
    ecommpayConfigSchema.parse({ gateUrl: sandboxUrl, paymentPageUrl: sandboxUrl, ...SANDBOX_CREDENTIALS }),
  createAdapter: (config) => new EcommpayAdapter(config),
  createWebhookHandler: (config) => new EcommpayWebhookHandler(config),
  startSandbox: (config, options) => startEcommpaySandbox(config, options),
};
