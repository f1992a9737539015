/**
 * `npm run bench`: the performance measurement of issue 7, on loopback, bounded, and stopping by
 * itself. Each phase starts its own stack (Temporal dev server on a temp SQLite file, the real worker
 * and gateway processes, the floor worker, the provider sandboxes) and stops it when done:
 *   headline  payments through the real path vs the floor, same server and mix; events per flow
 *   sweep     latency and throughput against concurrency (the chart)
 *   gateway   webhook verification alone, verification + signal, and a bare signal
 *   scale     payments parked and run end to end at growing counts: memory, database, throughput
 *   tuning    the settings that matter, one at a time
 * BENCH_* variables choose phases and sizes (bench/options.ts). Results: <BENCH_OUT>/results.json,
 * a summary on stdout, and the chart. docs/benchmarks.md explains every figure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectFlows } from './e2e/flows';
import { readOptions } from './options';
import { calibrate } from './phases/calibrate';
import { runGatewayPhase } from './phases/gateway';
import { runHeadline } from './phases/headline';
import { runScale } from './phases/scale';
import { runSweep } from './phases/sweep';
import { runTuning } from './phases/tuning';
import { writeChart } from './report/chart';
import { machineInfo } from './report/machine';
import { printSummary, type BenchResults } from './report/summary';
import { withStack } from './stack/with-stack';

function log(line: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

async function main(): Promise<void> {
  const options = readOptions();
  mkdirSync(options.outDir, { recursive: true });
  const results: BenchResults = { machine: machineInfo(), options, startedAt: new Date().toISOString() };
  const save = () => writeFileSync(join(options.outDir, 'results.json'), JSON.stringify(results, null, 2));
  log(`results in ${options.outDir}; load average ${results.machine.loadAverage.join(' ')}`);
  const flows = selectFlows(options.flows);

  if (options.phases.includes('headline') || options.phases.includes('sweep')) {
    await withStack(options, 'headline', {}, async (stack, rest) => {
      log('calibrating: one payment per flow, and its floor');
      const poll = { pollIntervalMs: options.pollIntervalMs, stepTimeoutMs: options.stepTimeoutMs };
      results.calibration = await calibrate(stack, rest, flows, poll, 'cal');
      if (options.phases.includes('headline')) {
        log(
          `headline: ${options.payments} payments at concurrency ${options.concurrency}, ${options.rounds} rounds`,
        );
        results.headline = await runHeadline(stack, rest, flows, results.calibration, options, log);
        save();
      }
      if (options.phases.includes('sweep')) {
        log(`sweep: concurrency ${options.sweep.join(', ')}, ${options.sweepPayments} payments each`);
        results.sweep = await runSweep(stack, rest, flows, results.calibration, options, log);
        writeChart(options.chartFile, results.sweep);
        save();
      }
    });
  }
  if (options.phases.includes('gateway')) {
    log('gateway: verification alone, verification + signal, bare signal');
    results.gateway = await runGatewayPhase(options, log);
    save();
  }
  if (options.phases.includes('scale')) {
    log(
      `scale: parked ${options.sizes.join(', ')}; end to end ${options.endToEndSizes.join(', ') || 'none'}`,
    );
    results.scale = await runScale(options, flows, log);
    save();
  }
  if (options.phases.includes('tuning')) {
    log('tuning: one setting at a time');
    results.tuning = await runTuning(options, flows, log);
    save();
  }
  results.finishedAt = new Date().toISOString();
  results.loadAverageAtEnd = machineInfo().loadAverage;
  save();
  printSummary(results);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('bench failed:', err);
    process.exit(1);
  },
);
