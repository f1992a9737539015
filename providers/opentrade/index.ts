/**
 * OpenTrade Commerce custom payment system protocol (seed 000): a payment system that speaks it issues the
 * payer's form through GetPaymentParameters (PaymentFormAnswer → redirect) and reports the outcome with a result
 * signed with the payment secret at resultUrl. The protocol has nothing else: no status query, capture, void or
 * refund, so the capability table says so and such commands are rejected up front. Decisions on unverified
 * details, and who plays which party of the seed, are in README.md in this folder.
 */
import type { ProviderCapabilities, ProviderModule } from '../contract';
import { OpenTradeAdapter } from './adapter';
import { opentradeConfigSchema } from './config';
import type { OpenTradeConfig } from './config';
import { OPENTAO_CUSTOM_MODE_ID, SERVICE_PATH } from './protocol';
import { startOpenTradeSandbox } from './sandbox';
import { OpenTradeWebhookHandler } from './webhook';

export type { OpenTradeConfig } from './config';
export {
  buildPaymentModeListAnswer,
  OPENTAO_CUSTOM_MODE_ID,
  parsePaymentModeListAnswer,
  paymentModesFor,
} from './protocol';
export type { ConfiguredPaymentMethod, PaymentMode } from './protocol';

export const opentradeCapabilities: ProviderCapabilities = {
  // The payer pays in one step at the payment system; the protocol has no authorization hold to capture later.
  captureModes: ['one_stage'],
  partialCapture: false,
  multipleCaptures: false,
  void: false,
  refunds: 'none',
  multipleRefunds: false,
  // No status query: the signed result is authoritative and the workflow applies it directly.
  statusApi: false,
  // The protocol carries any ISO 4217 numeric code; RUB (643) is the only one the sources show (VERIFIED sample).
  // Add others here once the payment system behind the protocol confirms them.
  currencies: ['RUB'],
  recurring: 'none',
};

/** Credentials the sandbox accepts; never valid anywhere else. */
const SANDBOX_CREDENTIALS = {
  instanceKey: 'sandbox-instance-key',
  paymentSecret: 'sandbox-payment-secret-0123456789',
} as const;

export const opentradeProvider: ProviderModule<OpenTradeConfig> = {
  name: 'opentrade',
  displayName: 'OpenTrade Commerce custom payment system',
  paymentModeId: OPENTAO_CUSTOM_MODE_ID,
  capabilities: opentradeCapabilities,
  configSchema: opentradeConfigSchema,
  envPrefix: 'OPENTRADE_',
  sandboxConfig: (sandboxUrl) =>
    opentradeConfigSchema.parse({
      serviceUrl: sandboxUrl.replace(/\/+$/, '') + SERVICE_PATH,
      ...SANDBOX_CREDENTIALS,
    }),
  createAdapter: (config) => new OpenTradeAdapter(config),
  createWebhookHandler: (config) => new OpenTradeWebhookHandler(config),
  startSandbox: (config, options) => startOpenTradeSandbox(config, options),
};
