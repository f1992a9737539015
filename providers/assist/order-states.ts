/**
 * The one place where Assist's OrderState becomes our ProviderPaymentState.
 *
 * OrderState values are VERIFIED (docs.assist.ru "OrderState field values", §2.6). What Assist's order
 * state alone cannot say (was a cancel a void or a refund? how much was captured?) is read from the
 * order's operation list (orderstate.cfm, §2.10). The operation type and state VALUES are a GAP: the
 * names in OPERATION_TYPES are INFERRED and shared with the sandbox.
 */
import type { ProviderPaymentState, ProviderStatus } from '../../domain/provider-events';
import { describeResponseCode } from './response-codes';

export const ORDER_STATES = [
  'In Process', // order created (note the space, VERIFIED)
  'Delayed', // authorized in two-stage mode, awaiting confirmation
  'Approved', // paid
  'PartialApproved', // partially paid; documented as "not used"
  'PartialDelayed', // partially confirmed, the rest still held
  'Canceled', // cancelled for the full amount
  'PartialCanceled', // cancelled or refunded in part
  'Declined',
  'Timeout', // closed by timeout: the payer never paid
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/** INFERRED operation types of the per-operation list (see the file comment). */
export const OPERATION_TYPES = {
  /** Two-stage payment (Delay=1): the hold. */
  authorization: 'Authorization',
  /** One-stage payment (Delay=0): hold and capture at once. */
  sale: 'Payment',
  /** charge.cfm confirmation. */
  charge: 'Charge',
  /** cancel.cfm / wscancel.cfm: Assist itself decides whether it is a void, a refund or a partial cancel. */
  cancel: 'Cancel',
} as const;

/** INFERRED operationstate value of a completed operation. */
export const OPERATION_SUCCEEDED = 'Success';

export interface OrderOperation {
  type: string;
  state: string;
  /** Minor units of the order currency. */
  amount: number;
  responsecode?: string;
}

/** Money movements on one order, in minor units of the order currency. */
export interface MoneyMovements {
  authorized: number;
  captured: number;
  refunded: number;
}

/**
 * THE mapping table. Each row turns an order state (plus the movements behind it) into our state.
 * Canceled / PartialCanceled need the movements: a cancel before any capture released a hold (void),
 * after a capture it returned money (refund).
 */
const ORDER_STATE_MAPPING: Record<OrderState, (m: MoneyMovements) => ProviderPaymentState> = {
  'In Process': () => 'pending',
  Delayed: () => 'authorized',
  Approved: () => 'captured',
  PartialApproved: () => 'captured',
  PartialDelayed: () => 'captured',
  Canceled: (m) => (m.captured > 0 ? 'refunded' : 'voided'),
  // A partial cancel of an uncaptured hold leaves the rest authorized; after a capture it is a partial refund.
  PartialCanceled: (m) => (m.captured > 0 ? 'refunded' : 'authorized'),
  Declined: () => 'declined',
  Timeout: () => 'expired',
};

/** States whose amounts only the operation list can tell. */
const STATES_NEEDING_OPERATIONS: ReadonlySet<OrderState> = new Set([
  'PartialDelayed',
  'Canceled',
  'PartialCanceled',
]);

export function needsOperationList(state: OrderState): boolean {
  return STATES_NEEDING_OPERATIONS.has(state);
}

/** Movements from the operation list, in the order Assist lists them (oldest first). */
export function movementsFromOperations(operations: readonly OrderOperation[]): MoneyMovements {
  const m: MoneyMovements = { authorized: 0, captured: 0, refunded: 0 };
  for (const op of operations) {
    if (op.state !== OPERATION_SUCCEEDED) continue;
    switch (op.type) {
      case OPERATION_TYPES.authorization:
        m.authorized = op.amount;
        break;
      case OPERATION_TYPES.sale:
        m.authorized = op.amount;
        m.captured = op.amount;
        break;
      case OPERATION_TYPES.charge:
        m.captured += op.amount;
        break;
      case OPERATION_TYPES.cancel:
        // A cancel returns captured money first; whatever exceeds it released the uncaptured hold.
        m.refunded += Math.min(op.amount, m.captured - m.refunded);
        break;
    }
  }
  return m;
}

/**
 * Movements from an order amount alone (result notifications, or an answer without operations). Only for
 * states where the amount is unambiguous; undefined otherwise, and the caller must ask for the operations.
 */
export function movementsFromOrderAmount(state: OrderState, amount: number): MoneyMovements | undefined {
  if (needsOperationList(state)) return undefined;
  if (state === 'Delayed') return { authorized: amount, captured: 0, refunded: 0 };
  if (state === 'Approved' || state === 'PartialApproved')
    return { authorized: amount, captured: amount, refunded: 0 };
  return { authorized: 0, captured: 0, refunded: 0 };
}

/** The decline code of the last failed payment operation, for Declined orders. */
export function declineCodeFromOperations(operations: readonly OrderOperation[]): string | undefined {
  const payments = operations.filter(
    (op) => op.type === OPERATION_TYPES.authorization || op.type === OPERATION_TYPES.sale,
  );
  return payments.at(-1)?.responsecode;
}

export interface OrderFacts {
  state: OrderState;
  billnumber: string;
  movements: MoneyMovements;
  /** The AS code of a declined payment, when known. */
  responsecode?: string;
}

export function toProviderStatus(facts: OrderFacts): ProviderStatus {
  const state = ORDER_STATE_MAPPING[facts.state](facts.movements);
  const status: ProviderStatus = { state, providerReference: facts.billnumber };
  if (state === 'declined') {
    const code = facts.responsecode ?? 'unknown';
    status.declineCode = code;
    status.declineReason = facts.responsecode ? describeResponseCode(code).message : 'payment declined';
    return status;
  }
  if (state === 'pending' || state === 'expired') return status;
  status.authorizedAmount = facts.movements.authorized;
  status.capturedAmount = facts.movements.captured;
  status.refundedAmount = facts.movements.refunded;
  return status;
}
