/**
 * The gateway without Temporal: the real Fastify app, routes and provider webhook handlers (so every
 * notification is parsed, verified, decrypted and normalized as in production), but a PaymentsApi whose
 * deliverNotification answers "delivered" at once. What it serves per second is the verification
 * ceiling; the gateway phase compares it with the Temporal-bound rates.
 */
import type { PaymentsApi } from '../../client/gateway/payments-api';
import { buildGateway } from '../../client/gateway/app';
import { loadConfig } from '../../worker/config';
import { createLogger } from '../../worker/logger';
import { configureProviders } from '../../worker/providers';

/** Only notifications reach this gateway; anything else it is asked is a bench bug. */
function deliverOnly(): PaymentsApi {
  const refuse = () => Promise.reject(new Error('the verification-only gateway serves webhooks only'));
  return {
    deliverNotification: async () => 'delivered',
    createPayment: refuse,
    getPayment: refuse,
    capture: refuse,
    void: refuse,
    refund: refuse,
    cancel: refuse,
    resolve: refuse,
    listPayments: refuse,
    listProviders: () => [],
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'verify-only-gateway' });
  const webhooks = new Map(
    configureProviders(config.providers).map(({ module, config: c }) => [
      module.name,
      module.createWebhookHandler(c),
    ]),
  );
  const app = buildGateway({
    payments: deliverOnly(),
    webhooks,
    logger,
    bodyLimitBytes: config.gateway.bodyLimitBytes,
    readiness: async () => true,
  });
  await app.listen({ host: config.gateway.host, port: config.gateway.port });
  const close = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}

main().catch((err: unknown) => {
  console.error('verification-only gateway failed:', err);
  process.exit(1);
});
