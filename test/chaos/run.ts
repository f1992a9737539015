/**
 * One chaos run, start to verdict: bring the stack up, drive every planned payment with bounded
 * concurrency while the fault scheduler breaks things, wait until every payment has settled, read the
 * final states and the providers' ledgers, and judge. Used by scripts/chaos.ts (`npm run chaos`) and by
 * the smoke test in npm test.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LedgerEntry } from '../../providers/contract';
import { PROVIDER_MODULES } from '../../providers/registry';
import { parseDuration, parseDurationList } from '../../worker/durations';
import type { FuzzCounts } from '../fuzz/support/fuzz-tally';
import { FaultScheduler } from './fault-scheduler';
import { type FigureRow, figureRows } from './figures';
import { findPersonalData } from './log-scan';
import { MalformedNotifications } from './malformed-notifications';
import { NotificationFaults } from './notification-faults';
import type { ChaosOptions } from './options';
import { runPayment } from './payment-runner';
import { planPayments } from './plan';
import { Random } from './random';
import { RestClient } from './rest-client';
import { readFinalStates, waitUntilSettled } from './settle';
import { startChaosStack } from './stack';
import { verify, type Violation } from './verifier';

const ROOT = resolve(__dirname, '../..');
/** Beyond the payer deadline and its status checks: worker restarts and a 30 s activity timeout. */
const DECISION_MARGIN_MS = 75_000;
const SETTLE_MARGIN_MS = 120_000;

export interface ChaosResult {
  rows: FigureRow[];
  violations: Violation[];
  /** Process faults in the order they happened. */
  timeline: string[];
  workDir: string;
  startedAt: Date;
}

export async function runChaos(
  options: ChaosOptions,
  fuzz: readonly FuzzCounts[] = [],
): Promise<ChaosResult> {
  const startedAt = new Date();
  const giveUpAt = startedAt.getTime() + options.deadlineMs;
  mkdirSync(join(ROOT, '.data'), { recursive: true });
  const workDir = mkdtempSync(join(ROOT, '.data', 'chaos-'));
  const root = new Random(options.seed);
  const t = options.timings;
  const payerTimeoutMs = parseDuration(t.payerTimeout);
  options.log(
    `seed ${options.seed}: ${options.payments} payments, ${options.concurrency} at a time; logs in ${workDir}`,
  );

  const stack = await startChaosStack(options, workDir, root.fork('links'));
  const api = new RestClient(stack.gatewayUrl, giveUpAt);
  const malformed = options.hostileNotifications
    ? new MalformedNotifications(
        stack.gatewayUrl,
        PROVIDER_MODULES.map((m) => m.name),
        root.fork('malformed'),
      )
    : undefined;
  const notifications = new NotificationFaults(stack.sandboxes);
  const plans = planPayments(
    options.payments,
    PROVIDER_MODULES,
    root,
    payerTimeoutMs,
    options.seed.toString(36),
  );
  let started = 0;
  const scheduler = new FaultScheduler(
    stack,
    options,
    root.fork('faults'),
    () => started / plans.length,
    malformed,
    options.log,
  );
  try {
    options.log('stack up; driving payments');
    scheduler.start();
    const deps = {
      api,
      sandboxes: stack.sandboxes,
      notifications,
      payerRoute: stack.payerRoute,
      decisionBudgetMs: payerTimeoutMs + sum(parseDurationList(t.statusPollSchedule)) + DECISION_MARGIN_MS,
    };
    const records = await pool(plans, options.concurrency, (plan) => {
      started += 1;
      if (started % 25 === 0) options.log(`${started} of ${plans.length} payments started`);
      return runPayment(plan, deps);
    });
    options.log('all payments driven; waiting for the remaining faults');
    await scheduler.stop();

    const settleBudget = Math.min(
      giveUpAt - Date.now(),
      parseDuration(t.captureDeadline) +
        parseDuration(t.refundWindow) +
        parseDuration(t.latePaymentWindow) +
        SETTLE_MARGIN_MS,
    );
    const unsettled = await waitUntilSettled(stack.temporal.address, settleBudget, options.log);
    const finals = await readFinalStates(records, api);
    const ledgers = new Map<string, readonly LedgerEntry[]>(
      [...stack.sandboxes].map(([name, s]) => [name, s.ledger()]),
    );
    const verdict = verify(records, finals, ledgers, unsettled);
    // Everything the verdict was based on, for whoever has to explain a violation.
    writeFileSync(
      join(workDir, 'journal.json'),
      JSON.stringify(
        { records, finals: Object.fromEntries(finals), ledgers: Object.fromEntries(ledgers), unsettled },
        null,
        1,
      ),
    );
    const leaks = findPersonalData([join(workDir, 'worker.log'), join(workDir, 'gateway.log')]);
    const extraViolations = runViolations(
      stack.worker.unexpectedExits,
      stack.gateway.unexpectedExits,
      malformed,
      leaks,
      giveUpAt,
    );
    const rows = figureRows({
      records,
      verdict,
      extraViolations,
      processFaults: scheduler.counts,
      links: new Map([...stack.links].map(([name, link]) => [name, link.counts])),
      notificationFaults: notifications.counts,
      malformed: malformed?.counts,
      fuzz,
      leaks,
      clientRetries: api.retriedCalls,
      durationMs: Date.now() - startedAt.getTime(),
    });
    return {
      rows,
      violations: [...verdict.violations, ...extraViolations],
      timeline: scheduler.timeline,
      workDir,
      startedAt,
    };
  } finally {
    await api.close();
    await malformed?.close();
    await stack.close();
  }
}

/** Violations of the run as a whole rather than of one payment. */
function runViolations(
  workerExits: readonly string[],
  gatewayExits: readonly string[],
  malformed: MalformedNotifications | undefined,
  leaks: ReturnType<typeof findPersonalData>,
  giveUpAt: number,
): Violation[] {
  const violations: Violation[] = [];
  for (const exit of [...workerExits, ...gatewayExits])
    violations.push({ kind: 'process_crash', message: exit });
  for (const { provider, status } of malformed?.counts.unexpected ?? []) {
    violations.push({
      kind: 'malformed_accepted',
      message: `a malformed notification to ${provider} was answered ${status}`,
    });
  }
  for (const leak of leaks) {
    violations.push({
      kind: 'personal_data_in_logs',
      message: `personal data "${leak.fragment}" ×${leak.occurrences} in ${leak.file}: ${leak.context}`,
    });
  }
  if (Date.now() > giveUpAt)
    violations.push({ kind: 'deadline_exceeded', message: 'the run did not finish within its deadline' });
  return violations;
}

async function pool<T, R>(
  items: readonly T[],
  concurrency: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
