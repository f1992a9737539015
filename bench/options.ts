/**
 * What `npm run bench` does, from BENCH_* environment variables. The defaults make a bounded run of
 * roughly 20–30 minutes on two cores; docs/benchmarks.md gives the exact command of the published run.
 */
import { join, resolve } from 'node:path';

export const PHASES = ['headline', 'sweep', 'gateway', 'scale', 'tuning'] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchOptions {
  phases: Phase[];
  /** Payments per measured run (the flows take turns). */
  payments: number;
  concurrency: number;
  /** Payment and floor runs alternate this many times; medians are reported. */
  rounds: number;
  sweep: number[];
  sweepPayments: number;
  /** Flow names (bench/e2e/flows.ts); undefined: all. */
  flows: string[] | undefined;
  /** Payments parked at each scale checkpoint. */
  sizes: number[];
  /** Payments run end to end at each scale checkpoint (default: the same sizes; 'off': none). */
  endToEndSizes: number[];
  /**
   * Worker cache sizes (WORKER_MAX_CACHED_WORKFLOWS, or 'default') the scale phase runs with, each on
   * its own stack; payments run end to end only with the first.
   */
  scaleCaches: string[];
  /** Tuning variants to run (bench/phases/tuning.ts); undefined: all. */
  tuningVariants: string[] | undefined;
  tuningPayments: number;
  gatewayRequests: number;
  gatewayConcurrency: number;
  pollIntervalMs: number;
  /** Bound on any single wait of a payment (a poll, an update), and on each completion. */
  stepTimeoutMs: number;
  refundWindow: string;
  logLevel: string;
  outDir: string;
  chartFile: string;
}

export function readOptions(env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const outDir = resolve(
    env.BENCH_OUT ?? join('.data', 'bench', new Date().toISOString().replace(/[:.]/g, '-')),
  );
  return {
    phases: list(env.BENCH_PHASES, [...PHASES]).map(phase),
    payments: int(env, 'BENCH_PAYMENTS', 210),
    concurrency: int(env, 'BENCH_CONCURRENCY', 8),
    rounds: int(env, 'BENCH_ROUNDS', 3),
    sweep: list(env.BENCH_SWEEP, ['1', '2', '4', '8']).map((c) => positive('BENCH_SWEEP', c)),
    sweepPayments: int(env, 'BENCH_SWEEP_PAYMENTS', 70),
    flows: env.BENCH_FLOWS ? list(env.BENCH_FLOWS, []) : undefined,
    sizes: list(env.BENCH_SIZES, ['1000']).map((s) => positive('BENCH_SIZES', s)),
    endToEndSizes:
      env.BENCH_E2E_SIZES === 'off'
        ? []
        : list(env.BENCH_E2E_SIZES ?? env.BENCH_SIZES, ['1000']).map((s) => positive('BENCH_E2E_SIZES', s)),
    scaleCaches: list(env.BENCH_SCALE_CACHE, ['500', 'default']).map(cacheSetting),
    tuningVariants: env.BENCH_TUNING ? list(env.BENCH_TUNING, []) : undefined,
    tuningPayments: int(env, 'BENCH_TUNING_PAYMENTS', 105),
    gatewayRequests: int(env, 'BENCH_GATEWAY_REQUESTS', 2000),
    gatewayConcurrency: int(env, 'BENCH_GATEWAY_CONCURRENCY', 16),
    pollIntervalMs: int(env, 'BENCH_POLL_MS', 25),
    stepTimeoutMs: int(env, 'BENCH_STEP_TIMEOUT_MS', 120_000),
    refundWindow: env.BENCH_REFUND_WINDOW ?? '1s',
    logLevel: env.BENCH_LOG_LEVEL ?? 'info',
    outDir,
    chartFile: resolve(env.BENCH_CHART ?? join(outDir, 'concurrency.svg')),
  };
}

function list(text: string | undefined, fallback: string[]): string[] {
  if (!text) return fallback;
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function phase(name: string): Phase {
  if (!(PHASES as readonly string[]).includes(name)) {
    throw new Error(`BENCH_PHASES: unknown phase ${name}; known: ${PHASES.join(', ')}`);
  }
  return name as Phase;
}

function cacheSetting(text: string): string {
  return text === 'default' ? text : String(positiveOrZero('BENCH_SCALE_CACHE', text));
}

function positiveOrZero(name: string, text: string): number {
  return text === '0' ? 0 : positive(name, text);
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  return text === undefined || text === '' ? fallback : positive(name, text);
}

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name}: ${text} is not a positive whole number`);
  return value;
}
