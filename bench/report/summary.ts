/**
 * The run's results as one JSON document, and as text on stdout: every figure of docs/benchmarks.md,
 * with the targets of issue 7 marked met or missed. Ratios are computed within this one run.
 */
import type { BenchOptions } from '../options';
import type { FlowCalibration } from '../phases/calibrate';
import type { GatewayResult } from '../phases/gateway';
import type { HeadlineResult } from '../phases/headline';
import type { ScaleResult } from '../phases/scale';
import type { SweepPoint } from '../phases/sweep';
import type { TuningRun } from '../phases/tuning';
import { TARGET_FLOW } from '../e2e/flows';
import type { Summary } from '../measure/stats';
import type { MachineInfo } from './machine';

export interface BenchResults {
  machine: MachineInfo;
  options: BenchOptions;
  startedAt: string;
  finishedAt?: string;
  loadAverageAtEnd?: number[];
  calibration?: FlowCalibration[];
  headline?: HeadlineResult;
  sweep?: SweepPoint[];
  gateway?: GatewayResult;
  scale?: ScaleResult[];
  tuning?: TuningRun[];
}

export interface TargetCheck {
  target: string;
  value: string;
  met: boolean;
}

const out = (line = '') => console.log(line);
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const ms = (s: Summary) => `${f1(s.p50)} / ${f1(s.p95)} / ${f1(s.p99)}`;

export function printSummary(results: BenchResults): void {
  const m = results.machine;
  out('\n=== machine');
  out(`${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; ${m.os}, kernel ${m.kernel}; Node ${m.node}`);
  out(
    `${m.temporalCli}; load average at start ${m.loadAverage.join(' ')}, at end ${results.loadAverageAtEnd?.join(' ')}`,
  );
  if (results.calibration) printCalibration(results.calibration);
  if (results.headline) printHeadline(results.headline);
  if (results.sweep) printSweep(results.sweep);
  if (results.gateway) printGateway(results.gateway);
  results.scale?.forEach(printScale);
  if (results.tuning) printTuning(results.tuning);
  out('\n=== targets (issue 7)');
  for (const check of targetChecks(results))
    out(`${check.met ? 'MET   ' : 'MISSED'} ${check.target}: ${check.value}`);
}

function printCalibration(calibration: readonly FlowCalibration[]): void {
  out('\n=== shapes (from one recorded history per flow; the floor does the same)');
  for (const c of calibration) {
    out(`${c.flow}: payment ${c.payment.total} events, floor ${c.floor.total}; ${JSON.stringify(c.counts)}`);
  }
  const target = calibration.find((c) => c.flow === TARGET_FLOW);
  if (target) {
    out(`\n${TARGET_FLOW} by event type: ${JSON.stringify(target.payment.byType)}`);
    out(target.payment.sequence.join('\n'));
  }
}

function printHeadline(h: HeadlineResult): void {
  out(`\n=== headline: ${h.payments} payments vs floor, concurrency ${h.concurrency}`);
  h.rounds.forEach((r, i) =>
    out(
      `round ${i + 1}: payments ${f2(r.payment.throughput)}/s (${r.payment.failures} failed), ` +
        `floor ${f2(r.floor.throughput)}/s (${r.floor.failures} failed); other users' cores ` +
        `${f2(r.payment.usage.foreignCores)} | ${f2(r.floor.usage.foreignCores)}`,
    ),
  );
  out(
    `median: payments ${f2(h.throughput.payment)}/s, floor ${f2(h.throughput.floor)}/s, ratio ${f2(h.throughput.ratio)}`,
  );
  const p = h.latency.payment;
  out(`latency p50 / p95 / p99 ms (steps over 5 s: payments ${p.stalls}, floor ${h.latency.floor.stalls}):`);
  out(
    `  create→redirect ${ms(p.createToRedirect)}   (floor update-with-start ${ms(h.latency.floor.create)})`,
  );
  out(
    `  notification→visible ${ms(p.notificationToVisible)}   (floor signal→visible ${ms(h.latency.floor.signalToVisible)})`,
  );
  out(`  capture ${ms(p.capture)}   refund ${ms(p.refund)}   (floor update ${ms(h.latency.floor.update)})`);
  out('history per workflow (median): flow — events payment/floor, state transitions payment/floor');
  for (const [flow, cost] of Object.entries(h.historyByFlow)) {
    out(
      `  ${flow} — ${cost.payment.events.p50}/${cost.floor.events.p50}, ` +
        `${cost.payment.stateTransitions.p50}/${cost.floor.stateTransitions.p50}`,
    );
  }
  const cpu = h.cpuMsPerWorkflow;
  out('CPU ms per completed workflow (median of rounds): process — payment | floor');
  for (const name of Object.keys(cpu.payment)) {
    out(`  ${name} — ${f1(cpu.payment[name] ?? NaN)} | ${f1(cpu.floor[name] ?? NaN)}`);
  }
  const last = h.rounds[h.rounds.length - 1];
  if (last) {
    out('resources, last round (cores busy, peak RSS MB): process — payments | floor');
    for (const name of Object.keys(last.payment.usage.processes)) {
      const a = last.payment.usage.processes[name];
      const b = last.floor.usage.processes[name];
      out(
        `  ${name} — ${f2(a?.cores ?? NaN)}, ${f1(a?.peakRssMB ?? NaN)} | ${f2(b?.cores ?? NaN)}, ${f1(b?.peakRssMB ?? NaN)}`,
      );
    }
  }
}

function printSweep(points: readonly SweepPoint[]): void {
  out(
    "\n=== sweep: concurrency — payments/s, floor/s, ratio; p50/p95 ms create, visible, capture; other users' cores",
  );
  for (const p of points) {
    const l = p.latency.payment;
    out(
      `  ${p.concurrency} — ${f2(p.payment.throughput)}, ${f2(p.floor.throughput)}, ` +
        `${f2(p.payment.throughput / p.floor.throughput)}; ${f1(l.createToRedirect.p50)}/${f1(l.createToRedirect.p95)}, ` +
        `${f1(l.notificationToVisible.p50)}/${f1(l.notificationToVisible.p95)}, ${f1(l.capture.p50)}/${f1(l.capture.p95)}; ` +
        `${f2(p.payment.usage.foreignCores)} | ${f2(p.floor.usage.foreignCores)}`,
    );
  }
}

function printGateway(g: GatewayResult): void {
  out(`\n=== gateway: ${g.requests} notifications per run, concurrency ${g.concurrency} (per second)`);
  out(
    '  provider — handler only (no HTTP); verify alone (1 proc | 2); verify+signal (1 gw | 2); bare signal; ' +
      'ratios verify+signal/bare, verify/bare, verify/(verify+signal)',
  );
  for (const [name, p] of Object.entries(g.providers)) {
    const avg = (xs: { perSecond: number }[]) => xs.reduce((s, x) => s + x.perSecond, 0) / xs.length;
    out(
      `  ${name} — ${f1(p.handlerOnlyPerSecond)}; ${f1(p.verifyOnly.perSecond)} | ` +
        `${f1(p.verifyOnlyTwoProcesses.perSecond)}; ${f1(avg(p.verifyAndSignal))} | ` +
        `${f1(p.verifyAndSignalTwoGateways.perSecond)}; ${f1(avg(p.bareSignal))}; ` +
        `${f2(p.signalRatio)}, ${f1(p.verifyRatio)}, ${f1(p.verifyVsGatewayRatio)}`,
    );
  }
}

function printScale(s: ScaleResult): void {
  out(
    `\n=== scale (WORKER_MAX_CACHED_WORKFLOWS=${s.cache}); idle worker ${f1(s.idle.workerRssMB)} MB, db ${f1(s.idle.dbMB)} MB`,
  );
  const row = (kind: string, p: ScaleResult['parked'][number]) =>
    out(
      `  ${kind} ${p.size}: ${f2(p.perSecond)}/s (${p.failures} failed), worker ${f1(p.workerRssMB)} MB ` +
        `(${f1(p.workerKBPerPayment)} KB/payment), server ${f1(p.serverRssMB)} MB, db ${f1(p.dbMB)} MB ` +
        `(+${f1(p.dbKBPerPaymentAdded)} KB/payment added)`,
    );
  s.parked.forEach((p) => row('parked', p));
  s.endToEnd.forEach((p) => row('end to end', p));
}

function printTuning(runs: readonly TuningRun[]): void {
  out(
    '\n=== tuning: variant — payments/s, create p50/p95, visible p50/p95, capture p50/p95 ms; worker, server cores',
  );
  for (const r of runs) {
    const l = r.latency;
    const proc = r.figures.usage.processes;
    out(
      `  ${r.key} — ${f2(r.figures.throughput)} (${r.figures.failures} failed), ` +
        `${f1(l.createToRedirect.p50)}/${f1(l.createToRedirect.p95)}, ` +
        `${f1(l.notificationToVisible.p50)}/${f1(l.notificationToVisible.p95)}, ${f1(l.capture.p50)}/${f1(l.capture.p95)}; ` +
        `${f2(proc.worker?.cores ?? NaN)}, ${f2(proc.temporal?.cores ?? NaN)}; CPU ms/payment ` +
        `${f1(r.figures.cpuMs.total ?? NaN)} (gateway ${f1(r.figures.cpuMs.gateway ?? NaN)}); other users ` +
        `${f2(r.figures.usage.foreignCores)}  [${r.description}]`,
    );
  }
}

export function targetChecks(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const h = results.headline;
  if (h) {
    checks.push({
      target: 'end-to-end throughput ≥ 0.85 × floor',
      value: `${f2(h.throughput.ratio)} (${f2(h.throughput.payment)} vs ${f2(h.throughput.floor)}/s)`,
      met: h.throughput.ratio >= 0.85,
    });
  }
  const target = results.calibration?.find((c) => c.flow === TARGET_FLOW);
  const events = h?.historyByFlow[TARGET_FLOW]?.payment.events.p50 ?? target?.payment.total;
  if (events !== undefined) {
    checks.push({ target: `${TARGET_FLOW} ≤ 40 history events`, value: String(events), met: events <= 40 });
  }
  const providers = Object.entries(results.gateway?.providers ?? {});
  if (providers.length > 0) {
    const worstSignal = Math.min(...providers.map(([, p]) => p.signalRatio));
    const worstVerify = Math.min(...providers.map(([, p]) => p.verifyRatio));
    checks.push({
      target: 'verification + signal ≥ 0.8 × bare signal (worst provider)',
      value: f2(worstSignal),
      met: worstSignal >= 0.8,
    });
    checks.push({
      target: 'verification alone ≥ 10 × Temporal-bound rate (worst provider)',
      value: f1(worstVerify),
      met: worstVerify >= 10,
    });
  }
  const s = results.scale?.[0];
  if (s && s.parked.length > 1) {
    const first = s.parked[0] as ScaleResult['parked'][number];
    const last = s.parked[s.parked.length - 1] as ScaleResult['parked'][number];
    const dbGrowth = last.dbKBPerPaymentAdded / first.dbKBPerPaymentAdded;
    const slowdown = first.perSecond / last.perSecond;
    checks.push({
      target: `per-payment cost flat ${first.size}→${last.size} parked (≤ 1.2×)`,
      value: `db/payment ×${f2(dbGrowth)}, time/payment ×${f2(slowdown)}`,
      met: dbGrowth <= 1.2 && slowdown <= 1.2,
    });
    const e2e = s.endToEnd;
    if (e2e.length > 1) {
      const a = e2e[0] as ScaleResult['parked'][number];
      const b = e2e[e2e.length - 1] as ScaleResult['parked'][number];
      const g = b.dbKBPerPaymentAdded / a.dbKBPerPaymentAdded;
      const t = a.perSecond / b.perSecond;
      checks.push({
        target: `per-payment cost flat ${a.size}→${b.size} end to end (≤ 1.2×)`,
        value: `db/payment ×${f2(g)}, time/payment ×${f2(t)}`,
        met: g <= 1.2 && t <= 1.2,
      });
    }
    // Bounded: once the cache is full, more parked payments add (almost) no worker memory.
    const prev = s.parked[s.parked.length - 2] as ScaleResult['parked'][number];
    const early = (first.workerRssMB - s.idle.workerRssMB) / first.size;
    const late = (last.workerRssMB - prev.workerRssMB) / (last.size - prev.size);
    checks.push({
      target: `worker memory bounded with ${last.size} parked (WORKER_MAX_CACHED_WORKFLOWS=${s.cache})`,
      value:
        `${f1(last.workerRssMB)} MB at ${last.size}; ${f1(late * 1024)} KB per payment from ${prev.size} to ` +
        `${last.size} vs ${f1(early * 1024)} KB up to ${first.size}`,
      met: late <= early * 0.25,
    });
  }
  return checks;
}
