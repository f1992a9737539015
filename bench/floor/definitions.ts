/**
 * The floor: the cheapest workflow that makes the same history as a payment. Its input is a list of
 * steps copied from a recorded payment history (shape.ts), so that it issues exactly the payment's
 * commands (activities, local activities, timers, search-attribute upserts, patches) and waits for
 * exactly its messages (signals, updates, timer firings), with no logic and empty activities.
 * Shared by the floor workflow and its driver, so it holds definitions only.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

export const FLOOR_WORKFLOW_TYPE = 'floorWorkflow';
export const FLOOR_TASK_QUEUE = 'bench-floor';

export type FloorStep =
  /** Wait for the next update (the first is the one sent with the start). */
  | { kind: 'await-update' }
  | { kind: 'await-signal' }
  /** Wait until a timer started earlier fires. */
  | { kind: 'await-timer'; timer: number }
  /** `count` activities scheduled in the same workflow task, awaited together. */
  | { kind: 'activity'; count: number }
  | { kind: 'local-activity' }
  | { kind: 'upsert' }
  | { kind: 'start-timer'; timer: number; ms: number }
  | { kind: 'cancel-timer'; timer: number }
  /** The oldest update still running returns. */
  | { kind: 'finish-update' }
  | { kind: 'patch'; id: string };

export interface FloorShape {
  /** The payment flow the shape was taken from, for reports. */
  flow: string;
  steps: FloorStep[];
}

export const floorSignal = defineSignal<[{ n: number }]>('floorSignal');
export const floorUpdate = defineUpdate<number, [{ n: number }]>('floorUpdate');
/** Index of the step the floor is at: the driver polls it as a merchant polls GET /v1/payments/{id}. */
export const floorProgressQuery = defineQuery<number>('floorProgress');

export function isTrigger(step: FloorStep): boolean {
  return step.kind === 'await-update' || step.kind === 'await-signal' || step.kind === 'await-timer';
}
