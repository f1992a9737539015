/**
 * Assist's two layers of result codes.
 *
 * 1. `responsecode` of an operation (VERIFIED, §2.7): AS000 = success; AS100–AS109 are authorization
 *    declines; a cancel fails with AS100–AS998. The meaning of each individual code is a GAP, so messages
 *    here name the range, never a guessed reason.
 * 2. Request-level `firstcode`/`secondcode` (VERIFIED that non-zero means the request failed). The table of
 *    values was not found (GAP); REQUEST_ERRORS is OUR convention, shared by the sandbox and the adapter,
 *    to be replaced when the real table is known. Unknown non-zero codes are treated as technical failures
 *    (transient), because every Assist call we make is safe to repeat (see adapter.ts).
 */
import type { ProviderErrorKind } from '../../domain/errors';

export const AS_SUCCESS = 'AS000';

export type ResponseCodeKind = 'success' | 'decline' | 'refusal';

export interface ResponseCodeInfo {
  code: string;
  kind: ResponseCodeKind;
  /** Safe to log and to show: derived from the code only, never from provider free text. */
  message: string;
}

export function describeResponseCode(code: string): ResponseCodeInfo {
  if (code === AS_SUCCESS) return { code, kind: 'success', message: 'operation completed successfully' };
  const match = /^AS(\d{3})$/.exec(code);
  const number = match ? Number(match[1]) : NaN;
  if (number >= 100 && number <= 109) {
    return { code, kind: 'decline', message: `authorization declined by the issuer or processing (${code})` };
  }
  if (number >= 110 && number <= 199) return { code, kind: 'decline', message: `payment declined (${code})` };
  if (number >= 200 && number <= 998)
    return { code, kind: 'refusal', message: `operation refused (${code})` };
  return { code, kind: 'refusal', message: 'unrecognized response code' };
}

interface RequestErrorDefinition {
  firstcode: string;
  kind: Extract<ProviderErrorKind, 'transient' | 'final'>;
  message: string;
}

/** INFERRED convention (see the file comment). `secondcode` only narrows the reason down. */
export const REQUEST_ERRORS = {
  authentication: {
    firstcode: '1',
    kind: 'final',
    message: 'authentication failed (Merchant_ID, Login or Password)',
  },
  validation: { firstcode: '2', kind: 'final', message: 'request parameters failed validation' },
  refused: { firstcode: '3', kind: 'final', message: 'operation not allowed for this order' },
  technical: { firstcode: '9', kind: 'transient', message: 'technical failure at Assist' },
} as const satisfies Record<string, RequestErrorDefinition>;

export type RequestErrorName = keyof typeof REQUEST_ERRORS;

/** Well-known secondcodes the sandbox uses under `refused` (also OUR convention). */
export const REFUSAL_REASONS = {
  orderNotFound: '1',
  wrongOrderState: '2',
  amountTooLarge: '3',
  currencyMismatch: '4',
  refundIdReused: '5',
} as const;

export interface RequestErrorClassification {
  kind: Extract<ProviderErrorKind, 'transient' | 'final'>;
  /** e.g. `assist_3_1`: stable for dashboards and tests. */
  code: string;
  message: string;
}

export function classifyRequestError(firstcode: string, secondcode: string): RequestErrorClassification {
  const known = Object.values(REQUEST_ERRORS).find((e) => e.firstcode === firstcode);
  const code = `assist_${firstcode}_${secondcode}`;
  if (known) return { kind: known.kind, code, message: `${known.message} (${code})` };
  return { kind: 'transient', code, message: `unrecognized request error, treated as technical (${code})` };
}
