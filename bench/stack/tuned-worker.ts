/**
 * The payment worker as worker/main.ts runs it, plus the tuning knobs worker/config.ts does not read
 * yet. The bench starts this entry only for runs that set one of them (cache size, task slots, sticky
 * queue timeout); every other run uses worker/main.ts itself. The variable names are the ones proposed
 * for worker/config.ts (docs/benchmarks.md, "Tuning").
 */
import { createPaymentWorker } from '../../worker/create-worker';
import { loadConfig, requireMerchantSecret } from '../../worker/config';
import { createDataConverter } from '../../worker/encryption/data-converter';
import { createLogger, temporalLogger } from '../../worker/logger';
import { connectWorker } from '../../worker/native-connection';
import { configureProviders } from '../../worker/providers';
import { installWorkerRuntime } from '../../worker/runtime-telemetry';
import { tuningFromEnv } from './tuning';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'worker' });
  installWorkerRuntime({
    logger,
    temporalLogger: temporalLogger(logger),
    metricsAddress: config.workerMetricsAddress,
  });
  const providers = configureProviders(config.providers);
  const adapters = new Map(providers.map((p) => [p.module.name, p.module.createAdapter(p.config)]));
  const connection = await connectWorker(config.temporal);
  const tuning = tuningFromEnv(process.env);
  const worker = await createPaymentWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    adapters,
    merchantNotifications: requireMerchantSecret(config),
    dataConverter: createDataConverter(config.encryption),
    tuning,
  });
  // The same readiness line as worker/main.ts, so the bench waits for either entry the same way.
  logger.info({ taskQueue: config.temporal.taskQueue, tuning }, 'worker started');
  await worker.run();
  await connection.close();
}

main().catch((err: unknown) => {
  console.error('bench worker failed:', err);
  process.exit(1);
});
