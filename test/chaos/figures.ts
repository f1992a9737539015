/**
 * The numbers a chaos run reports, gathered from the driver's journal, the fault injectors' counters,
 * the verdict and the fuzz suites' counts, as label/value rows for the figures table.
 */
import type { FuzzCounts } from '../fuzz/support/fuzz-tally';
import type { ProcessFaultCounts } from './fault-scheduler';
import type { PaymentRecord } from './journal';
import type { LogLeak } from './log-scan';
import type { MalformedCounts } from './malformed-notifications';
import type { NotificationFaultKind } from './notification-faults';
import type { LinkCounts } from './provider-link';
import type { Verdict, Violation } from './verifier';

export interface FigureInputs {
  records: readonly PaymentRecord[];
  verdict: Verdict;
  extraViolations: readonly Violation[];
  processFaults: ProcessFaultCounts;
  links: ReadonlyMap<string, LinkCounts>;
  notificationFaults: Readonly<Record<NotificationFaultKind, number>>;
  malformed: MalformedCounts | undefined;
  fuzz: readonly FuzzCounts[];
  leaks: readonly LogLeak[];
  clientRetries: { network: number; status: ReadonlyMap<number, number> };
  durationMs: number;
}

export interface FigureRow {
  figure: string;
  value: string;
}

export function figureRows(input: FigureInputs): FigureRow[] {
  const { records, verdict, processFaults: p } = input;
  const violations = [...verdict.violations, ...input.extraViolations];
  const count = (kind: Violation['kind']) => violations.filter((v) => v.kind === kind).length;
  const links = [...input.links.values()];
  const linkTotal = (key: keyof LinkCounts) => links.reduce((sum, c) => sum + c[key], 0);
  const n = input.notificationFaults;
  const fuzzInputs = input.fuzz.reduce(
    (sum, s) => sum + Object.values(s.properties).reduce((a, b) => a + b, 0),
    0,
  );
  const byProvider = tallyBy(records, (r) => r.plan.provider);
  const created = records.filter((r) => r.createStatus === 201).length;
  const malformed = input.malformed;
  const retried = [...input.clientRetries.status].map(([status, times]) => `${times} × ${status}`);

  return [
    { figure: 'Payments', value: `${records.length} driven, ${created} created (${list(byProvider)})` },
    { figure: 'Final states', value: list(verdict.tallies.finalStatuses) },
    {
      figure: 'Merchant commands (capture, void, refund, cancel)',
      value: `${verdict.tallies.commandsSent} sent, ${verdict.tallies.commandsSucceeded} answered 200`,
    },
    { figure: 'Faults: worker SIGKILLed', value: String(p.workerKills) },
    { figure: 'Faults: Temporal server stopped and restarted', value: String(p.temporalRestarts) },
    { figure: 'Faults: gateway restarted', value: String(p.gatewayRestarts) },
    {
      figure: 'Faults: provider calls answered 5xx',
      value: `${linkTotal('failed5xx')} of ${linkTotal('calls')} calls`,
    },
    {
      figure: 'Faults: provider calls timed out after the provider acted',
      value: String(linkTotal('timedOut')),
    },
    { figure: 'Faults: provider calls delayed (0.2–1.5 s)', value: String(linkTotal('delayed')) },
    { figure: 'Faults: payer notifications dropped', value: String(n.drop) },
    { figure: 'Faults: payer notifications duplicated', value: String(n.duplicate) },
    { figure: 'Faults: payer notifications reordered (held 1–4 s)', value: String(n.reorder) },
    { figure: 'Faults: payer notifications delayed past the payer deadline', value: String(n.late) },
    { figure: 'Faults: forged notifications (bad signature)', value: String(verdict.tallies.forgedSent) },
    { figure: 'Faults: malformed notifications', value: String(malformed?.sent ?? 0) },
    {
      figure: 'Restarts survived',
      value: `${p.workerKills + p.temporalRestarts + p.gatewayRestarts} (worker ${p.workerKills}, Temporal ${p.temporalRestarts}, gateway ${p.gatewayRestarts}); unplanned: ${p.unplannedRestarts}`,
    },
    { figure: 'Double movements', value: String(count('double_movement')) },
    { figure: 'Missing movements', value: String(count('missing_movement')) },
    { figure: 'Lost payments', value: String(count('lost_payment')) },
    { figure: 'Stuck payments', value: String(count('stuck_payment')) },
    { figure: 'Forged state changes', value: String(count('forged_state_change')) },
    {
      figure: 'Payments needing attention',
      value: `${verdict.tallies.needsAttention}${verdict.tallies.needsAttention ? ` (${list(verdict.tallies.attentionReasons)})` : ''}`,
    },
    {
      figure: 'Forged notifications rejected',
      value: `${verdict.tallies.forgedRejected} of ${verdict.tallies.forgedSent}`,
    },
    {
      figure: 'Malformed notifications rejected',
      value: malformed
        ? `${malformed.refused4xx + malformed.rateLimited429} of ${malformed.sent} (${malformed.rateLimited429} of them 429, rate-limited)`
        : 'not sent',
    },
    {
      figure: 'Fuzz inputs tried (npm test fuzz suites)',
      value: fuzzInputs ? `${fuzzInputs} (${input.fuzz.map((s) => s.suite).join(', ')})` : 'not run',
    },
    {
      figure: 'Personal data found in process logs',
      value: String(input.leaks.reduce((sum, l) => sum + l.occurrences, 0)),
    },
    {
      figure: 'Client retries (same key)',
      value: `${input.clientRetries.network} network errors${retried.length ? `, ${retried.join(', ')}` : ''}`,
    },
    { figure: 'Invariant violations', value: String(violations.length) },
    { figure: 'Duration', value: `${Math.round(input.durationMs / 1000)} s` },
  ];
}

function tallyBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

function list(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
}
