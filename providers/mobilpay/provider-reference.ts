/**
 * Our provider reference for a mobilPay payment: "<seller account signature>/<purchase id>".
 * mobilPay identifies an order by seller account and order id (order ids are unique per account, VERIFIED), and
 * its own id for the transaction is `purchase` (VERIFIED, "NETOPIA-wide unique"). The SOAP calls need the
 * account (`sacId`), and a refund cannot tell from our PaymentRef whether the payment ran on the main or the
 * pre-authorization account (accounts.ts), so the reference names it.
 */
import { signatureSchema } from './protocol';

export function toProviderReference(signature: string, purchase: string): string {
  return `${signature}/${purchase}`;
}

/** The seller account named by a reference, or undefined when there is none or it is not ours. */
export function signatureOf(reference: string | undefined): string | undefined {
  const signature = reference?.split('/')[0];
  return signatureSchema.safeParse(signature).success ? signature : undefined;
}
