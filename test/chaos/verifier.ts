/**
 * The verdict of a chaos run: every payment's final state, as the REST API shows it, held against the
 * truth in the provider's books (the sandbox ledger) and against what the driver did and was told.
 *
 *   double movement   the ledger shows a capture, sale or refund more often than it was asked for, the same
 *                     operation key twice, or more money moved than authorized or captured
 *   missing movement  our amounts and the ledger's differ, a confirmed command has no ledger entry, or money
 *                     sits at the provider for a payment we closed without telling an operator
 *   lost payment      a payment the API created cannot be found at the end (or was never created)
 *   stuck payment     still running, not waiting for an operator, when the run ends
 *   forged change     a forged notification was accepted, or a payment only forgers "paid" moved
 * needs_attention is an acceptable end only with a reason; so is a closed payment whose late money the
 * provider cannot give back, provided an operation says so (both are counted as needing attention).
 */
import type { LedgerEntry } from '../../providers/contract';
import type { PaymentRecord } from './journal';
import type { FinalState, FinalView } from './settle';

export type ViolationKind =
  | 'double_movement'
  | 'missing_movement'
  | 'lost_payment'
  | 'stuck_payment'
  | 'forged_state_change'
  | 'attention_without_reason'
  | 'driver_error'
  // Of the run as a whole (run.ts):
  | 'process_crash'
  | 'malformed_accepted'
  | 'personal_data_in_logs'
  | 'deadline_exceeded';

export interface Violation {
  kind: ViolationKind;
  orderId?: string;
  message: string;
}

export interface PaymentTallies {
  finalStatuses: Record<string, number>;
  needsAttention: number;
  /** Why, grouped by the first words of the reason. */
  attentionReasons: Record<string, number>;
  forgedSent: number;
  forgedRejected: number;
  commandsSent: number;
  /** Commands answered 200 (for captures and refunds, with the amounts the verifier then checks). */
  commandsSucceeded: number;
}

export interface Verdict {
  violations: Violation[];
  tallies: PaymentTallies;
}

const MONEY_STATUSES = new Set([
  'authorized',
  'partially_captured',
  'captured',
  'partially_refunded',
  'refunded',
  'voided',
]);
const CLOSED_WITHOUT_MONEY = new Set(['expired', 'canceled', 'declined', 'failed']);
const PAID_STATUSES = new Set([
  'authorized',
  'partially_captured',
  'captured',
  'partially_refunded',
  'refunded',
]);

interface Sums {
  authorized: number;
  captured: number;
  refunded: number;
  released: number;
  /** Held and neither captured nor released. */
  outstandingHold: number;
  counts: Record<LedgerEntry['kind'], number>;
}

export function verify(
  records: readonly PaymentRecord[],
  finals: ReadonlyMap<string, FinalState>,
  ledgers: ReadonlyMap<string, readonly LedgerEntry[]>,
  unsettled: readonly string[],
): Verdict {
  const violations: Violation[] = [];
  const tallies: PaymentTallies = {
    finalStatuses: {},
    needsAttention: 0,
    attentionReasons: {},
    forgedSent: 0,
    forgedRejected: 0,
    commandsSent: 0,
    commandsSucceeded: 0,
  };
  const known = new Set(records.map((r) => r.plan.orderId));
  const stillRunning = new Set(unsettled.map((id) => id.replace(/^payment-/, '')));

  for (const record of records) {
    const { orderId, provider } = record.plan;
    const flag = (kind: ViolationKind, message: string) => violations.push({ kind, orderId, message });
    const entries = (ledgers.get(provider) ?? []).filter((e) => e.paymentId === orderId);
    const final = finals.get(orderId);

    if (record.driverError) flag('driver_error', `the driver failed: ${record.driverError}`);
    tallies.forgedSent += record.forgeries.length;
    for (const status of record.forgeries) {
      if (typeof status === 'number' && status >= 400 && status < 500) tallies.forgedRejected += 1;
      else if (status !== 'no answer')
        flag('forged_state_change', `a forged notification was answered ${status}`);
    }
    tallies.commandsSent += record.commands.length;
    tallies.commandsSucceeded += record.commands.filter((c) => c.statuses.includes(200)).length;

    if (record.createStatus !== 201) {
      flag('lost_payment', `create answered ${record.createStatus}`);
      if (entries.length > 0) flag('missing_movement', `money moved for a payment the API never created`);
      continue;
    }
    if (!final?.found) {
      flag('lost_payment', `created, but the final read answered ${final?.status ?? 'nothing'}`);
      continue;
    }
    const view = final.view;
    tallies.finalStatuses[view.status] = (tallies.finalStatuses[view.status] ?? 0) + 1;
    const sums = sum(entries);

    for (const message of doubleMovements(record, entries, sums)) flag('double_movement', message);
    if (stillRunning.has(orderId) || view.status === 'awaiting_payer' || view.status === 'processing') {
      flag('stuck_payment', `still ${view.status} when the run ended`);
      continue;
    }
    const attention = attentionReason(view, sums);
    if (attention !== undefined) {
      if (!attention) flag('attention_without_reason', `${view.status} without a reason`);
      tallies.needsAttention += 1;
      const group = (attention || 'no reason').split(/[:(]/)[0]?.trim().slice(0, 60) ?? '';
      tallies.attentionReasons[group] = (tallies.attentionReasons[group] ?? 0) + 1;
    } else {
      for (const message of missingMovements(view, sums)) flag('missing_movement', message);
    }
    for (const message of unconfirmedCommands(record, sums)) flag('missing_movement', message);
    if (record.plan.payer.kind === 'forged_only') {
      for (const message of forgedChanges(view, sums)) flag('forged_state_change', message);
    }
  }

  for (const [provider, entries] of ledgers) {
    const strangers = new Set(entries.filter((e) => !known.has(e.paymentId)).map((e) => e.paymentId));
    for (const orderId of strangers) {
      violations.push({
        kind: 'missing_movement',
        orderId,
        message: `${provider} moved money for a payment nobody created`,
      });
    }
  }
  return { violations, tallies };
}

function sum(entries: readonly LedgerEntry[]): Sums {
  const total = (kind: LedgerEntry['kind']) =>
    entries.filter((e) => e.kind === kind).reduce((s, e) => s + e.amount, 0);
  const counts = { authorize: 0, capture: 0, release: 0, sale: 0, refund: 0 };
  for (const e of entries) counts[e.kind] += 1;
  const captures = total('capture');
  return {
    authorized: total('authorize') + total('sale'),
    captured: captures + total('sale'),
    refunded: total('refund'),
    released: total('release'),
    outstandingHold: Math.max(0, total('authorize') - captures - total('release')),
    counts,
  };
}

function doubleMovements(record: PaymentRecord, entries: readonly LedgerEntry[], sums: Sums): string[] {
  const found: string[] = [];
  const caps = record.plan.capabilities;
  if (sums.counts.authorize > 1) found.push(`authorized ${sums.counts.authorize} times`);
  if (sums.counts.sale > 1) found.push(`sold ${sums.counts.sale} times`);
  if (!caps.multipleCaptures && sums.counts.capture > 1) found.push(`captured ${sums.counts.capture} times`);
  if (sums.captured > sums.authorized)
    found.push(`captured ${sums.captured}, more than the ${sums.authorized} authorized`);
  if (sums.refunded > sums.captured)
    found.push(`refunded ${sums.refunded}, more than the ${sums.captured} captured`);
  if (sums.authorized > record.plan.amount)
    found.push(`authorized ${sums.authorized}, more than the ${record.plan.amount} asked`);
  // Each refund the merchant asked for (a retry after a 502 is a new one), plus one giving back a late payment.
  const refundsAsked = record.commands.filter((c) => c.op === 'refund').length + 1;
  if (sums.counts.refund > refundsAsked)
    found.push(`${sums.counts.refund} refunds for ${refundsAsked - 1} asked`);
  const seen = new Set<string>();
  for (const e of entries) {
    if (!e.operationKey || e.kind === 'release') continue;
    const key = `${e.kind}:${e.operationKey}`;
    if (seen.has(key)) found.push(`${e.kind} with operation key ${e.operationKey} recorded twice`);
    seen.add(key);
  }
  return found;
}

/**
 * The reason a payment needs an operator, '' if it needs one but gives none, undefined if it does not:
 * needs_attention, or a closed payment holding late money that an operation says must be given back by hand.
 */
function attentionReason(view: FinalView, sums: Sums): string | undefined {
  if (view.status === 'needs_attention') return view.reason ?? '';
  if (!CLOSED_WITHOUT_MONEY.has(view.status) || netHeld(sums) === 0) return undefined;
  const flagged = view.operations.find((o) => o.id.endsWith('late-payment') && o.status === 'failed');
  return flagged ? `late payment not given back: ${flagged.error ?? ''}` : undefined;
}

/** Money the provider holds or has taken for the merchant. */
function netHeld(sums: Sums): number {
  return sums.captured - sums.refunded + sums.outstandingHold;
}

function missingMovements(view: FinalView, sums: Sums): string[] {
  const found: string[] = [];
  if (CLOSED_WITHOUT_MONEY.has(view.status)) {
    if (netHeld(sums) !== 0)
      found.push(`${view.status}, but the provider holds ${netHeld(sums)} and nobody was told`);
    return found;
  }
  if (!MONEY_STATUSES.has(view.status)) return [`unexpected final status ${view.status}`];
  const compare = (what: string, ours: number, theirs: number) => {
    if (ours !== theirs) found.push(`${what}: ours ${ours}, the provider's ${theirs} (${view.status})`);
  };
  compare('authorized', view.authorizedAmount, sums.authorized);
  compare('captured', view.capturedAmount, sums.captured);
  compare('refunded', view.refundedAmount, sums.refunded);
  if (view.status !== 'authorized' && sums.outstandingHold !== 0) {
    found.push(`${view.status}, but ${sums.outstandingHold} is still held at the provider`);
  }
  return found;
}

/** A command the API confirmed must show in the provider's books. */
function unconfirmedCommands(record: PaymentRecord, sums: Sums): string[] {
  const found: string[] = [];
  for (const command of record.commands) {
    const confirmed = command.confirmed;
    if (!confirmed || confirmed.status === 'needs_attention') continue;
    if (command.op === 'capture' && confirmed.capturedAmount > sums.captured) {
      found.push(`capture confirmed ${confirmed.capturedAmount}, the provider captured ${sums.captured}`);
    }
    if (command.op === 'refund' && confirmed.refundedAmount > sums.refunded) {
      found.push(`refund confirmed ${confirmed.refundedAmount}, the provider refunded ${sums.refunded}`);
    }
  }
  return found;
}

/**
 * A payment only forgers claimed was paid must end untouched: expired (or failed / needing attention when
 * its creation at the provider itself went wrong), never paid, with nothing in the ledger.
 */
function forgedChanges(view: FinalView, sums: Sums): string[] {
  const found: string[] = [];
  if (PAID_STATUSES.has(view.status) || view.status === 'voided')
    found.push(`forgeries only, yet it ended ${view.status}`);
  if (sums.authorized > 0 || view.authorizedAmount > 0) found.push('forgeries only, yet money is recorded');
  const moved = view.timeline.filter((t) => PAID_STATUSES.has(t.status));
  if (moved.length > 0)
    found.push(`forgeries only, yet it went through ${moved.map((t) => t.status).join(', ')}`);
  return found;
}
