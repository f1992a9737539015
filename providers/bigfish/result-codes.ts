/**
 * BIG FISH's ResultCode, in one table: what each transaction code means for the payment (ProviderStatus), and
 * which answers are request-level errors instead.
 *
 * Transaction codes (VERIFIED, php7-sdk PaymentGateway constants): SUCCESSFUL, ERROR, PENDING, CANCELED (the SDK
 * constant is named USER_CANCEL), TIMEOUT, OPEN. UNSUCCESSFUL is checked by one integrator (INFERRED).
 * The official Magento module treats PENDING/OPEN as pending, SUCCESSFUL as paid, CANCELED as cancelled and
 * ERROR/TIMEOUT as failed (VERIFIED). Any other ResultCode is a request-level error such as `UnknownStore` or
 * `UnknownTransaction` (VERIFIED samples): the request itself was refused.
 */
import { ProviderError } from '../../domain/errors';
import type { ProviderPaymentState, ProviderStatus } from '../../domain/provider-events';

export const TRANSACTION_RESULT_CODES = [
  'SUCCESSFUL',
  'ERROR',
  'PENDING',
  'CANCELED',
  'TIMEOUT',
  'OPEN',
  'UNSUCCESSFUL',
] as const;
export type TransactionResultCode = (typeof TRANSACTION_RESULT_CODES)[number];

export function isTransactionResultCode(code: string): code is TransactionResultCode {
  return (TRANSACTION_RESULT_CODES as readonly string[]).includes(code);
}

/** SUCCESSFUL is refined by the commit mode and CommitState (see commitOutcome); the rest are final as listed. */
type CodeOutcome =
  { state: Exclude<ProviderPaymentState, 'captured' | 'authorized' | 'voided'>; reason?: string } | 'paid';

const RESULT_CODE_TABLE: Readonly<Record<TransactionResultCode, CodeOutcome>> = {
  // Initialized; the payer has not finished (or not begun). Never "not_found": the payer may still pay.
  OPEN: { state: 'pending' },
  PENDING: { state: 'pending' },
  SUCCESSFUL: 'paid',
  ERROR: { state: 'declined', reason: 'the payment failed at the payment provider' },
  UNSUCCESSFUL: { state: 'declined', reason: 'the payment was not successful' },
  CANCELED: { state: 'declined', reason: 'the payer canceled the payment' },
  TIMEOUT: { state: 'expired' },
};

/**
 * CommitState of a successful two-step transaction. APPROVED is VERIFIED (Details sample of a closed two-step
 * payment). REFUSED for a released hold and an empty value before Close are INFERRED; the sandbox uses them.
 */
export const COMMIT_STATES = { approved: 'APPROVED', refused: 'REFUSED' } as const;

export interface TransactionReport {
  transactionId: string;
  resultCode: TransactionResultCode;
  resultMessage?: string;
  /** Undefined when the answer does not say (then the mode the payment was created with applies). */
  autoCommit?: boolean;
  commitState?: string;
}

export interface RequestedPayment {
  /** Minor units; BIG FISH authorizes the whole Init amount or nothing. */
  amount: number;
  currency: string;
  /** How we created it, when known, for answers that leave AutoCommit out. */
  autoCommit?: boolean;
}

/**
 * A Result or StartRP answer as a ProviderStatus. Result reports no amounts and no refunds, so amounts are the
 * requested ones where BIG FISH's state implies them, and left out where it cannot tell (a two-step payment
 * closed with APPROVED may have been captured in part).
 */
export function toProviderStatus(report: TransactionReport, requested: RequestedPayment): ProviderStatus {
  const base = { providerReference: report.transactionId, currency: requested.currency };
  const outcome = RESULT_CODE_TABLE[report.resultCode];
  if (outcome !== 'paid') {
    if (outcome.state !== 'declined') return { ...base, state: outcome.state };
    return {
      ...base,
      state: 'declined',
      declineCode: report.resultCode,
      declineReason: safeMessage(report.resultMessage) ?? outcome.reason,
    };
  }
  const autoCommit = report.autoCommit ?? requested.autoCommit;
  if (autoCommit === undefined) {
    // A sale and an open authorization look the same without it: never guess.
    throw ProviderError.unknown(
      'commit_mode_unknown',
      'BIG FISH did not say whether the payment was AutoCommit',
    );
  }
  if (autoCommit) {
    return {
      ...base,
      state: 'captured',
      authorizedAmount: requested.amount,
      capturedAmount: requested.amount,
    };
  }
  switch (report.commitState ?? '') {
    case '':
      return { ...base, state: 'authorized', authorizedAmount: requested.amount, capturedAmount: 0 };
    case COMMIT_STATES.approved:
      return { ...base, state: 'captured', authorizedAmount: requested.amount };
    case COMMIT_STATES.refused:
      return { ...base, state: 'voided', authorizedAmount: requested.amount, capturedAmount: 0 };
    default:
      // Captured or released cannot be told apart: an operator looks, we never guess.
      throw ProviderError.unknown(
        'unknown_commit_state',
        'BIG FISH reported a CommitState this adapter does not know',
      );
  }
}

/** What the request-level errors seen in BIG FISH's own tests mean (VERIFIED names); others are named as sent. */
const REQUEST_ERRORS: Readonly<Record<string, string>> = {
  UnknownStore:
    'BIG FISH does not know this store name and API key (check BIGFISH_STORE_NAME / BIGFISH_API_KEY)',
  UnknownTransaction: 'BIG FISH does not know this TransactionId',
};

/** A request-level ResultCode as the final ProviderError it is: retrying the same request cannot help. */
export function requestError(method: string, code: string): ProviderError {
  const meaning = REQUEST_ERRORS[code] ?? `BIG FISH refused the request (${code})`;
  return ProviderError.final(code, `${method}: ${meaning}`);
}

/** A provider message fit for logs and for the payer: one line, printable, bounded. */
export function safeMessage(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const line = [...message]
    .map((c) => (isControl(c) ? ' ' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return line === '' ? undefined : line.slice(0, 200);
}

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}
