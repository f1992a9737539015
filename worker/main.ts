/**
 * The worker process: runs payment workflows and provider activities until SIGINT/SIGTERM, then
 * drains in-flight tasks and exits. Configuration errors exit with status 1 and name the variable.
 */
import { ConfigError, loadConfig, requireMerchantSecret } from './config';
import { createLogger, temporalLogger } from './logger';
import { configureProviders } from './providers';
import { connectWorker } from './native-connection';
import { createPaymentWorker } from './create-worker';
import { createDataConverter } from './encryption/data-converter';
import { describeEncryption } from './encryption/key-ring';
import { installWorkerRuntime } from './runtime-telemetry';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'worker' });
  installWorkerRuntime({
    logger,
    temporalLogger: temporalLogger(logger),
    metricsAddress: config.workerMetricsAddress,
  });
  if (config.encryption.mode === 'off') {
    logger.warn('PAYLOAD_ENCRYPTION=off: payloads (customer data) are stored in Temporal unencrypted');
  }
  const providers = configureProviders(config.providers);
  const adapters = new Map(providers.map((p) => [p.module.name, p.module.createAdapter(p.config)]));
  const connection = await connectWorker(config.temporal);
  const worker = await createPaymentWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    adapters,
    merchantNotifications: requireMerchantSecret(config),
    dataConverter: createDataConverter(config.encryption),
  });
  logger.info(
    {
      taskQueue: config.temporal.taskQueue,
      namespace: config.temporal.namespace,
      providers: [...adapters.keys()],
      encryption: describeEncryption(config.encryption),
    },
    'worker started',
  );
  // Runtime's default shutdown signals (SIGINT, SIGTERM, ...) make run() resolve after draining.
  await worker.run();
  await connection.close();
  logger.info('worker stopped');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error('worker failed:', err);
  }
  process.exit(1);
});
