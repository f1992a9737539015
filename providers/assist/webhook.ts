/**
 * Assist's result notification (VERIFIED §2.5): a form-encoded POST after a payment, signed with the MD5
 * checkvalue, answered with the XML `pushpaymentresult`.
 *
 * Replies and Assist's retry habit (VERIFIED): with no answer Assist repeats the notification with growing
 * intervals (at most 8 times over 4 hours); after a failure reply it does NOT repeat. So:
 * - verified and recorded → success packet echoing billnumber and packetdate;
 * - bad signature or malformed → HTTP 400 with a reason (a forgery gains nothing from a retry);
 * - unknown payment → failure packet (see unknownPaymentReply);
 * - we could not record it → HTTP 503, which is not a valid answer, so Assist repeats (INFERRED: the docs say
 *   "no answer"; we take a 5xx without the XML packet to count as none).
 */
import type { ProviderEvent } from '../../domain/provider-events';
import type { WebhookHandler, WebhookOutcome, WebhookReply, WebhookRequest } from '../contract';
import { fromAssistAmount } from './amounts';
import type { AssistConfig } from './config';
import {
  buildPushPaymentFailure,
  buildPushPaymentSuccess,
  movementsFromOrderAmount,
  resultNotificationSchema,
  toProviderStatus,
  verifyNotification,
} from './protocol';
import type { ResultNotification } from './protocol';

/** A real notification is about 2 KB of fields; anything near this is not Assist. */
export const MAX_NOTIFICATION_BYTES = 64 * 1024;

const XML_CONTENT_TYPE = 'text/xml; charset=utf-8';

/**
 * Codes of our failure packet for an order we do not know. Only diagnostic for Assist (VERIFIED), and our own
 * choice (INFERRED convention: 1 = unknown order).
 */
const UNKNOWN_ORDER_CODES = { firstcode: '1', secondcode: '1' } as const;

type NotificationSettings = Pick<AssistConfig, 'merchantId' | 'secretWord' | 'acceptTestMode'>;

export class AssistWebhookHandler implements WebhookHandler {
  constructor(private readonly settings: NotificationSettings) {}

  async handle(req: WebhookRequest): Promise<WebhookOutcome> {
    if (!isFormEncoded(req.headers['content-type'])) {
      return rejected(415, 'notification is not application/x-www-form-urlencoded');
    }
    if (req.rawBody.length > MAX_NOTIFICATION_BYTES) return rejected(413, 'notification body too large');

    const params = new URLSearchParams(req.rawBody.toString('utf8'));
    const fields: Record<string, string> = {};
    for (const [name, value] of params) {
      // A repeated field could make what we verify differ from what we read.
      if (name in fields) return rejected(400, `field ${name} appears more than once`);
      fields[name] = value;
    }
    const parsed = resultNotificationSchema.safeParse(fields);
    if (!parsed.success) {
      const invalid = [...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', ');
      return rejected(400, `notification fields missing or invalid: ${invalid}`);
    }
    const n = parsed.data;
    if (n.merchant_id !== this.settings.merchantId)
      return rejected(400, 'notification is for another merchant');
    if (!verifyNotification(n, this.settings.secretWord)) return rejected(400, 'checkvalue mismatch');

    const reply = xmlReply(buildPushPaymentSuccess(n.billnumber, n.packetdate));
    if (n.testmode === '1' && !this.settings.acceptTestMode) {
      return { kind: 'ignored', paymentId: n.ordernumber, reason: 'test-mode payment (testmode=1)', reply };
    }
    const event = toEvent(n);
    if (!event) return rejected(400, 'notification amount is not usable in its currency');
    return { kind: 'event', paymentId: n.ordernumber, event, reply };
  }

  /**
   * A failure packet, HTTP 200. Assist will not repeat it, which is right: the workflow exists before the payer
   * ever sees the payment form (create is update-with-start), so an unknown ordernumber is not a race that a
   * retry could win. The failure shows in Assist's Personal Account for an operator.
   */
  unknownPaymentReply(_paymentId: string): WebhookReply {
    return xmlReply(buildPushPaymentFailure(UNKNOWN_ORDER_CODES.firstcode, UNKNOWN_ORDER_CODES.secondcode));
  }

  temporaryFailureReply(): WebhookReply {
    return {
      status: 503,
      contentType: 'text/plain; charset=utf-8',
      body: 'temporarily unavailable, retry later',
    };
  }
}

/**
 * `eventId` is the same for every resend of one notification (Assist resends the same packet, so billnumber,
 * orderstate and packetdate repeat) and differs between notifications about different states.
 * States that only the operation list can interpret become a status hint: the workflow asks orderstate.cfm.
 */
function toEvent(n: ResultNotification): ProviderEvent | undefined {
  const eventId = `assist:${n.billnumber}:${n.orderstate}:${n.packetdate}`;
  // Only amount/currency are covered by the checkvalue. When Assist converted the currency they are not in the
  // payment's currency (ordercurrency, unsigned), so the workflow must read orderstate.cfm instead.
  if (n.ordercurrency !== undefined && n.ordercurrency !== n.currency)
    return { type: 'status_hint', eventId };
  let amount: number;
  try {
    amount = fromAssistAmount(n.amount, n.currency, 'amount');
  } catch {
    return undefined;
  }
  const movements = movementsFromOrderAmount(n.orderstate, amount);
  if (!movements) return { type: 'status_hint', eventId };
  const status = toProviderStatus({
    state: n.orderstate,
    billnumber: n.billnumber,
    movements,
    responsecode: n.responsecode,
  });
  return { type: 'payment_state', eventId, status };
}

function isFormEncoded(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

function xmlReply(body: string): WebhookReply {
  return { status: 200, contentType: XML_CONTENT_TYPE, body };
}

function rejected(status: number, reason: string): WebhookOutcome {
  return {
    kind: 'rejected',
    reason,
    reply: { status, contentType: 'text/plain; charset=utf-8', body: reason },
  };
}
