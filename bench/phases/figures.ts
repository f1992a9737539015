/** The numbers a measured run is reported by: throughput, latencies, failures, resources. */
import type { PaymentTimings } from '../e2e/payment-driver';
import type { FloorTimings } from '../floor/driver';
import type { WindowUsage } from '../measure/resources';
import { summarize, type Summary } from '../measure/stats';
import type { MeasuredRun } from './runs';

export interface RunFigures {
  /** Completed workflows per second, first start to last completion. */
  throughput: number;
  /** CPU milliseconds per completed workflow, by process and in total. */
  cpuMs: Record<string, number>;
  elapsedSeconds: number;
  completed: number;
  failures: number;
  errors: string[];
  usage: WindowUsage;
}

/**
 * A step slower than this is a stall, not load: in trial runs these were queries held on a sticky
 * queue until its 10 s schedule-to-start timeout. Counted so that they are visible, not hidden in p99.
 */
export const STALL_MS = 5_000;

export interface PaymentLatencies {
  stalls: number;
  createToRedirect: Summary;
  notificationToVisible: Summary;
  capture: Summary;
  refund: Summary;
}

export interface FloorLatencies {
  stalls: number;
  create: Summary;
  signalToVisible: Summary;
  update: Summary;
}

export function runFigures<T>(run: MeasuredRun<T>): RunFigures {
  const completed = Math.max(1, run.load.outcomes.length - run.load.failures);
  const cpuMs: Record<string, number> = {};
  for (const [name, usage] of Object.entries(run.usage.processes))
    cpuMs[name] = (usage.cpuSeconds * 1000) / completed;
  cpuMs.total = Object.values(cpuMs).reduce((sum, ms) => sum + ms, 0);
  return {
    throughput: run.load.throughput,
    cpuMs,
    elapsedSeconds: run.load.elapsedSeconds,
    completed: run.load.outcomes.length - run.load.failures,
    failures: run.load.failures,
    errors: run.errors,
    usage: run.usage,
  };
}

export function paymentLatencies(runs: ReadonlyArray<MeasuredRun<PaymentTimings>>): PaymentLatencies {
  const timings = runs.flatMap((r) => r.load.outcomes.flatMap((o) => (o.ok ? [o.timings] : [])));
  const pick = (f: (t: PaymentTimings) => number | undefined) =>
    summarize(timings.map(f).filter((x): x is number => x !== undefined));
  const steps = timings.flatMap((t) => [t.createMs, t.visibleMs, t.captureMs ?? 0, t.refundMs ?? 0]);
  return {
    stalls: steps.filter((ms) => ms > STALL_MS).length,
    createToRedirect: pick((t) => t.createMs),
    notificationToVisible: pick((t) => t.visibleMs),
    capture: pick((t) => t.captureMs),
    refund: pick((t) => t.refundMs),
  };
}

export function floorLatencies(runs: ReadonlyArray<MeasuredRun<FloorTimings>>): FloorLatencies {
  const timings = runs.flatMap((r) => r.load.outcomes.flatMap((o) => (o.ok ? [o.timings] : [])));
  const steps = timings.flatMap((t) => [t.createMs, ...t.visibleMs, ...t.commandMs]);
  return {
    stalls: steps.filter((ms) => ms > STALL_MS).length,
    create: summarize(timings.map((t) => t.createMs)),
    signalToVisible: summarize(timings.flatMap((t) => t.visibleMs)),
    update: summarize(timings.flatMap((t) => t.commandMs)),
  };
}
