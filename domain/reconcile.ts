/**
 * Turns what a provider reports (status API or an authoritative notification) into the payment events
 * that bring our state up to the provider's. Reports that are older than our state are normal
 * (notifications arrive late and out of order) and produce no event; reports that cannot be explained
 * are surfaced so the workflow can ask an operator instead of guessing.
 */
import type { ProviderStatus } from './provider-events';
import type { PaymentEvent, PaymentState } from './payment-state';

export type Reconciliation =
  | { kind: 'events'; events: PaymentEvent[] }
  /** Nothing final yet at the provider (not found, pending): keep waiting or polling. */
  | { kind: 'undecided' }
  | { kind: 'unexplained'; reason: string };

const BEFORE_AUTHORIZATION = new Set(['processing', 'awaiting_payer', 'needs_attention']);

export function reconcile(
  state: PaymentState,
  report: ProviderStatus,
  opts: { multipleCaptures: boolean },
): Reconciliation {
  // needs_attention is "before" only while nothing was authorized (an unknown create or payer outcome).
  // A payment that needs attention after money moved (an unknown capture or refund) keeps its amounts:
  // a report can only add to them, never restart the payment from a partial figure.
  const before = BEFORE_AUTHORIZATION.has(state.status) && state.authorizedAmount === 0;
  const ref = report.providerReference;
  const events: PaymentEvent[] = [];

  switch (report.state) {
    case 'not_found':
    case 'pending':
      return before ? { kind: 'undecided' } : none();
    case 'declined':
      return before ? one({ type: 'declined', reason: declineText(report) }) : none();
    case 'expired':
      return before
        ? one({ type: 'expired', reason: 'the payer did not complete the payment in time' })
        : none();
    case 'authorized': {
      if (!before) return none();
      return one({
        type: 'authorized',
        amount: report.authorizedAmount ?? state.amount,
        providerReference: ref,
      });
    }
    case 'captured':
    case 'voided':
    case 'refunded':
      break;
  }

  // From here on the provider reports money that moved: bring every amount up to its figures.
  const authorized = report.authorizedAmount ?? state.amount;
  // A provider that does not report the captured amount (BIG FISH Result) cannot tell a partial
  // capture from a full one: once our capture is closed, what we recorded stands.
  const captured =
    report.capturedAmount ??
    (report.state === 'voided' ? 0 : !before && state.captureClosed ? state.capturedAmount : authorized);
  if (before) {
    if (report.state === 'voided') {
      events.push(
        { type: 'authorized', amount: authorized, providerReference: ref },
        { type: 'hold_released' },
      );
    } else if (state.captureMode === 'one_stage' || captured === authorized) {
      events.push({ type: 'sale_completed', amount: captured, providerReference: ref });
    } else {
      events.push(
        { type: 'authorized', amount: authorized, providerReference: ref },
        { type: 'capture_succeeded', amount: captured, closesCapture: !opts.multipleCaptures },
      );
    }
  } else if (captured > state.capturedAmount) {
    if (state.captureClosed) {
      return {
        kind: 'unexplained',
        reason: `provider reports ${captured} captured, more than this payment allows`,
      };
    }
    events.push({
      type: 'capture_succeeded',
      amount: captured - state.capturedAmount,
      closesCapture: !opts.multipleCaptures,
    });
  }
  const captureAfter = Math.max(captured, state.capturedAmount);
  if (report.state === 'voided' && !before && captureAfter === 0 && !state.captureClosed) {
    events.push({ type: 'hold_released' });
  }
  const refunded = report.refundedAmount ?? (report.state === 'refunded' ? captureAfter : 0);
  if (refunded > state.refundedAmount) {
    events.push({ type: 'refund_succeeded', amount: refunded - state.refundedAmount });
  }
  return events.length > 0 ? { kind: 'events', events } : none();
}

function one(event: PaymentEvent): Reconciliation {
  return { kind: 'events', events: [event] };
}

function none(): Reconciliation {
  return { kind: 'events', events: [] };
}

function declineText(report: ProviderStatus): string {
  const code = report.declineCode ? ` (${report.declineCode})` : '';
  return `declined by the provider${code}${report.declineReason ? `: ${report.declineReason}` : ''}`;
}
