/**
 * Before anything is timed: one payment of each flow, one at a time, whose recorded history becomes
 * that flow's floor shape, and one floor run per shape to check that it replays the payment's
 * composition. Also warms the worker's caches and the gateway's connections.
 */
import type { PaymentFlow } from '../e2e/flows';
import { drivePayment } from '../e2e/payment-driver';
import type { PollOptions } from '../e2e/poll';
import type { RestClient } from '../e2e/rest';
import type { FloorShape } from '../floor/definitions';
import { driveFloor } from '../floor/driver';
import { shapeCounts, shapeFromHistory } from '../floor/shape';
import { eventBreakdown, type EventBreakdown } from '../measure/history';
import type { BenchStack } from '../stack/stack';
import { paymentWorkflowId } from '../../workflows/payment-definitions';

export interface FlowCalibration {
  flow: string;
  shape: FloorShape;
  /** Activities, signals, updates, timers, upserts... of the shape. */
  counts: Record<string, number>;
  payment: EventBreakdown;
  floor: EventBreakdown;
}

export async function calibrate(
  stack: BenchStack,
  rest: RestClient,
  flows: readonly PaymentFlow[],
  poll: PollOptions,
  label: string,
): Promise<FlowCalibration[]> {
  const deps = { rest, client: stack.client, sandboxes: stack.sandboxes, poll };
  const calibrations: FlowCalibration[] = [];
  for (const [i, flow] of flows.entries()) {
    const orderId = `${label}-${i}`;
    const driven = await drivePayment(deps, flow, orderId);
    await driven.completion;
    const history = await stack.client.workflow.getHandle(paymentWorkflowId(orderId)).fetchHistory();
    const shape = shapeFromHistory(flow.name, history.events ?? []);
    const floorId = `floor-${label}-${i}`;
    await (
      await driveFloor(stack.client, floorId, shape, poll)
    ).completion;
    calibrations.push({
      flow: flow.name,
      shape,
      counts: shapeCounts(shape),
      payment: await eventBreakdown(stack.client, paymentWorkflowId(orderId)),
      floor: await eventBreakdown(stack.client, floorId),
    });
  }
  return calibrations;
}
