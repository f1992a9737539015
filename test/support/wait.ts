/** Polls a payment until a predicate holds: the dev server runs in real time, so tests wait for it. */
import type { PaymentsClient } from '../../client/payments-client';
import type { PaymentView } from '../../workflows/payment-definitions';

export async function waitForPayment(
  payments: Pick<PaymentsClient, 'getPayment'>,
  orderId: string,
  predicate: (view: PaymentView) => boolean,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<PaymentView> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let last: PaymentView | undefined;
  while (Date.now() < deadline) {
    last = await payments.getPayment(orderId);
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
  throw new Error(
    `payment ${orderId} did not reach the expected state in time; last: ${last?.status} ` +
      `(timeline: ${last?.timeline.map((t) => `${t.status}: ${t.note}`).join(' → ')})`,
  );
}
