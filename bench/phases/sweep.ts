/**
 * Latency and throughput against concurrency (the chart): at each concurrency, a payment run and a
 * floor run of the same size. Small runs, so the sweep stays short; the headline run is the careful one.
 */
import type { PaymentFlow } from '../e2e/flows';
import type { RestClient } from '../e2e/rest';
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
import { runFloors, runPayments } from './runs';

export interface SweepPoint {
  concurrency: number;
  payment: RunFigures;
  floor: RunFigures;
  latency: { payment: PaymentLatencies; floor: FloorLatencies };
}

export async function runSweep(
  stack: BenchStack,
  rest: RestClient,
  flows: readonly PaymentFlow[],
  calibrations: readonly FlowCalibration[],
  options: BenchOptions,
  log: (line: string) => void,
): Promise<SweepPoint[]> {
  const poll = { pollIntervalMs: options.pollIntervalMs, stepTimeoutMs: options.stepTimeoutMs };
  const points: SweepPoint[] = [];
  for (const concurrency of options.sweep) {
    const settings = { count: options.sweepPayments, concurrency, poll, label: `s${concurrency}` };
    const payment = await runPayments(stack, rest, flows, settings);
    const floor = await runFloors(
      stack,
      calibrations.map((c) => c.shape),
      settings,
    );
    log(
      `  concurrency ${concurrency}: payments ${payment.load.throughput.toFixed(2)}/s, ` +
        `floor ${floor.load.throughput.toFixed(2)}/s`,
    );
    points.push({
      concurrency,
      payment: runFigures(payment),
      floor: runFigures(floor),
      latency: { payment: paymentLatencies([payment]), floor: floorLatencies([floor]) },
    });
  }
  return points;
}
