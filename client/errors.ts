/**
 * Errors PaymentsClient raises. Each has a stable `code` that the REST API maps to an HTTP status and
 * an RFC 9457 problem type; messages say what was wrong and, where useful, what is possible instead.
 */
export type PaymentsErrorCode =
  | 'validation' // the request is malformed or impossible for this payment (422)
  | 'conflict' // the order exists with a different request, or another command is running (409)
  | 'not_found' // no payment for this order (404)
  | 'provider_declined' // the provider refused the operation (422)
  | 'provider_unavailable' // the provider could not be reached; nothing changed (502)
  | 'unavailable'; // Temporal could not be reached; nothing was recorded (503)

export class PaymentsError extends Error {
  override readonly name = 'PaymentsError';
  constructor(
    readonly code: PaymentsErrorCode,
    message: string,
    /** Field-level details for validation errors: path → message. */
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}
