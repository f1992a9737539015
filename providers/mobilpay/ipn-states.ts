/**
 * The one table from an IPN's action to our ProviderStatus. mobilPay has no status API (capabilities.statusApi is
 * false), so the workflow applies this status directly: it must carry the amounts and the currency.
 *
 * An action "is not the status of the transaction, as all actions can either fail or succeed": the state applies
 * only when the error code is 0, otherwise the order was rejected (VERIFIED, docs v1.x; facts §2.4).
 *
 * Amounts (INFERRED where marked). The workflow's reconciliation only ever moves amounts up, so every figure
 * here is what the IPN proves at least:
 * - confirmed: captured = processed_amount (lower after a partial capture, VERIFIED), authorized = original_amount.
 * - paid: a pre-authorization of processed_amount.
 * - canceled: a released hold of processed_amount; with nothing processed, no money was ever held, so the order
 *   closed unpaid, which we report as `expired` (INFERRED: the sandbox sends this for orders the payer abandoned).
 * - credit: processed_amount is the amount of THIS credit (INFERRED; "compare processed_amount", VERIFIED). One
 *   IPN cannot tell the totals, so it reports captured ≥ refunded ≥ this credit; the refunds we make are confirmed
 *   synchronously (adapter.ts) and the IPN that follows changes nothing.
 */
import { MoneyError } from '../../domain/money';
import type { ProviderStatus } from '../../domain/provider-events';
import { fromMobilpayAmount } from './amounts';
import type { MobilpayAction, MobilpayNotification } from './protocol';
import { APPROVED, describeTransactionError } from './transaction-errors';

interface IpnAmounts {
  /** processed_amount, required by every action that moves money. */
  processed(): number;
  /** original_amount, or processed_amount when mobilPay left it out. */
  original(): number;
}

type StateFacts = Pick<ProviderStatus, 'state' | 'authorizedAmount' | 'capturedAmount' | 'refundedAmount'>;

const ACTION_STATES: Record<MobilpayAction, (a: IpnAmounts) => StateFacts> = {
  confirmed: (a) => ({ state: 'captured', authorizedAmount: a.original(), capturedAmount: a.processed() }),
  confirmed_pending: () => ({ state: 'pending' }),
  paid_pending: () => ({ state: 'pending' }),
  paid: (a) => ({ state: 'authorized', authorizedAmount: a.processed() }),
  canceled: (a) => {
    const released = a.processed();
    return released > 0
      ? { state: 'voided', authorizedAmount: released, capturedAmount: 0 }
      : { state: 'expired' };
  },
  credit: (a) => {
    const credited = a.processed();
    return { state: 'refunded', capturedAmount: credited, refundedAmount: credited };
  },
};

/** Thrown when the IPN's amounts cannot be used; the webhook refuses such an IPN. */
export class IpnAmountError extends Error {
  override readonly name = 'IpnAmountError';
}

export function statusFromIpn(
  action: MobilpayAction,
  n: MobilpayNotification,
  currency: string,
  providerReference: string,
): ProviderStatus {
  const base = { providerReference, currency };
  const code = n.error['@_code'];
  if (code !== APPROVED) {
    return { ...base, state: 'declined', declineCode: code, declineReason: describeTransactionError(code) };
  }
  const processedText = n.processed_amount;
  const amounts: IpnAmounts = {
    processed: () => {
      if (processedText === undefined) throw new IpnAmountError(`a ${action} IPN needs processed_amount`);
      return readAmount(processedText, currency, 'processed_amount');
    },
    original: () => readAmount(n.original_amount ?? processedText ?? '', currency, 'original_amount'),
  };
  const facts = ACTION_STATES[action](amounts);
  if (
    n.original_amount !== undefined &&
    processedText !== undefined &&
    amounts.processed() > amounts.original()
  ) {
    throw new IpnAmountError('processed_amount exceeds original_amount');
  }
  return { ...base, ...facts };
}

function readAmount(text: string, currency: string, field: string): number {
  try {
    return fromMobilpayAmount(text, currency, field);
  } catch (error) {
    if (error instanceof MoneyError) throw new IpnAmountError(`${field} is not usable: ${error.reason}`);
    throw error;
  }
}
