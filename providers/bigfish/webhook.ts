/**
 * NotificationUrl calls. BIG FISH calls the NotificationUrl of a transaction when it reaches its final state and
 * asks the merchant to call Result after every such call (VERIFIED, docs "Result" pages). A notification is
 * therefore only a trigger: it becomes a `status_hint`, and the workflow reads the state with Result using the
 * TransactionId it recorded at Init, never one taken from the notification.
 *
 * Trust model: BIG FISH signs nothing. The URL we gave BIG FISH carries our payment id and an HMAC token
 * (notification-url.ts), so a call without a valid token is refused (401) and signals nothing. A call with a valid
 * token but an unexpected TransactionId still only triggers a Result on the payment's own transaction, which
 * changes nothing unless BIG FISH itself reports a change.
 *
 * Replies: HTTP 200 once the hint is recorded (INFERRED: the expected answer is not documented; BIG FISH's other
 * URL calls, PayAlert, expect HTTP 200, VERIFIED); 503 when we could not record it, so that BIG FISH calls again.
 */
import { createHash } from 'node:crypto';
import type { WebhookHandler, WebhookOutcome, WebhookReply, WebhookRequest } from '../contract';
import type { BigfishConfig } from './config';
import { NOTIFICATION_QUERY, notificationKey, tokenMatches } from './notification-url';
import { readNotificationTransactionId } from './protocol';

/** A notification is a few hundred bytes; anything near this is not BIG FISH. */
export const MAX_NOTIFICATION_BYTES = 16 * 1024;

const TEXT = 'text/plain; charset=utf-8';
const ACKNOWLEDGED: WebhookReply = { status: 200, contentType: TEXT, body: 'OK' };

export class BigfishWebhookHandler implements WebhookHandler {
  private readonly tokenKey: Buffer;

  constructor(config: Pick<BigfishConfig, 'notificationSecret' | 'apiKey'>) {
    this.tokenKey = notificationKey(config);
  }

  async handle(req: WebhookRequest): Promise<WebhookOutcome> {
    if (req.rawBody.length > MAX_NOTIFICATION_BYTES) return rejected(413, 'notification body too large');
    const paymentId = req.query[NOTIFICATION_QUERY.paymentId];
    const token = req.query[NOTIFICATION_QUERY.token];
    if (!paymentId || !token) return rejected(400, 'notification URL lacks the payment id or its token');
    if (!tokenMatches(this.tokenKey, paymentId, token)) return rejected(401, 'notification token mismatch');

    const reading = readNotificationTransactionId(
      req.rawBody,
      mediaType(req.headers['content-type']),
      req.query,
    );
    if (!reading.ok) return rejected(400, reading.reason);
    // Resends of one notification share the id; a later notification about the same transaction differs in body.
    const bodyDigest = createHash('sha256').update(req.rawBody).digest('hex').slice(0, 16);
    const eventId = `bigfish:${reading.transactionId ?? 'unnamed'}:${bodyDigest}`;
    return { kind: 'event', paymentId, event: { type: 'status_hint', eventId }, reply: ACKNOWLEDGED };
  }

  /** The token proves we issued the URL, so the payment existed; a retry cannot bring it back. */
  unknownPaymentReply(_paymentId: string): WebhookReply {
    return ACKNOWLEDGED;
  }

  temporaryFailureReply(): WebhookReply {
    return { status: 503, contentType: TEXT, body: 'temporarily unavailable, retry later' };
  }
}

function mediaType(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(';')[0]?.trim().toLowerCase() ?? '';
}

function rejected(status: number, reason: string): WebhookOutcome {
  return { kind: 'rejected', reason, reply: { status, contentType: TEXT, body: reason } };
}
