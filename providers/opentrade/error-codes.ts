/**
 * The `ErrorCode` of OpenTrade answers. `Ok` means success (VERIFIED: seed sample; integrator code tests
 * `ErrorCode !== 'Ok'` and reads `ErrorDescription` beside it). Other values seen in OTAPI client code are
 * `SessionExpired` and `BatchError` (VERIFIED names); the complete list is not public (GAP).
 *
 * The protocol does not say which codes are technical, so the split is ours (INFERRED) and configurable
 * (`transientErrorCodes`): the listed codes are transient, because a repeated GetPaymentParameters with the
 * same OrderId returns the same form and so cannot pay twice; every other code is a refusal of this request
 * (validation, access, conflict) that a retry cannot change, so it is final.
 */
import { ProviderError } from '../../domain/errors';

export const OK = 'Ok';

/** INFERRED defaults: the names ASP.NET-style services commonly use for "try again later". */
export const DEFAULT_TRANSIENT_ERROR_CODES = [
  'InternalError',
  'NotAvailable',
  'ServiceUnavailable',
  'Timeout',
] as const;

/**
 * The ProviderError for a non-Ok ErrorCode. The message names the code only: ErrorDescription is free text
 * from the payment system that may echo our request (order text, URLs), so it stays out of logs and history.
 */
export function errorCodeFailure(
  operation: string,
  errorCode: string,
  transientCodes: ReadonlySet<string>,
): ProviderError {
  const code = errorCode.slice(0, 64);
  if (transientCodes.has(errorCode)) {
    return ProviderError.transient(
      code,
      `the payment system could not answer ${operation} right now (ErrorCode ${code}); it will be retried`,
    );
  }
  return ProviderError.final(
    code,
    `the payment system refused ${operation} with ErrorCode ${code}; the request will not be retried`,
  );
}
