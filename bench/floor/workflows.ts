/**
 * The floor workflow (bundled by the floor worker): walks its shape's steps in order. Messages are
 * counted as they arrive, so a signal or update that comes earlier than in the recorded payment is
 * simply found already there; the commands, and so the history's composition, stay the same.
 */
import {
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { PaymentStatusKey } from '../../workflows/search-attributes';
import type { FloorActivities } from './activities';
import { floorProgressQuery, floorSignal, floorUpdate, type FloorShape } from './definitions';

// The payment workflow's activity timeouts, so that timeouts cost the server the same bookkeeping.
const { noop } = proxyActivities<FloorActivities>({ startToCloseTimeout: '30 seconds' });
const local = proxyLocalActivities<FloorActivities>({ startToCloseTimeout: '30 seconds' });

export async function floorWorkflow(shape: FloorShape): Promise<number> {
  let step = 0;
  let signals = 0;
  let updates = 0;
  let finishedUpdates = 0;
  const timers = new Map<number, { scope: CancellationScope; fired: Promise<void> }>();

  setHandler(floorProgressQuery, () => step);
  setHandler(floorSignal, () => {
    signals += 1;
  });
  setHandler(floorUpdate, async () => {
    updates += 1;
    const mine = updates;
    await condition(() => finishedUpdates >= mine);
    return step;
  });

  let signalsUsed = 0;
  let updatesUsed = 0;
  for (; step < shape.steps.length; step++) {
    const current = shape.steps[step];
    if (!current) break;
    switch (current.kind) {
      case 'await-update':
        updatesUsed += 1;
        await condition(() => updates >= updatesUsed);
        break;
      case 'await-signal':
        signalsUsed += 1;
        await condition(() => signals >= signalsUsed);
        break;
      case 'await-timer':
        await timers.get(current.timer)?.fired;
        break;
      case 'activity':
        await Promise.all(Array.from({ length: current.count }, () => noop()));
        break;
      case 'local-activity':
        await local.noop();
        break;
      case 'upsert':
        upsertSearchAttributes([{ key: PaymentStatusKey, value: `floor-${step}` }]);
        break;
      case 'start-timer': {
        const scope = new CancellationScope();
        const fired = scope
          .run(() => sleep(current.ms))
          .catch((err: unknown) => {
            if (!isCancellation(err)) throw err;
          });
        timers.set(current.timer, { scope, fired });
        break;
      }
      case 'cancel-timer':
        timers.get(current.timer)?.scope.cancel();
        break;
      case 'finish-update':
        finishedUpdates += 1;
        break;
      case 'patch':
        patched(current.id);
        break;
    }
  }
  return step;
}
