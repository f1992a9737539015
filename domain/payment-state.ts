/**
 * The payment state machine as a pure reducer: state × event → state. The workflow applies every
 * change through `applyPaymentEvent`, so the invariants below hold for every payment, whatever order
 * provider notifications, operator commands and timers arrive in:
 *   0 ≤ refunded ≤ captured ≤ authorized ≤ requested amount, and a terminal status never changes.
 * An event that would break them throws PaymentTransitionError and changes nothing.
 */
import type { CaptureMode, PaymentOperation, PaymentStatus, TimelineEntry } from './payment-types';
import { TERMINAL_STATUSES } from './payment-types';
import { formatMinorUnits } from './money';

export interface PaymentState {
  paymentId: string;
  provider: string;
  captureMode: CaptureMode;
  status: PaymentStatus;
  /** Requested amount, minor units of `currency`. */
  amount: number;
  currency: string;
  /** ISO 4217 exponent of `currency`, carried so that pure code can format amounts without the dataset. */
  exponent: number;
  authorizedAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  /** No further capture is possible (a final capture was made, or the rest of the hold was released). */
  captureClosed: boolean;
  providerReference?: string;
  /** Why the payment is declined, failed or needs attention (no personal data). */
  reason?: string;
  operations: PaymentOperation[];
  timeline: TimelineEntry[];
  /** Incremented on every change; lets merchants order notifications. */
  version: number;
}

export type PaymentEvent =
  | { type: 'redirect_issued'; providerReference?: string }
  | { type: 'provider_processing' }
  | { type: 'authorized'; amount: number; providerReference?: string }
  /** One-stage success: authorized and captured at once. */
  | { type: 'sale_completed'; amount: number; providerReference?: string }
  /** A capture of `amount`; `closesCapture` when no further capture can follow. */
  | { type: 'capture_succeeded'; amount: number; closesCapture: boolean }
  /** The uncaptured hold was released (a void before capture, or the rest after a partial capture). */
  | { type: 'hold_released' }
  | { type: 'refund_succeeded'; amount: number }
  | { type: 'declined'; reason: string }
  | { type: 'expired'; reason: string }
  | { type: 'canceled'; reason: string }
  | { type: 'failed'; reason: string }
  | { type: 'attention_needed'; reason: string }
  /** An operator's resolution of `needs_attention`, stating what the provider's books show. */
  | { type: 'operator_resolved'; resolution: OperatorResolution };

/** Outcomes an operator can set on a payment that needs attention. */
export interface OperatorResolution {
  status: Extract<
    PaymentStatus,
    | 'authorized'
    | 'captured'
    | 'partially_captured'
    | 'declined'
    | 'expired'
    | 'voided'
    | 'refunded'
    | 'partially_refunded'
  >;
  authorizedAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  note: string;
}

export class PaymentTransitionError extends Error {
  override readonly name = 'PaymentTransitionError';
}

export interface NewPayment {
  paymentId: string;
  provider: string;
  captureMode: CaptureMode;
  amount: number;
  currency: string;
  exponent: number;
}

export function initialPaymentState(p: NewPayment, at: string): PaymentState {
  return {
    ...p,
    status: 'processing',
    authorizedAmount: 0,
    capturedAmount: 0,
    refundedAmount: 0,
    captureClosed: false,
    operations: [],
    timeline: [{ at, status: 'processing', note: 'payment created' }],
    version: 1,
  };
}

export function isTerminal(status: PaymentStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** Statuses in which the payer may still complete the payment at the provider. */
const BEFORE_AUTHORIZATION: readonly PaymentStatus[] = ['processing', 'awaiting_payer', 'needs_attention'];

export function applyPaymentEvent(state: PaymentState, event: PaymentEvent, at: string): PaymentState {
  if (isTerminal(state.status)) {
    throw new PaymentTransitionError(
      `payment is ${state.status}, which is final; ${event.type} is not applied`,
    );
  }
  const next = transition(state, event);
  assertInvariants(next);
  if (
    next.status === state.status &&
    sameAmounts(next, state) &&
    next.captureClosed === state.captureClosed
  ) {
    return state;
  }
  return {
    ...next,
    version: state.version + 1,
    timeline: [...state.timeline, { at, status: next.status, note: describe(event, state) }],
  };
}

function transition(s: PaymentState, e: PaymentEvent): PaymentState {
  switch (e.type) {
    case 'redirect_issued':
      requireStatus(s, e.type, ['processing']);
      return {
        ...s,
        status: 'awaiting_payer',
        providerReference: e.providerReference ?? s.providerReference,
      };
    case 'provider_processing':
      requireStatus(s, e.type, ['awaiting_payer', 'processing']);
      return { ...s, status: 'processing' };
    case 'authorized':
      requireFirstOutcome(s, e.type);
      requirePositive(e.amount, e.type);
      return {
        ...s,
        status: 'authorized',
        authorizedAmount: e.amount,
        providerReference: e.providerReference ?? s.providerReference,
        reason: undefined,
      };
    case 'sale_completed':
      requireFirstOutcome(s, e.type);
      requirePositive(e.amount, e.type);
      return {
        ...s,
        status: 'captured',
        authorizedAmount: e.amount,
        capturedAmount: e.amount,
        captureClosed: true,
        providerReference: e.providerReference ?? s.providerReference,
        reason: undefined,
      };
    case 'capture_succeeded': {
      requireStatus(s, e.type, ['authorized', 'partially_captured']);
      requirePositive(e.amount, e.type);
      if (s.captureClosed) throw new PaymentTransitionError('no further capture is possible on this payment');
      const captured = s.capturedAmount + e.amount;
      const closed = e.closesCapture || captured === s.authorizedAmount;
      return {
        ...s,
        capturedAmount: captured,
        captureClosed: closed,
        status: captured === s.authorizedAmount ? 'captured' : 'partially_captured',
      };
    }
    case 'hold_released':
      requireStatus(s, e.type, ['authorized', 'partially_captured']);
      return s.capturedAmount === 0
        ? { ...s, status: 'voided', captureClosed: true }
        : { ...s, captureClosed: true };
    case 'refund_succeeded': {
      requireStatus(s, e.type, ['captured', 'partially_captured', 'partially_refunded']);
      requirePositive(e.amount, e.type);
      const refunded = s.refundedAmount + e.amount;
      return {
        ...s,
        refundedAmount: refunded,
        status: refunded === s.capturedAmount ? 'refunded' : 'partially_refunded',
      };
    }
    case 'declined':
      requireFirstOutcome(s, e.type);
      return { ...s, status: 'declined', reason: e.reason };
    case 'expired':
      requireFirstOutcome(s, e.type);
      return { ...s, status: 'expired', reason: e.reason };
    case 'canceled':
      requireStatus(s, e.type, ['processing', 'awaiting_payer']);
      return { ...s, status: 'canceled', reason: e.reason };
    case 'failed':
      requireStatus(s, e.type, ['processing', 'awaiting_payer']);
      return { ...s, status: 'failed', reason: e.reason };
    case 'attention_needed':
      return { ...s, status: 'needs_attention', reason: e.reason };
    case 'operator_resolved': {
      requireStatus(s, e.type, ['needs_attention']);
      const r = e.resolution;
      return {
        ...s,
        status: r.status,
        authorizedAmount: r.authorizedAmount,
        capturedAmount: r.capturedAmount,
        refundedAmount: r.refundedAmount,
        captureClosed: r.status !== 'authorized' && r.status !== 'partially_captured',
        reason: `resolved by operator: ${r.note}`,
      };
    }
  }
}

function requireStatus(s: PaymentState, what: string, allowed: readonly PaymentStatus[]): void {
  if (!allowed.includes(s.status)) {
    throw new PaymentTransitionError(`${what} is not possible while the payment is ${s.status}`);
  }
}

/**
 * The payer's outcome (authorized, paid, declined, expired) is decided once. needs_attention still
 * waits for it only while nothing was authorized; after that, only an operator settles the payment.
 */
function requireFirstOutcome(s: PaymentState, what: string): void {
  requireStatus(s, what, BEFORE_AUTHORIZATION);
  if (s.authorizedAmount > 0) {
    throw new PaymentTransitionError(`${what} is not possible: this payment was already authorized`);
  }
}

function requirePositive(amount: number, what: string): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new PaymentTransitionError(`${what} needs a positive whole amount in minor units, got ${amount}`);
  }
}

/** The invariants every state must satisfy. Exported for property tests. */
export function assertInvariants(s: PaymentState): void {
  const amounts = [s.authorizedAmount, s.capturedAmount, s.refundedAmount];
  if (amounts.some((a) => !Number.isSafeInteger(a) || a < 0)) {
    throw new PaymentTransitionError('amounts must be non-negative whole minor units');
  }
  if (s.authorizedAmount > s.amount)
    throw new PaymentTransitionError('authorized more than the requested amount');
  if (s.capturedAmount > s.authorizedAmount)
    throw new PaymentTransitionError('captured more than authorized');
  if (s.refundedAmount > s.capturedAmount) throw new PaymentTransitionError('refunded more than captured');
}

function sameAmounts(a: PaymentState, b: PaymentState): boolean {
  return (
    a.authorizedAmount === b.authorizedAmount &&
    a.capturedAmount === b.capturedAmount &&
    a.refundedAmount === b.refundedAmount
  );
}

function describe(e: PaymentEvent, before: PaymentState): string {
  const money = (minor: number) => `${formatMinorUnits(minor, before.exponent)} ${before.currency}`;
  switch (e.type) {
    case 'redirect_issued':
      return 'redirect issued to the payer';
    case 'provider_processing':
      return 'provider reported progress';
    case 'authorized':
      return `authorized ${money(e.amount)}`;
    case 'sale_completed':
      return `paid ${money(e.amount)}`;
    case 'capture_succeeded':
      return `captured ${money(e.amount)}`;
    case 'hold_released':
      return before.capturedAmount === 0 ? 'authorization voided' : 'uncaptured remainder released';
    case 'refund_succeeded':
      return `refunded ${money(e.amount)}`;
    case 'operator_resolved':
      return `resolved by operator: ${e.resolution.note}`;
    default:
      return e.reason;
  }
}
