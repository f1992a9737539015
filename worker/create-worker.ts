/**
 * Worker.create with this project's workflows and activities. Used by worker/main.ts and by tests
 * (which pass a prebuilt bundle so that webpack runs once per test run, not once per test).
 */
import type { DataConverter } from '@temporalio/common';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createProviderActivities } from '../activities/provider-activities';
import { createMerchantNotificationActivities } from '../activities/merchant-notifications';
import { createRecurrenceActivities } from '../activities/recurrence-activities';
import type { ProviderAdapter } from '../providers/contract';
import { providerCallMetrics } from './provider-call-metrics';

export const WORKFLOWS_PATH = require.resolve('../workflows');

export interface PaymentWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  adapters: ReadonlyMap<string, ProviderAdapter>;
  /** The secret merchant notifications are signed with; without it they fail with a clear error. */
  merchantNotifications?: { secret: string; requestTimeoutMs: number };
  /** worker/encryption/data-converter.ts: the same one the clients use. */
  dataConverter: DataConverter;
  /**
   * A bundle from bundleWorkflowCode; when absent the worker bundles WORKFLOWS_PATH itself. A prebuilt
   * bundle must have been built with the dataConverter's failureConverterPath: the worker uses the
   * path for activities only and runs workflows with whatever converter the bundle contains.
   */
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
    dataConverter: options.dataConverter,
    activities: {
      ...createProviderActivities({ adapters: options.adapters }),
      ...createMerchantNotificationActivities(options.merchantNotifications),
      ...createRecurrenceActivities({ adapters: options.adapters }),
    },
    interceptors: { activity: [providerCallMetrics] },
    // Let in-flight provider calls finish on shutdown instead of abandoning them mid-request.
    shutdownGraceTime: '10 seconds',
    ...options.tuning,
  });
}
