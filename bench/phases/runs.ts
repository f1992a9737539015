/**
 * The two measured runs every comparison is made of: N payments through the real path, and N floor
 * workflows of the same shapes, each at a fixed concurrency, with the resources of every process over
 * the run. Flows take turns (payment i runs flow i mod flows), and floor i has the shape of flow i mod
 * flows, so both runs do the same mix.
 */
import type { PaymentFlow } from '../e2e/flows';
import { runAtConcurrency, type LoadResult } from '../e2e/load';
import { drivePayment, type PaymentTimings } from '../e2e/payment-driver';
import type { PollOptions } from '../e2e/poll';
import type { RestClient } from '../e2e/rest';
import { driveFloor, type FloorTimings } from '../floor/driver';
import type { FloorShape } from '../floor/definitions';
import { ResourceWindow, type WindowUsage } from '../measure/resources';
import type { BenchStack } from '../stack/stack';
import { paymentWorkflowId } from '../../workflows/payment-definitions';

export interface MeasuredRun<T> {
  load: LoadResult<T>;
  usage: WindowUsage;
  /** Workflow ids of the jobs that completed, by flow. */
  completedIds: Record<string, string[]>;
  /** The first few failures, for the report. */
  errors: string[];
}

export interface RunSettings {
  count: number;
  concurrency: number;
  poll: PollOptions;
  /** Makes ids unique across the runs of one server; short, since ids become provider order numbers. */
  label: string;
}

export function stackPids(stack: BenchStack): Record<string, number | undefined> {
  const pids: Record<string, number | undefined> = {
    worker: stack.worker.pid,
    floorWorker: stack.floorWorker.pid,
    temporal: stack.temporal.pid,
    driver: process.pid,
  };
  stack.gateways.forEach((g, i) => (pids[i === 0 ? 'gateway' : `gateway${i}`] = g.pid));
  return pids;
}

export async function runPayments(
  stack: BenchStack,
  rest: RestClient,
  flows: readonly PaymentFlow[],
  settings: RunSettings,
): Promise<MeasuredRun<PaymentTimings>> {
  const deps = { rest, client: stack.client, sandboxes: stack.sandboxes, poll: settings.poll };
  const orderId = (i: number) => `${settings.label}-${i}`;
  const flowOf = (i: number) => flows[i % flows.length] as PaymentFlow;
  const window = new ResourceWindow(stackPids(stack));
  const load = await runAtConcurrency(
    settings.count,
    settings.concurrency,
    (i) => drivePayment(deps, flowOf(i), orderId(i)),
    settings.poll.stepTimeoutMs,
  );
  const usage = window.close();
  return {
    load,
    usage,
    ...sortOutcomes(
      load,
      (i) => flowOf(i).name,
      (i) => paymentWorkflowId(orderId(i)),
    ),
  };
}

export async function runFloors(
  stack: BenchStack,
  shapes: readonly FloorShape[],
  settings: RunSettings,
): Promise<MeasuredRun<FloorTimings>> {
  const id = (i: number) => `floor-${settings.label}-${i}`;
  const shapeOf = (i: number) => shapes[i % shapes.length] as FloorShape;
  const window = new ResourceWindow(stackPids(stack));
  const load = await runAtConcurrency(
    settings.count,
    settings.concurrency,
    (i) => driveFloor(stack.client, id(i), shapeOf(i), settings.poll),
    settings.poll.stepTimeoutMs,
  );
  const usage = window.close();
  return { load, usage, ...sortOutcomes(load, (i) => shapeOf(i).flow, id) };
}

function sortOutcomes<T>(
  load: LoadResult<T>,
  flowOf: (i: number) => string,
  idOf: (i: number) => string,
): { completedIds: Record<string, string[]>; errors: string[] } {
  const completedIds: Record<string, string[]> = {};
  const errors: string[] = [];
  for (const outcome of load.outcomes) {
    const flow = flowOf(outcome.index);
    if (outcome.ok) (completedIds[flow] ??= []).push(idOf(outcome.index));
    else if (errors.length < 10) errors.push(`${flow} #${outcome.index}: ${outcome.error}`);
  }
  return { completedIds, errors };
}
