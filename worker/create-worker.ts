/**
 * Worker.create with this project's workflows and activities. Used by worker/main.ts and by tests
 * (which pass a prebuilt bundle so that webpack runs once per test run, not once per test).
 */
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createProviderActivities } from '../activities/provider-activities';
import type { ProviderAdapter } from '../providers/contract';

export const WORKFLOWS_PATH = require.resolve('../workflows');

export interface PaymentWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  adapters: ReadonlyMap<string, ProviderAdapter>;
  /** A bundle from bundleWorkflowCode; when absent the worker bundles WORKFLOWS_PATH itself. */
  workflowBundle?: { code: string };
  /** Tuning knobs (cache size, slots); see docs. */
  tuning?: Pick<
    WorkerOptions,
    | 'maxCachedWorkflows'
    | 'maxConcurrentActivityTaskExecutions'
    | 'maxConcurrentWorkflowTaskExecutions'
    | 'stickyQueueScheduleToStartTimeout'
  >;
}

export function createPaymentWorker(options: PaymentWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH }),
    activities: createProviderActivities({ adapters: options.adapters }),
    // Let in-flight provider calls finish on shutdown instead of abandoning them mid-request.
    shutdownGraceTime: '10 seconds',
    ...options.tuning,
  });
}
