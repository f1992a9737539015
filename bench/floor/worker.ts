/**
 * The floor's worker process: the floor workflow and its empty activities on their own task queue,
 * connected, configured (payload encryption included) and tuned exactly like the payment worker, so
 * the two differ only in the workflow and activities they run.
 */
import { Worker } from '@temporalio/worker';
import { loadConfig } from '../../worker/config';
import { createDataConverter } from '../../worker/encryption/data-converter';
import { createLogger, temporalLogger } from '../../worker/logger';
import { connectWorker } from '../../worker/native-connection';
import { installWorkerRuntime } from '../../worker/runtime-telemetry';
import { tuningFromEnv } from '../stack/tuning';
import { floorActivities } from './activities';
import { FLOOR_TASK_QUEUE } from './definitions';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'floor-worker' });
  installWorkerRuntime({ logger, temporalLogger: temporalLogger(logger), metricsAddress: undefined });
  const connection = await connectWorker(config.temporal);
  const tuning = tuningFromEnv(process.env);
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: FLOOR_TASK_QUEUE,
    workflowsPath: require.resolve('./workflows'),
    activities: floorActivities,
    dataConverter: createDataConverter(config.encryption),
    shutdownGraceTime: '10 seconds',
    ...tuning,
  });
  logger.info({ taskQueue: FLOOR_TASK_QUEUE, tuning }, 'worker started');
  await worker.run();
  await connection.close();
}

main().catch((err: unknown) => {
  console.error('floor worker failed:', err);
  process.exit(1);
});
