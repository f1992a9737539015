/**
 * Our own authenticity check for IPNs. An IPN is sealed with OUR certificate, which mobilPay holds and which we
 * must treat as public, so anyone could seal a fake one: decrypting it proves nothing about the sender. But every
 * IPN echoes our original request unchanged, `<params>` included (VERIFIED, facts §2.2/§2.4), and that request
 * travels only sealed for mobilPay's certificate. So we put an HMAC over the request's key facts into a param:
 * only mobilPay (which decrypted the request) and we can know it, and an IPN without it is refused.
 * This binds the order id, seller account, amount and currency of the request; what mobilPay reports in
 * `<mobilpay>` (action, amounts) rides on the same sealed message. See README "Trust model".
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The `<params>` name carrying the token (our choice; mobilPay echoes any param). */
export const MERCHANT_TOKEN_PARAM = 'orchestrator_token';

/** Bump when the covered fields change, so old and new tokens can never be confused. */
const TOKEN_VERSION = 'mobilpay-ipn-token-v1';

export interface TokenFacts {
  orderId: string;
  signature: string;
  /** The invoice amount exactly as written in the request, e.g. "25.00". */
  amount: string;
  currency: string;
}

export function merchantToken(secret: string, facts: TokenFacts): string {
  const covered = [TOKEN_VERSION, facts.orderId, facts.signature, facts.amount, facts.currency].join('\n');
  return createHmac('sha256', secret).update(covered, 'utf8').digest('hex');
}

/** Constant-time check against every secret still accepted (the current one and, during rotation, the previous). */
export function verifyMerchantToken(
  token: string | undefined,
  secrets: readonly string[],
  facts: TokenFacts,
): boolean {
  if (token === undefined || !/^[0-9a-f]{64}$/.test(token)) return false;
  const received = Buffer.from(token, 'hex');
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(merchantToken(secret, facts), 'hex');
    // Evaluate every secret: which one matched must not show in the timing.
    matched = timingSafeEqual(received, expected) || matched;
  }
  return matched;
}
