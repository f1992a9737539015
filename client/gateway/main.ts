/**
 * The gateway process: configuration, Temporal, providers' webhook handlers, PaymentsClient, HTTP.
 * Exits 1 with a message naming the variable on bad configuration, and closes cleanly on SIGINT or
 * SIGTERM: in-flight requests finish, new ones get 503, then the Temporal connection closes.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { WebhookHandler } from '../../providers/contract';
import { ConfigError, loadConfig, type AppConfig } from '../../worker/config';
import { createLogger } from '../../worker/logger';
import { createDataConverter, createPayloadCodec } from '../../worker/encryption/data-converter';
import { describeEncryption } from '../../worker/encryption/key-ring';
import { configureProviders } from '../../worker/providers';
import { PaymentsClient, type ProviderDescription } from '../payments-client';
import { connectClient, temporalAnswers, type TemporalClient } from '../temporal-connection';
import { buildGateway } from './app';
import type { CodecEndpoint } from './routes/codec';

/** If closing takes longer than this (a stuck request or connection), exit anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger({ level: config.logLevel, name: 'gateway' });
  // Provider configuration errors are configuration errors too: report them before connecting.
  const providers = providersOrExit(config);
  if (config.encryption.mode === 'off') {
    logger.warn('PAYLOAD_ENCRYPTION=off: payloads (customer data) are stored in Temporal unencrypted');
  }

  let temporal: TemporalClient;
  try {
    temporal = await connectClient(config.temporal, createDataConverter(config.encryption));
  } catch (err) {
    logger.fatal({ err, address: config.temporal.address }, 'cannot connect to Temporal');
    process.exit(1);
  }

  const payments = new PaymentsClient({
    client: temporal.client,
    taskQueue: config.temporal.taskQueue,
    providers: providers.descriptions,
    gatewayPublicUrl: config.gateway.publicUrl,
    timeouts: config.timeouts,
    merchantNotifications: config.merchantNotifications && {
      url: config.merchantNotifications.url,
      retry: config.merchantNotifications.retry,
    },
    recurrence: config.recurrence,
  });
  const app = buildGateway({
    payments,
    recurrences: payments,
    webhooks: providers.webhooks,
    logger,
    bodyLimitBytes: config.gateway.bodyLimitBytes,
    webhookRejectLimitPerMinute: config.gateway.webhookRejectLimitPerMinute,
    readiness: () => temporalAnswers(temporal.connection),
    codec: codecEndpoint(config, logger),
    metricsToken: config.gateway.metricsToken,
  });

  closeOnSignals(app, temporal, logger);
  try {
    await app.listen({ host: config.gateway.host, port: config.gateway.port });
  } catch (err) {
    logger.fatal({ err }, 'cannot listen');
    await temporal.connection.close();
    process.exit(1);
  }
  logger.info(
    {
      providers: [...providers.webhooks.keys()],
      publicUrl: config.gateway.publicUrl,
      encryption: describeEncryption(config.encryption),
    },
    'gateway ready',
  );
}

/** The /codec endpoint needs both something to decode with and a token to guard it. */
function codecEndpoint(config: AppConfig, logger: Logger): CodecEndpoint | undefined {
  const codec = createPayloadCodec(config.encryption);
  const { authToken, corsOrigins } = config.gateway.codec;
  if (!codec) return undefined;
  if (!authToken) {
    logger.info('no codec endpoint for the Temporal UI: CODEC_AUTH_TOKEN is not set');
    return undefined;
  }
  logger.info({ corsOrigins }, 'codec endpoint for the Temporal UI at /codec');
  return { codec, authToken, corsOrigins };
}

function readConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    exitOnConfigError(err);
  }
}

function providersOrExit(config: AppConfig): {
  webhooks: Map<string, WebhookHandler>;
  descriptions: Map<string, ProviderDescription>;
} {
  try {
    const configured = configureProviders(config.providers);
    return {
      webhooks: new Map(
        configured.map(({ module, config: c }) => [module.name, module.createWebhookHandler(c)]),
      ),
      descriptions: new Map(
        configured.map(({ module }) => [
          module.name,
          {
            displayName: module.displayName,
            paymentModeId: module.paymentModeId,
            capabilities: module.capabilities,
          },
        ]),
      ),
    };
  } catch (err) {
    exitOnConfigError(err);
  }
}

/** Configuration errors are for the operator starting the process: plain text on stderr, exit 1. */
function exitOnConfigError(err: unknown): never {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}

function closeOnSignals(app: FastifyInstance, temporal: TemporalClient, logger: Logger): void {
  let closing = false;
  const close = async (signal: NodeJS.Signals): Promise<void> => {
    if (closing) {
      logger.warn({ signal }, 'second signal while closing: exiting now');
      process.exit(1);
    }
    closing = true;
    logger.info({ signal }, 'closing the gateway');
    setTimeout(() => {
      logger.error('shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    try {
      await app.close();
      await temporal.connection.close();
      logger.info('gateway closed');
    } catch (err) {
      logger.error({ err }, 'error while closing');
      process.exitCode = 1;
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, (s) => void close(s));
}

main().catch((err: unknown) => {
  process.stderr.write(
    `gateway failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
