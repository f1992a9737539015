/**
 * Worker tuning read from the environment, under the names proposed for worker/config.ts. Shared by
 * the bench's payment worker (tuned-worker.ts) and floor worker, so both always run with the same
 * settings.
 */
import type { PaymentWorkerOptions } from '../../worker/create-worker';

export type WorkerTuning = NonNullable<PaymentWorkerOptions['tuning']>;

/** The variables, for the bench to set and to report. */
export const TUNING_VARIABLES = [
  'WORKER_MAX_CACHED_WORKFLOWS',
  'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
  'WORKER_MAX_CONCURRENT_ACTIVITIES',
  'WORKER_STICKY_QUEUE_TIMEOUT_MS',
] as const;

/** WORKER_* tuning variables → Worker options; unset ones keep the SDK's defaults. */
export function tuningFromEnv(env: NodeJS.ProcessEnv): WorkerTuning {
  const int = (name: string): number | undefined => {
    const text = env[name];
    if (text === undefined || text === '') return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0`);
    return value;
  };
  const tuning: WorkerTuning = {};
  const cache = int('WORKER_MAX_CACHED_WORKFLOWS');
  const workflowSlots = int('WORKER_MAX_CONCURRENT_WORKFLOW_TASKS');
  const activitySlots = int('WORKER_MAX_CONCURRENT_ACTIVITIES');
  const stickyMs = int('WORKER_STICKY_QUEUE_TIMEOUT_MS');
  if (cache !== undefined) tuning.maxCachedWorkflows = cache;
  if (workflowSlots !== undefined) tuning.maxConcurrentWorkflowTaskExecutions = workflowSlots;
  if (activitySlots !== undefined) tuning.maxConcurrentActivityTaskExecutions = activitySlots;
  if (stickyMs !== undefined) tuning.stickyQueueScheduleToStartTimeout = stickyMs;
  return tuning;
}
