/**
 * IPS Assist (seed 001): card payments through Assist's payment pages, one-stage or two-stage (Delay=1, then
 * charge.cfm, full or partial), cancels and partial refunds through wscancel.cfm, order status through
 * orderstate.cfm, and the MD5-checkvalue result notification. Decisions on unverified details are listed in
 * README.md in this folder.
 */
import type { ProviderCapabilities, ProviderModule } from '../contract';
import { AssistAdapter } from './adapter';
import { assistConfigSchema } from './config';
import type { AssistConfig } from './config';
import { startAssistSandbox } from './sandbox';
import { AssistWebhookHandler } from './webhook';

export type { AssistConfig } from './config';

export const assistCapabilities: ProviderCapabilities = {
  captureModes: ['one_stage', 'two_stage'],
  // A partial confirmation is allowed "if the payment operation by bankcard was completed through processing
  // with correspondent settings" (VERIFIED, seed 001): merchants without that setting get a refusal.
  partialCapture: true,
  // We release the unconfirmed rest with AutoDeposit=1 on a partial capture, so there is no second capture.
  multipleCaptures: false,
  void: true,
  refunds: 'partial',
  multipleRefunds: true,
  statusApi: true,
  recurring: 'none',
};

/** Credentials the sandbox accepts; never valid at Assist. */
const SANDBOX_CREDENTIALS = {
  merchantId: '123456',
  login: 'sandbox_login',
  password: 'sandboxPassword1',
  secretWord: 'sandbox-secret-word',
} as const;

export const assistProvider: ProviderModule<AssistConfig> = {
  name: 'assist',
  displayName: 'IPS Assist',
  capabilities: assistCapabilities,
  configSchema: assistConfigSchema,
  envPrefix: 'ASSIST_',
  sandboxConfig: (sandboxUrl) =>
    assistConfigSchema.parse({ baseUrl: sandboxUrl, ...SANDBOX_CREDENTIALS, acceptTestMode: true }),
  createAdapter: (config) => new AssistAdapter(config),
  createWebhookHandler: (config) => new AssistWebhookHandler(config),
  startSandbox: (config, options) => startAssistSandbox(config, options),
};
