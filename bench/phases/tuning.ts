/**
 * The settings users can change, one at a time against the embedded default, each on a fresh stack
 * with the same payment run (after a warm-up payment per flow). The baseline runs first and last, so
 * the spread between its two runs shows how much of a difference is the machine's own noise.
 */
import type { PaymentFlow } from '../e2e/flows';
import { runAtConcurrency } from '../e2e/load';
import { drivePayment } from '../e2e/payment-driver';
import type { BenchOptions } from '../options';
import { withStack, type StackOverrides } from '../stack/with-stack';
import { paymentLatencies, runFigures, type PaymentLatencies, type RunFigures } from './figures';
import { runPayments } from './runs';

export interface TuningVariant {
  key: string;
  description: string;
  overrides: StackOverrides;
}

export const TUNING_VARIANTS: readonly TuningVariant[] = [
  {
    key: 'baseline',
    description: 'embedded default (WAL, synchronous=NORMAL), SDK worker defaults',
    overrides: {},
  },
  {
    key: 'cache-0',
    description: 'WORKER_MAX_CACHED_WORKFLOWS=0: no workflow cache, no sticky queue',
    overrides: { tuning: { WORKER_MAX_CACHED_WORKFLOWS: '0' } },
  },
  {
    key: 'wft-slots-2',
    description: 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS=2 (default 40)',
    overrides: { tuning: { WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '2' } },
  },
  {
    key: 'activity-slots-2',
    description: 'WORKER_MAX_CONCURRENT_ACTIVITIES=2 (default 100)',
    overrides: { tuning: { WORKER_MAX_CONCURRENT_ACTIVITIES: '2' } },
  },
  {
    key: 'sticky-1s',
    description: 'WORKER_STICKY_QUEUE_TIMEOUT_MS=1000 (default 10 s)',
    overrides: { tuning: { WORKER_STICKY_QUEUE_TIMEOUT_MS: '1000' } },
  },
  {
    key: 'sqlite-sync-off',
    description: 'SQLite journal_mode=WAL, synchronous=OFF',
    overrides: { storage: { kind: 'pragmas', pragmas: ['journal_mode=WAL', 'synchronous=OFF'] } },
  },
  {
    key: 'sqlite-no-pragmas',
    description: "SQLite without pragmas (rollback journal, synchronous=FULL): the CLI's own default",
    overrides: { storage: { kind: 'pragmas', pragmas: [] } },
  },
  {
    key: 'memory',
    description: 'dev server in memory (no file)',
    overrides: { storage: { kind: 'memory' } },
  },
  {
    key: 'log-warn',
    description: 'LOG_LEVEL=warn (default info)',
    overrides: { env: { LOG_LEVEL: 'warn' } },
  },
  { key: 'gateways-2', description: 'two gateway processes', overrides: { gateways: 2 } },
];

export interface TuningRun {
  key: string;
  description: string;
  figures: RunFigures;
  latency: PaymentLatencies;
}

export async function runTuning(
  options: BenchOptions,
  flows: readonly PaymentFlow[],
  log: (line: string) => void,
): Promise<TuningRun[]> {
  const wanted = options.tuningVariants;
  const variants = TUNING_VARIANTS.filter((v) => !wanted || wanted.includes(v.key));
  const baseline = TUNING_VARIANTS[0] as TuningVariant;
  const runs: TuningRun[] = [];
  for (const variant of [...variants, ...(variants.includes(baseline) ? [baseline] : [])]) {
    const name = `tuning-${variant.key}-${runs.length}`;
    const run = await withStack(options, name, variant.overrides, async (stack, rest) => {
      const poll = { pollIntervalMs: options.pollIntervalMs, stepTimeoutMs: options.stepTimeoutMs };
      const deps = { rest, client: stack.client, sandboxes: stack.sandboxes, poll };
      // Warm-up: JIT, connections, caches; not measured.
      await runAtConcurrency(
        flows.length,
        flows.length,
        (i) => drivePayment(deps, flows[i] as PaymentFlow, `w-${i}`),
        options.stepTimeoutMs,
      );
      return runPayments(stack, rest, flows, {
        count: options.tuningPayments,
        concurrency: options.concurrency,
        poll,
        label: 't',
      });
    });
    const result = { ...variant, figures: runFigures(run), latency: paymentLatencies([run]) };
    runs.push({
      key: result.key,
      description: result.description,
      figures: result.figures,
      latency: result.latency,
    });
    log(`  ${variant.key}: ${run.load.throughput.toFixed(2)}/s (${run.load.failures} failed)`);
  }
  return runs;
}
