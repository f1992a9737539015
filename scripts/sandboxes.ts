/**
 * The provider sandboxes as one process (started by `npm start` in sandbox mode): each provider's
 * local stand-in on SANDBOX_BASE_PORT + its registry index, notifying the gateway's webhook URLs.
 */
import { ConfigError, loadConfig } from '../worker/config';
import { createLogger } from '../worker/logger';
import { configureProviders } from '../worker/providers';
import type { ProviderSandbox, SandboxOptions } from '../providers/contract';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'sandboxes' });
  if (config.providers.mode !== 'sandbox') {
    logger.info('PROVIDER_MODE is live: no sandboxes to start');
    return;
  }
  const sandboxes: ProviderSandbox[] = [];
  for (const provider of configureProviders(config.providers)) {
    const options: SandboxOptions & { dayMs: number } = {
      port: provider.sandboxPort as number,
      host: config.providers.sandboxHost,
      notificationUrl: `${config.gateway.publicUrl.replace(/\/$/, '')}/webhooks/${provider.module.name}`,
      // A provider that schedules recurring charges itself (mobilPay) counts this as its day; the gateway
      // counts intervalDays with the same day, so their dates agree (SANDBOX_RECURRENCE_DAY).
      dayMs: config.recurrence.dayMs,
    };
    const sandbox = await provider.module.startSandbox(provider.config, options);
    sandboxes.push(sandbox);
    logger.info(
      { provider: provider.module.name, url: sandbox.url },
      `${provider.module.displayName} sandbox ready`,
    );
  }
  const stop = async () => {
    await Promise.all(sandboxes.map((s) => s.close()));
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
