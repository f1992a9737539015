/**
 * Error taxonomy. Provider calls fail in one of three ways, and the difference decides what happens next:
 * - transient: the call did not take effect (network error before sending, 5xx, Assist "technical failure");
 *   retrying is safe and is what Temporal's retry policy does;
 * - final: the provider answered and refused (decline, validation, unknown transaction); retrying cannot help;
 * - unknown: the call may have taken effect (timeout after the request was sent to a non-idempotent endpoint);
 *   the next step is to reconcile through the status API, never to guess.
 */
export type ProviderErrorKind = 'transient' | 'final' | 'unknown';

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly kind: ProviderErrorKind,
    /** A short machine code, e.g. `AS100`, `UnknownTransaction`, `http_503`. */
    readonly code: string,
    /** A message safe for logs and history: never secrets or personal data. */
    message: string,
  ) {
    super(message);
  }

  static transient(code: string, message: string): ProviderError {
    return new ProviderError('transient', code, message);
  }
  static final(code: string, message: string): ProviderError {
    return new ProviderError('final', code, message);
  }
  static unknown(code: string, message: string): ProviderError {
    return new ProviderError('unknown', code, message);
  }
}

/** Failure types carried by Temporal ApplicationFailures, so workflows can branch on them. */
export const FAILURE_TYPES = {
  providerFinal: 'ProviderFinalError',
  providerUnknown: 'ProviderOutcomeUnknown',
  providerTransient: 'ProviderTransientError',
  validation: 'ValidationError',
  conflict: 'ConflictError',
} as const;
