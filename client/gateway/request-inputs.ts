/**
 * The parts of a REST request that are not the JSON body: the order id in the path and the
 * `Idempotency-Key` header. Validation failures are PaymentsErrors, so they render exactly like the
 * client's own body validation (422 with the offending field).
 */
import { z } from 'zod';
import { orderIdSchema } from '../api-schemas';
import { PaymentsError } from '../errors';
import { parseOrThrow } from '../validation';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

const orderIdParams = z.object({ orderId: orderIdSchema });

export function orderIdFrom(params: unknown): string {
  return parseOrThrow(orderIdParams, params).orderId;
}

/** Visible ASCII, no spaces: the key ends up in Temporal update ids and provider requests. */
export const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;

/**
 * The `Idempotency-Key` header, if sent. The IETF draft makes it a structured-field string
 * (`"abc"`); many clients send it bare (`abc`). Both are accepted and mean the same key.
 */
export function idempotencyKeyFrom(
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  const raw = headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw.join(',') : raw;
  const key = /^"[^"]*"$/.test(value) ? value.slice(1, -1) : value;
  if (!KEY_PATTERN.test(key)) {
    throw invalidKey('must be 1–255 visible ASCII characters, without spaces, optionally in double quotes');
  }
  return key;
}

/** A validation error about the header, named like a field so clients handle it the same way. */
export function invalidKey(message: string): PaymentsError {
  return new PaymentsError('validation', `invalid ${IDEMPOTENCY_KEY_HEADER} header: ${message}`, {
    [IDEMPOTENCY_KEY_HEADER]: message,
  });
}

/** A command's body is optional: no body means no options. */
export function bodyOrEmpty(body: unknown): unknown {
  return body === undefined ? {} : body;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * PaymentsClient validates every input with zod before anything else happens, so the HTTP body is
 * handed over as received; this cast only satisfies the method's declared parameter type.
 */
export function validatedByClient<T>(body: unknown): T {
  return body as T;
}
