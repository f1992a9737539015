/**
 * Drives one floor workflow the way the payment driver drives a payment, message for message: the
 * create is an update-with-start, a notification is a signal followed by polling until the workflow has
 * handled it (the merchant polling GET), a command is an update. Messages the recorded payment got
 * while an update was still running (ECommPay's async redirect, its refund result) are sent without
 * waiting for that update, as the provider would have sent them; updates the recording shows finished
 * before a message are awaited before it is sent.
 */
import { WithStartWorkflowOperation, WorkflowUpdateStage, type Client } from '@temporalio/client';
import {
  MerchantOrderIdKey,
  PaymentAmountKey,
  PaymentCurrencyKey,
  PaymentProviderKey,
  PaymentStatusKey,
} from '../../workflows/search-attributes';
import type { Driven } from '../e2e/payment-driver';
import { pollUntil, type PollOptions } from '../e2e/poll';
import {
  FLOOR_TASK_QUEUE,
  FLOOR_WORKFLOW_TYPE,
  floorProgressQuery,
  floorSignal,
  floorUpdate,
  isTrigger,
  type FloorShape,
} from './definitions';

export interface FloorTimings {
  /** The first update (with start), until it returned. */
  createMs: number;
  /** Each signal that was polled for: from sending it until the workflow had handled it. */
  visibleMs: number[];
  /** Each later update: its round trip. */
  commandMs: number[];
}

export async function driveFloor(
  client: Client,
  workflowId: string,
  shape: FloorShape,
  options: PollOptions,
): Promise<Driven<FloorTimings>> {
  const steps = shape.steps;
  const finishAt = finishIndexes(shape);
  const handle = client.workflow.getHandle(workflowId);
  const timings: FloorTimings = { createMs: 0, visibleMs: [], commandMs: [] };
  /** Updates sent without waiting, each with the step at which the recorded payment saw it finish. */
  let pending: Array<{ finishAt: number; done: Promise<unknown> }> = [];
  let updateNo = 0;

  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (!step || !isTrigger(step) || step.kind === 'await-timer') continue; // a timer needs no message
    // Updates that had finished before this message in the recording finish before it here too.
    const due = pending.filter((p) => p.finishAt < i);
    pending = pending.filter((p) => p.finishAt >= i);
    await Promise.all(due.map((p) => p.done));
    if (step.kind === 'await-update') {
      const k = updateNo++;
      const finish = finishAt[k] ?? steps.length;
      const blocking = nextMessage(shape, i) > finish;
      const started = performance.now();
      if (k === 0) {
        const operation = startOperation(workflowId, shape);
        if (blocking) {
          await client.workflow.executeUpdateWithStart(floorUpdate, {
            args: [{ n: k }],
            startWorkflowOperation: operation,
          });
          timings.createMs = performance.now() - started;
        } else {
          const update = await client.workflow.startUpdateWithStart(floorUpdate, {
            args: [{ n: k }],
            startWorkflowOperation: operation,
            waitForStage: WorkflowUpdateStage.ACCEPTED,
          });
          const done = update.result().then(() => (timings.createMs = performance.now() - started));
          pending.push({ finishAt: finish, done });
        }
      } else if (blocking) {
        await handle.executeUpdate(floorUpdate, { args: [{ n: k }] });
        timings.commandMs.push(performance.now() - started);
      } else {
        const update = handle.executeUpdate(floorUpdate, { args: [{ n: k }] });
        pending.push({
          finishAt: finish,
          done: update.then(() => timings.commandMs.push(performance.now() - started)),
        });
      }
    } else if (step.kind === 'await-signal') {
      const sent = performance.now();
      await handle.signal(floorSignal, { n: i });
      const target = nextTrigger(shape, i);
      if (pending.length === 0 && changesState(shape, i, target)) {
        // The merchant learns of the notification by polling: until the floor is past this phase.
        await pollUntil(
          () => handle.query(floorProgressQuery),
          (at) => at >= target,
          options,
        );
        timings.visibleMs.push(performance.now() - sent);
      }
    }
  }
  const completion = Promise.all(pending.map((p) => p.done))
    .then(() => handle.result())
    .then(() => performance.now());
  return { timings, completion };
}

function startOperation(workflowId: string, shape: FloorShape) {
  return new WithStartWorkflowOperation(FLOOR_WORKFLOW_TYPE, {
    workflowId,
    taskQueue: FLOOR_TASK_QUEUE,
    args: [shape],
    workflowIdConflictPolicy: 'USE_EXISTING',
    // The attributes a payment starts with, so visibility indexes the same amount per start.
    typedSearchAttributes: [
      { key: PaymentStatusKey, value: 'processing' },
      { key: PaymentProviderKey, value: 'floor' },
      { key: MerchantOrderIdKey, value: workflowId },
      { key: PaymentAmountKey, value: 1000 },
      { key: PaymentCurrencyKey, value: 'USD' },
    ],
  });
}

/** The step index of the k-th finish-update, per update in arrival order (updates finish in order). */
function finishIndexes(shape: FloorShape): number[] {
  return shape.steps.flatMap((s, i) => (s.kind === 'finish-update' ? [i] : []));
}

/** Index of the next signal or update after step `i` (steps.length when there is none). */
function nextMessage(shape: FloorShape, i: number): number {
  const found = shape.steps.findIndex(
    (s, j) => j > i && (s.kind === 'await-update' || s.kind === 'await-signal'),
  );
  return found === -1 ? shape.steps.length : found;
}

/** True when the steps a message leads to change what the merchant sees (a status upsert). */
function changesState(shape: FloorShape, from: number, to: number): boolean {
  return shape.steps.slice(from + 1, to).some((s) => s.kind === 'upsert');
}

/** Index of the next step that waits for anything (steps.length at the end). */
function nextTrigger(shape: FloorShape, i: number): number {
  const found = shape.steps.findIndex((s, j) => j > i && isTrigger(s));
  return found === -1 ? shape.steps.length : found;
}
