/**
 * The headline: payments through the real path against the floor, same server, same concurrency, same
 * mix of shapes, in alternating rounds (a shared machine drifts; alternating spreads the drift over
 * both). The ratio of median throughputs is the figure the targets are about. Also: history events and
 * state transitions per workflow, by flow, for payments and floors.
 */
import type { PaymentFlow } from '../e2e/flows';
import type { RestClient } from '../e2e/rest';
import { historyCosts, type HistoryCost } from '../measure/history';
import { median } from '../measure/stats';
import type { BenchOptions } from '../options';
import type { BenchStack } from '../stack/stack';
import type { FlowCalibration } from './calibrate';
import {
  floorLatencies,
  paymentLatencies,
  runFigures,
  type FloorLatencies,
  type PaymentLatencies,
  type RunFigures,
} from './figures';
import { runFloors, runPayments, type MeasuredRun } from './runs';
import type { PaymentTimings } from '../e2e/payment-driver';
import type { FloorTimings } from '../floor/driver';

export interface HeadlineResult {
  payments: number;
  concurrency: number;
  rounds: Array<{ payment: RunFigures; floor: RunFigures }>;
  throughput: { payment: number; floor: number; ratio: number };
  /**
   * CPU milliseconds per completed workflow, by process (median over rounds): less sensitive to a shared
   * machine than throughput, and it says where the payment's extra cost goes.
   */
  cpuMsPerWorkflow: { payment: Record<string, number>; floor: Record<string, number> };
  latency: { payment: PaymentLatencies; floor: FloorLatencies };
  historyByFlow: Record<string, { payment: HistoryCost; floor: HistoryCost }>;
}

/** Histories described per flow and run kind: enough for stable medians, few enough to be quick. */
const HISTORY_SAMPLE = 20;

export async function runHeadline(
  stack: BenchStack,
  rest: RestClient,
  flows: readonly PaymentFlow[],
  calibrations: readonly FlowCalibration[],
  options: BenchOptions,
  log: (line: string) => void,
): Promise<HeadlineResult> {
  const poll = { pollIntervalMs: options.pollIntervalMs, stepTimeoutMs: options.stepTimeoutMs };
  const shapes = calibrations.map((c) => c.shape);
  const settings = (label: string) => ({
    count: options.payments,
    concurrency: options.concurrency,
    poll,
    label,
  });
  const paymentRuns: Array<MeasuredRun<PaymentTimings>> = [];
  const floorRuns: Array<MeasuredRun<FloorTimings>> = [];
  for (let round = 1; round <= options.rounds; round++) {
    const payment = await runPayments(stack, rest, flows, settings(`h${round}`));
    log(
      `  round ${round}: payments ${payment.load.throughput.toFixed(2)}/s (${payment.load.failures} failed)`,
    );
    const floor = await runFloors(stack, shapes, settings(`h${round}`));
    log(`  round ${round}: floor    ${floor.load.throughput.toFixed(2)}/s (${floor.load.failures} failed)`);
    paymentRuns.push(payment);
    floorRuns.push(floor);
  }
  const paymentRate = median(paymentRuns.map((r) => r.load.throughput));
  const floorRate = median(floorRuns.map((r) => r.load.throughput));

  const last = { payment: paymentRuns[paymentRuns.length - 1], floor: floorRuns[floorRuns.length - 1] };
  const historyByFlow: HeadlineResult['historyByFlow'] = {};
  for (const flow of flows) {
    const sample = (ids: string[] | undefined) => (ids ?? []).slice(0, HISTORY_SAMPLE);
    historyByFlow[flow.name] = {
      payment: await historyCosts(stack.client, sample(last.payment?.completedIds[flow.name])),
      floor: await historyCosts(stack.client, sample(last.floor?.completedIds[flow.name])),
    };
  }
  return {
    payments: options.payments,
    concurrency: options.concurrency,
    rounds: paymentRuns.map((p, i) => ({
      payment: runFigures(p),
      floor: runFigures(floorRuns[i] as MeasuredRun<FloorTimings>),
    })),
    throughput: { payment: paymentRate, floor: floorRate, ratio: paymentRate / floorRate },
    cpuMsPerWorkflow: {
      payment: cpuPerWorkflow(paymentRuns.map(runFigures)),
      floor: cpuPerWorkflow(floorRuns.map(runFigures)),
    },
    latency: { payment: paymentLatencies(paymentRuns), floor: floorLatencies(floorRuns) },
    historyByFlow,
  };
}

/** Median over rounds of each process's CPU per completed workflow. */
function cpuPerWorkflow(rounds: readonly RunFigures[]): Record<string, number> {
  const names = new Set(rounds.flatMap((r) => Object.keys(r.cpuMs)));
  return Object.fromEntries([...names].map((name) => [name, median(rounds.map((r) => r.cpuMs[name] ?? 0))]));
}
