/**
 * The single table from ECommPay payment statuses to our ProviderPaymentState, and how the amounts are read
 * from the operations list. Used by getStatus (status API) and by the webhook (callbacks are hints: the
 * workflow confirms them with getStatus, statusApi is true).
 *
 * The status names are VERIFIED (§1.8: PHP SDK `Callback.php`, WooCommerce `EcpGatewayPaymentStatus`). What each
 * one means for money is VERIFIED where the SDK docblocks say so, else INFERRED and marked below.
 */
import type { ProviderPaymentState, ProviderStatus } from '../../domain/provider-events';

/** A status we can act on, or one that needs an operator because card-partner never produces it. */
export type StatusMeaning = { state: ProviderPaymentState } | { state: undefined; why: string };

const state = (s: ProviderPaymentState): StatusMeaning => ({ state: s });
const unsupported = (why: string): StatusMeaning => ({ state: undefined, why });

export const PAYMENT_STATUSES: Readonly<Record<string, StatusMeaning>> = {
  // Final, money taken. card-partner is sale-only (§1.9), so success means captured.
  success: state('captured'),
  // Final, no money moved.
  decline: state('declined'),
  // "error" is a failed payment; WooCommerce declines the order on internal/external errors (VERIFIED).
  error: state('declined'),
  'internal error': state('declined'),
  'external error': state('declined'),
  'decline renewal': state('declined'),
  // INFERRED: a cancelled invoice is a payment that will never be made.
  'invoice cancelled': state('declined'),
  expired: state('expired'),
  // Nothing final yet: the payer or the partner still has to act ("awaiting customer": more attempts possible).
  processing: state('pending'),
  'external processing': state('pending'),
  'scheduled recurring processing': state('pending'),
  'awaiting 3ds result': state('pending'),
  'awaiting redirect result': state('pending'),
  'awaiting customer': state('pending'),
  'awaiting customer action': state('pending'),
  'awaiting clarification': state('pending'),
  'awaiting clarify data': state('pending'),
  'awaiting approval': state('pending'),
  'awaiting merchant auth': state('pending'),
  'awaiting confirmation': state('pending'),
  'awaiting payment': state('pending'),
  'awaiting retry': state('pending'),
  'invoice sent': state('pending'),
  // Two-step purchases (never for card-partner): held, then released.
  'awaiting capture': state('authorized'),
  // The PHP SDK renamed `cancelled` to `canceled` (v1.5.1); Python, Go and WooCommerce still say `cancelled`.
  canceled: state('voided'),
  cancelled: state('voided'),
  // Money returned; `reversed` is a refund before the business day closes (VERIFIED docblock).
  refunded: state('refunded'),
  'partially refunded': state('refunded'),
  reversed: state('refunded'),
  'partially reversed': state('refunded'),
  // Statuses of invoice, payout and clearing flows: their money meaning for a sale is unknown, so an operator looks.
  'partially paid': unsupported('a partially paid invoice'),
  'partially paid out': unsupported('a payout status'),
  'awaiting clearing': unsupported('a clearing status'),
  'awaiting partially clearing': unsupported('a clearing status'),
  'clearing processing': unsupported('a clearing status'),
};

export function paymentStatusMeaning(status: string): StatusMeaning {
  return Object.prototype.hasOwnProperty.call(PAYMENT_STATUSES, status)
    ? (PAYMENT_STATUSES[status] as StatusMeaning)
    : unsupported('a status this adapter does not know');
}

/** Operation statuses that end an operation (VERIFIED names, `EcpGatewayOperationStatus`). */
export type OperationOutcome = 'succeeded' | 'failed' | 'in_progress';

const FAILED_OPERATION_STATUSES: ReadonlySet<string> = new Set([
  'decline',
  'error',
  'internal error',
  'external error',
  'expired',
  'invoice cancelled',
]);

export function operationOutcome(status: string): OperationOutcome {
  if (status === 'success') return 'succeeded';
  return FAILED_OPERATION_STATUSES.has(status) ? 'failed' : 'in_progress';
}

/** Operation types and what a successful one does to the money (VERIFIED type names, §1.8). */
const MONEY_EFFECT: Readonly<Record<string, 'authorize' | 'sale' | 'capture' | 'release' | 'refund'>> = {
  sale: 'sale',
  auth: 'authorize',
  capture: 'capture',
  cancel: 'release',
  refund: 'refund',
  reversal: 'refund',
};

export interface OperationFacts {
  type: string;
  status: string;
  /** Minor units in the payment's currency. */
  amount: number;
  code?: string;
  message?: string;
  requestId?: string;
}

export interface PaymentFacts {
  status: string;
  currency: string;
  operations: readonly OperationFacts[];
  /**
   * True for the status API's full operations list: an effect with no operation is then 0. A callback carries
   * one operation only, so the amounts it does not mention stay unknown (undefined).
   */
  complete: boolean;
}

/**
 * ProviderStatus from a payment status and its operations. Amounts are sums of successful operations: the
 * payment's own `sum` is its remaining balance (0 after a full refund, seed 002), not what was paid.
 * Returns undefined for a status that needs an operator.
 */
export function toProviderStatus(facts: PaymentFacts): ProviderStatus | undefined {
  const meaning = paymentStatusMeaning(facts.status);
  if (meaning.state === undefined) return undefined;
  const sale = facts.operations.find((op) => op.type === 'sale' || op.type === 'auth');
  const status: ProviderStatus = {
    state: meaning.state,
    currency: facts.currency,
    ...(sale?.requestId ? { providerReference: sale.requestId } : {}),
  };
  switch (meaning.state) {
    case 'declined':
    case 'expired': {
      const failure = facts.operations.filter((op) => operationOutcome(op.status) === 'failed').at(-1);
      return {
        ...status,
        ...(failure?.code ? { declineCode: failure.code } : {}),
        ...(failure?.message ? { declineReason: failure.message } : {}),
      };
    }
    case 'pending':
    case 'not_found':
      return status;
    default:
      return { ...status, ...movedAmounts(facts) };
  }
}

function movedAmounts(facts: PaymentFacts): Partial<ProviderStatus> {
  const moved = new Map<string, number>();
  for (const op of facts.operations) {
    const effect = MONEY_EFFECT[op.type];
    if (!effect || operationOutcome(op.status) !== 'succeeded') continue;
    moved.set(effect, (moved.get(effect) ?? 0) + op.amount);
  }
  const sum = (...effects: string[]): number | undefined => {
    const seen = effects.filter((e) => moved.has(e));
    if (seen.length === 0) return facts.complete && moved.size > 0 ? 0 : undefined;
    return seen.reduce((total, e) => total + (moved.get(e) ?? 0), 0);
  };
  const amounts = {
    authorizedAmount: sum('sale', 'authorize'),
    capturedAmount: sum('sale', 'capture'),
    refundedAmount: sum('refund'),
  };
  return Object.fromEntries(Object.entries(amounts).filter(([, v]) => v !== undefined));
}
