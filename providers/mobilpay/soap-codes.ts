/**
 * Answer codes of the payment2 SOAP calls, turned into ProviderErrors (domain/errors.ts): transient = did not take
 * effect, retry; final = refused; unknown = may have taken effect, an operator must look (mobilPay has no status
 * API to ask).
 *
 * Two tables, because the sources give two:
 * - recurrence calls (moveRecurrence, modifyRecurrencePrice, cancelRecurrence) answer 0x5000 on success and the
 *   0x1000..0x4005 codes below (VERIFIED, seed 004);
 * - payment calls (credit, capture, cancel) answer 0 on success (VERIFIED, integrators compare with 0x00) and
 *   otherwise, we assume, the transaction error codes of transaction-errors.ts (INFERRED: 54 and 55 name credit
 *   and capture limits, 51-53 the order states these calls need).
 * The code travels as text; the sandbox writes decimal ("20480"), and hex ("0x5000") is read too (INFERRED).
 */
import { ProviderError } from '../../domain/errors';
import { APPROVED, describeTransactionError } from './transaction-errors';

export const RECURRENCE_OK = 0x5000;

/** A session that expired or was never valid (INFERRED: also answered by the payment calls). */
export const INVALID_SESSION = 0x1000;

interface CodeMeaning {
  kind: 'transient' | 'final';
  code: string;
  message: string;
}

/** seed 004's table, every code (0x4002 is listed twice, as Wrong_Data_Format and Invalid_Data). */
export const RECURRENCE_ERRORS: ReadonlyMap<number, CodeMeaning> = new Map([
  [
    0x1000,
    {
      kind: 'final',
      code: 'invalid_user',
      message: 'mobilPay refused the API user or its session (0x1000 Invalid user)',
    },
  ],
  [
    0x1001,
    {
      kind: 'final',
      code: 'restricted_usage',
      message:
        'the API user may not use this call; ask mobilPay to enable recurrence (0x1001 Restricted usage)',
    },
  ],
  [
    0x2000,
    {
      kind: 'final',
      code: 'invalid_request',
      message: 'mobilPay found the request invalid (0x2000 Invalid request)',
    },
  ],
  [
    0x3000,
    {
      kind: 'final',
      code: 'invalid_action',
      message: 'the order has no active recurrence for this action (0x3000 Transaction invalid action)',
    },
  ],
  // A database error on mobilPay's side: nothing changed, and these calls set absolute values, so a retry is safe.
  [0x4001, { kind: 'transient', code: 'database_error', message: 'mobilPay had a database error (0x4001)' }],
  [
    0x4002,
    {
      kind: 'final',
      code: 'invalid_data',
      message: 'mobilPay refused a value: wrong format or invalid data (0x4002)',
    },
  ],
  [
    0x4004,
    {
      kind: 'final',
      code: 'purchase_not_found',
      message: 'mobilPay has no such order for this seller account (0x4004 Purchase not found)',
    },
  ],
  [
    0x4005,
    {
      kind: 'final',
      code: 'invalid_seller_account',
      message: 'mobilPay does not know the seller account (sacId) (0x4005 Invalid seller account)',
    },
  ],
]);

/** "20480", "0x5000" → 20480; anything else → undefined. */
export function parseAnswerCode(text: unknown): number | undefined {
  if (typeof text === 'number' && Number.isSafeInteger(text)) return text;
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed);
  if (/^0x[0-9a-f]{1,8}$/i.test(trimmed)) return Number.parseInt(trimmed.slice(2), 16);
  return undefined;
}

/** Throws the ProviderError for a recurrence call's answer code; returns when it is 0x5000 OK. */
export function expectRecurrenceOk(call: string, code: number): void {
  if (code === RECURRENCE_OK) return;
  const meaning = RECURRENCE_ERRORS.get(code);
  if (!meaning) {
    throw ProviderError.final(
      `mobilpay_${hex(code)}`,
      `mobilPay ${call} answered an unknown code ${hex(code)}`,
    );
  }
  throw new ProviderError(meaning.kind, meaning.code, `mobilPay ${call}: ${meaning.message}`);
}

export type PaymentCall = 'capture' | 'cancel' | 'credit';

/**
 * Throws the ProviderError for a payment call's answer code; returns when it is 0.
 * capture and cancel are protected by the order's state (a repeat is refused with 51/52), credit is not: mobilPay
 * takes no idempotency key, so a second credit would move money twice. Hence "wrong state" and "amount too high"
 * answers are `unknown` (an earlier attempt may have done it), and a generic error is retried for capture and
 * cancel but not for credit.
 */
export function expectPaymentOk(call: PaymentCall, codeText: string): void {
  const code = parseAnswerCode(codeText);
  if (code !== undefined && String(code) === APPROVED) return;
  const shown = code === undefined ? 'unreadable' : String(code);
  const reason = `mobilPay ${call}: ${code === undefined ? 'unreadable answer code' : describeCode(code)}`;
  switch (shown) {
    case '51':
    case '52':
    case '54':
    case '55':
    case '56':
      throw ProviderError.unknown(
        `mobilpay_${shown}`,
        `${reason}; it may already have been done, check in the mobilPay console`,
      );
    case '99':
      if (call === 'credit') {
        throw ProviderError.unknown(
          'mobilpay_99',
          `${reason}; the credit may have been made, check in the mobilPay console`,
        );
      }
      throw ProviderError.transient('mobilpay_99', reason);
    default:
      throw ProviderError.final(`mobilpay_${shown}`, reason);
  }
}

function describeCode(code: number): string {
  const recurrenceMeaning = RECURRENCE_ERRORS.get(code);
  return recurrenceMeaning ? recurrenceMeaning.message : describeTransactionError(String(code));
}

function hex(code: number): string {
  return `0x${code.toString(16)}`;
}
