/**
 * Order ids of a recurrence's charges, derived from the merchant's recurrence id so that a charge can be
 * started at most once (its payment workflow id is unique) and a provider notification can be routed back:
 *   `<recurrenceId>-1`        the customer's first payment
 *   `<recurrenceId>-<n>`      scheduled charge n (orchestrator-scheduled)
 *   `<recurrenceId>-<n>-r<k>` dunning retry k of charge n
 * Recurrence ids are at most 48 characters, so these fit the 64-character order id limit.
 */

export const MAX_RECURRENCE_ID_LENGTH = 48;

export function chargeOrderId(recurrenceId: string, number: number, attempt = 0): string {
  return attempt === 0 ? `${recurrenceId}-${number}` : `${recurrenceId}-${number}-r${attempt}`;
}

export function firstPaymentOrderId(recurrenceId: string): string {
  return chargeOrderId(recurrenceId, 1);
}

/**
 * The recurrence a provider-scheduled charge belongs to: mobilPay names the first payment's order in every
 * later charge's notification, and that order id is `<recurrenceId>-1`. Undefined for any other order id.
 */
export function recurrenceIdOfFirstPayment(orderId: string): string | undefined {
  if (!orderId.endsWith('-1')) return undefined;
  const recurrenceId = orderId.slice(0, -2);
  return recurrenceId.length > 0 && recurrenceId.length <= MAX_RECURRENCE_ID_LENGTH
    ? recurrenceId
    : undefined;
}
