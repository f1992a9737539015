/**
 * Validation of merchant and operator commands against a payment's state and its provider's
 * capabilities. Each returns null when the command can run, or a specific message saying why not and,
 * where it helps, what is possible instead. Used by the workflow's update validators (so a rejected
 * command records nothing) and by the REST API for early, clear errors.
 */
import type { ProviderCapabilities } from './capabilities';
import type { OperatorResolution, PaymentState } from './payment-state';
import { formatMinorUnits } from './money';

export type CommandCheck = string | null;

function amountText(state: PaymentState, minor: number): string {
  return `${formatMinorUnits(minor, state.exponent)} ${state.currency}`;
}

function checkAmount(amount: number | undefined, what: string): CommandCheck {
  if (amount === undefined) return null;
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    return `${what} amount must be a positive whole number of minor units`;
  }
  return null;
}

export function checkCapture(
  state: PaymentState,
  caps: ProviderCapabilities,
  amount: number | undefined,
): CommandCheck {
  if (state.status !== 'authorized' && state.status !== 'partially_captured') {
    return `cannot capture a payment that is ${state.status}; only authorized payments can be captured`;
  }
  if (state.captureClosed)
    return 'cannot capture: the authorization is already closed by an earlier capture or void';
  const bad = checkAmount(amount, 'capture');
  if (bad) return bad;
  const remaining = state.authorizedAmount - state.capturedAmount;
  const requested = amount ?? remaining;
  if (requested > remaining) {
    return `cannot capture ${amountText(state, requested)}: only ${amountText(state, remaining)} remains authorized`;
  }
  if (requested < remaining && !caps.partialCapture) {
    return `${state.provider} supports full captures only; capture ${amountText(state, remaining)} or omit the amount`;
  }
  return null;
}

export function checkVoid(state: PaymentState, caps: ProviderCapabilities): CommandCheck {
  if (!caps.void) return `${state.provider} does not support voiding an authorization`;
  if (state.status === 'captured' || state.status === 'partially_refunded' || state.status === 'refunded') {
    return `cannot void a payment that is ${state.status}; refund it instead`;
  }
  if (state.status !== 'authorized' && state.status !== 'partially_captured') {
    return `cannot void a payment that is ${state.status}; only authorized payments can be voided`;
  }
  if (state.captureClosed) return 'nothing left to void: the authorization is already closed';
  return null;
}

export function checkRefund(
  state: PaymentState,
  caps: ProviderCapabilities,
  amount: number | undefined,
): CommandCheck {
  if (caps.refunds === 'none') return `${state.provider} does not support refunds`;
  if (state.status === 'authorized') {
    return 'cannot refund a payment that has not been captured; void it or capture it first';
  }
  if (!['captured', 'partially_captured', 'partially_refunded'].includes(state.status)) {
    return `cannot refund a payment that is ${state.status}; only captured payments can be refunded`;
  }
  const bad = checkAmount(amount, 'refund');
  if (bad) return bad;
  const refundable = state.capturedAmount - state.refundedAmount;
  const requested = amount ?? refundable;
  if (requested > refundable) {
    return `cannot refund ${amountText(state, requested)}: only ${amountText(state, refundable)} is refundable`;
  }
  if (caps.refunds === 'full_only' && requested !== state.capturedAmount) {
    return `${state.provider} supports full refunds only: refund ${amountText(state, state.capturedAmount)} or omit the amount`;
  }
  if (!caps.multipleRefunds && state.refundedAmount > 0) {
    return `${state.provider} allows one refund per payment, and this payment has one already`;
  }
  return null;
}

export function checkCancel(state: PaymentState): CommandCheck {
  if (state.status === 'processing' || state.status === 'awaiting_payer') return null;
  if (state.status === 'authorized')
    return 'the payer has already paid: void the authorization instead of canceling';
  return `cannot cancel a payment that is ${state.status}; only payments still awaiting the payer can be canceled`;
}

export function checkResolution(state: PaymentState, r: OperatorResolution): CommandCheck {
  if (state.status !== 'needs_attention') {
    return `only a payment that needs attention can be resolved; this one is ${state.status}`;
  }
  for (const [name, value] of Object.entries({
    authorizedAmount: r.authorizedAmount,
    capturedAmount: r.capturedAmount,
    refundedAmount: r.refundedAmount,
  })) {
    if (!Number.isSafeInteger(value) || value < 0)
      return `${name} must be a non-negative whole number of minor units`;
  }
  if (r.authorizedAmount > state.amount) return 'authorizedAmount cannot exceed the payment amount';
  if (r.capturedAmount > r.authorizedAmount) return 'capturedAmount cannot exceed authorizedAmount';
  if (r.refundedAmount > r.capturedAmount) return 'refundedAmount cannot exceed capturedAmount';
  const expected = expectedShape(r);
  if (expected) return `status ${r.status} ${expected}`;
  if (!r.note.trim()) return 'a note explaining the resolution is required';
  return null;
}

function expectedShape(r: OperatorResolution): string | null {
  const { authorizedAmount: a, capturedAmount: c, refundedAmount: f } = r;
  switch (r.status) {
    case 'declined':
    case 'expired':
      return a === 0 ? null : 'requires all amounts to be 0';
    case 'authorized':
    case 'voided':
      return a > 0 && c === 0 ? null : 'requires authorizedAmount > 0 and capturedAmount 0';
    case 'captured':
      return c > 0 && c === a && f === 0
        ? null
        : 'requires capturedAmount = authorizedAmount > 0 and no refund';
    case 'partially_captured':
      return c > 0 && c < a && f === 0
        ? null
        : 'requires 0 < capturedAmount < authorizedAmount and no refund';
    case 'refunded':
      return c > 0 && f === c ? null : 'requires refundedAmount = capturedAmount > 0';
    case 'partially_refunded':
      return f > 0 && f < c ? null : 'requires 0 < refundedAmount < capturedAmount';
  }
}
