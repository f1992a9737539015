/**
 * BIG FISH Payment Gateway (seed 003, Hungary): one-off card payments through BIG FISH's Start page, one-step
 * (AutoCommit) or two-step (Close: capture all, capture part, release), partial refunds, Result as the status API
 * with NotificationUrl calls as triggers, and merchant-initiated charges on a registered card (InitRP → StartRP →
 * Close). Decisions on unverified details are listed in README.md in this folder.
 */
import type { ProviderCapabilities, ProviderModule } from '../contract';
import { BigfishAdapter } from './adapter';
import { bigfishConfigSchema } from './config';
import type { BigfishConfig } from './config';
import { startBigfishSandbox } from './sandbox';
import { BigfishWebhookHandler } from './webhook';

export type { BigfishConfig } from './config';
export type { BigfishSandbox } from './sandbox';

export const bigfishCapabilities: ProviderCapabilities = {
  captureModes: ['one_stage', 'two_stage'],
  // ApprovedAmount in Close (VERIFIED); only some providers behind BIG FISH support it (see README.md).
  partialCapture: true,
  // A transaction closes once; a partial Close releases the rest (VERIFIED).
  multipleCaptures: false,
  void: true,
  refunds: 'partial',
  // Several partial refunds up to the captured amount (INFERRED: BIG FISH documents partial refunds, no limit).
  multipleRefunds: true,
  statusApi: true,
  // Result does not list refunds: an unknown refund outcome goes to an operator.
  statusShowsRefunds: false,
  // INFERRED: the currencies BIG FISH's samples and SDK name; the store's contract decides the rest.
  currencies: ['HUF', 'EUR', 'USD'],
  recurring: 'merchant_initiated',
};

/** Credentials the sandbox accepts: BIG FISH's public SDK test store (VERIFIED, php7-sdk Config.php). */
const SANDBOX_CREDENTIALS = {
  storeName: 'sdk_test',
  apiKey: '86af3-80e4f-f8228-9498f-910ad',
  // A one-click provider with partial capture, so every flow is available (VERIFIED lists).
  providerName: 'OTPSimple',
  notificationSecret: 'sandbox-notification-secret-0001',
} as const;

export const bigfishProvider: ProviderModule<BigfishConfig> = {
  name: 'bigfish',
  displayName: 'BIG FISH Payment Gateway',
  capabilities: bigfishCapabilities,
  configSchema: bigfishConfigSchema,
  envPrefix: 'BIGFISH_',
  sandboxConfig: (sandboxUrl) => bigfishConfigSchema.parse({ baseUrl: sandboxUrl, ...SANDBOX_CREDENTIALS }),
  createAdapter: (config) => new BigfishAdapter(config),
  createWebhookHandler: (config) => new BigfishWebhookHandler(config),
  startSandbox: (config, options) => startBigfishSandbox(config, options),
};
