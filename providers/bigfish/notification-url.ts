/**
 * Our NotificationUrl for one payment. BIG FISH signs nothing it sends (VERIFIED: authentication is HTTP Basic on
 * our requests only), and the notification names only BIG FISH's TransactionId. So we give BIG FISH, per payment,
 * a URL that carries our payment id and a token: HMAC-SHA256 over the payment id with a key only we hold.
 * A URL nobody but BIG FISH has seen cannot be guessed, so junk posted to the webhook is refused cheaply.
 *
 * The token does not make the notification's content trusted: a valid call is still only a trigger, and the
 * payment's state always comes from `Result`, asked with the TransactionId the workflow recorded at Init.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { BigfishConfig } from './config';

export const NOTIFICATION_QUERY = { paymentId: 'paymentId', token: 'token' } as const;

/** The token key: the configured secret, or one derived from the API key for a separate purpose. */
export function notificationKey(config: Pick<BigfishConfig, 'notificationSecret' | 'apiKey'>): Buffer {
  if (config.notificationSecret) return Buffer.from(config.notificationSecret, 'utf8');
  return createHmac('sha256', config.apiKey).update('bigfish notification url token key').digest();
}

export function notificationToken(key: Buffer, paymentId: string): string {
  return createHmac('sha256', key).update(`bigfish-notification:${paymentId}`).digest('base64url');
}

/** `notificationUrl` (our gateway's webhook URL) with the payment id and its token added to the query. */
export function notificationUrlFor(notificationUrl: string, paymentId: string, key: Buffer): string {
  const url = new URL(notificationUrl);
  url.searchParams.set(NOTIFICATION_QUERY.paymentId, paymentId);
  url.searchParams.set(NOTIFICATION_QUERY.token, notificationToken(key, paymentId));
  return url.toString();
}

/** Constant-time check of a token from the query string. */
export function tokenMatches(key: Buffer, paymentId: string, token: string): boolean {
  const expected = Buffer.from(notificationToken(key, paymentId), 'utf8');
  const given = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
