/**
 * mobilPay's IPN (facts §2.3-2.4, VERIFIED): a form POST to the confirm URL with `env_key`, `data` and, for AES,
 * `cipher` and `iv`, sealed for our certificate; inside, the original request echoed back plus `<mobilpay>`.
 *
 * Trust (README "Trust model"): opening the envelope proves nothing about the sender, because anyone holding our
 * certificate can seal one. What authenticates an IPN is the merchant token we put in the request's `<params>`
 * (merchant-token.ts). The workflow still checks the amounts against the payment, and operators may allow-list
 * mobilPay's source addresses in front of the gateway.
 *
 * Answers (VERIFIED format): `<crc>{the IPN's crc}</crc>` once recorded; `<crc error_type="1|2" error_code="N">`
 * otherwise, where 1 = temporary (mobilPay resends, up to 20 times) and 2 = permanent. A declined payment is
 * recorded fine and gets a plain `<crc>` (facts §2.7: answering a decline with an error only causes resends).
 * Failures to decrypt or read are temporary, as in the official sample (a key rotation gone wrong can be fixed
 * while mobilPay keeps resending); they are answered with HTTP 400 and the same body whatever failed inside, so
 * the answers reveal nothing about the RSA padding (rsa-pkcs1.ts).
 */
import { z } from 'zod';
import type { ProviderEvent, ProviderStatus } from '../../domain/provider-events';
import type { WebhookHandler, WebhookOutcome, WebhookReply, WebhookRequest } from '../contract';
import { constantTimeEqual } from '../shared/constant-time';
import { SellerAccounts } from './accounts';
import type { MobilpayConfig } from './config';
import { EnvelopeError, openEnvelope } from './envelope';
import type { EnvelopeFailure } from './envelope';
import { IpnAmountError, statusFromIpn } from './ipn-states';
import { verifyMerchantToken } from './merchant-token';
import {
  ACTIONS,
  buildCrcError,
  buildCrcSuccess,
  CRC_ERROR_TYPE,
  merchantTokenOf,
  parseIpnXml,
} from './protocol';
import type { MobilpayAction, ParsedIpn } from './protocol';
import { toProviderReference } from './provider-reference';

/** A sealed IPN is a few kilobytes; anything near this is not mobilPay. */
export const MAX_NOTIFICATION_BYTES = 64 * 1024;

const XML_CONTENT_TYPE = 'application/xml; charset=utf-8';

/**
 * Our `error_code` values: ours to choose (VERIFIED). Where the PHP SDK defines a constant for the case we reuse it
 * (0x300000f3..f8); the 0x3100000n codes are our own.
 */
export const CONFIRM_ERROR_CODES = {
  decryptFailed: 0x300000f3,
  invalidPostParameters: 0x300000f5,
  invalidAction: 0x300000f6,
  decodeIv: 0x300000f7,
  cipherUnavailable: 0x300000f8,
  notAuthentic: 0x31000001,
  unusableAmounts: 0x31000002,
  unknownOrder: 0x31000003,
  temporarilyUnavailable: 0x31000004,
} as const;

const envelopeFieldsSchema = z.object({
  env_key: z.string().min(1),
  data: z.string().min(1),
  cipher: z.string().optional(),
  iv: z.string().optional(),
});

type HandlerSettings = Pick<
  MobilpayConfig,
  | 'signature'
  | 'privateKeyPem'
  | 'privateKeyPassphrase'
  | 'certificatePem'
  | 'preauthSignature'
  | 'preauthPrivateKeyPem'
  | 'preauthPrivateKeyPassphrase'
  | 'preauthCertificatePem'
  | 'ipnTokenSecret'
  | 'ipnTokenPreviousSecret'
>;

export class MobilpayWebhookHandler implements WebhookHandler {
  private readonly accounts: SellerAccounts;
  private readonly tokenSecrets: readonly string[];

  constructor(settings: HandlerSettings) {
    this.accounts = new SellerAccounts(settings);
    this.tokenSecrets = [settings.ipnTokenSecret, settings.ipnTokenPreviousSecret].filter(
      (s): s is string => s !== undefined,
    );
  }

  async handle(req: WebhookRequest): Promise<WebhookOutcome> {
    if (!isFormEncoded(req.headers['content-type'])) {
      return rejected(415, 'permanent', CONFIRM_ERROR_CODES.invalidPostParameters, 'IPN is not form-encoded');
    }
    if (req.rawBody.length > MAX_NOTIFICATION_BYTES) {
      return rejected(413, 'permanent', CONFIRM_ERROR_CODES.invalidPostParameters, 'IPN body too large');
    }
    const fields = formFields(req.rawBody);
    const envelope = fields && envelopeFieldsSchema.safeParse(fields);
    if (!envelope || !envelope.success) {
      return rejected(
        400,
        'permanent',
        CONFIRM_ERROR_CODES.invalidPostParameters,
        'IPN needs env_key and data, once each',
      );
    }
    const account = this.accounts.forNotification(req.query);
    if (!account) {
      return rejected(
        400,
        'permanent',
        CONFIRM_ERROR_CODES.invalidPostParameters,
        'confirm URL names an unknown account',
      );
    }

    let ipn: ParsedIpn;
    try {
      ipn = parseIpnXml(openEnvelope(envelope.data, account.privateKey));
    } catch (error) {
      if (error instanceof EnvelopeError && error.reason !== 'undecryptable') {
        return rejected(
          400,
          'temporary',
          envelopeErrorCode(error.reason),
          `IPN envelope refused: ${error.message}`,
        );
      }
      // Decryption and parsing failures look the same from outside (see the file comment).
      return rejected(
        400,
        'temporary',
        CONFIRM_ERROR_CODES.decryptFailed,
        'IPN could not be decrypted or read',
      );
    }

    const { order, notification } = ipn;
    const token = {
      orderId: order['@_id'],
      signature: order.signature,
      amount: order.invoice['@_amount'],
      currency: order.invoice['@_currency'],
    };
    // Both checks always run, each in constant time: the answer's timing tells nothing about which failed.
    const accountMatches = constantTimeEqual(order.signature, account.signature);
    const tokenValid = verifyMerchantToken(merchantTokenOf(order), this.tokenSecrets, token);
    if (!accountMatches || !tokenValid) {
      return rejected(
        400,
        'temporary',
        CONFIRM_ERROR_CODES.notAuthentic,
        'IPN is not authentic (merchant token or account)',
      );
    }
    const action = ACTIONS.find((a) => a === notification.action);
    if (!action) {
      return rejected(400, 'permanent', CONFIRM_ERROR_CODES.invalidAction, 'IPN has an unknown action');
    }
    let status: ProviderStatus;
    try {
      const reference = toProviderReference(order.signature, notification.purchase);
      status = statusFromIpn(action, notification, order.invoice['@_currency'], reference);
    } catch (error) {
      if (!(error instanceof IpnAmountError)) throw error;
      return rejected(400, 'permanent', CONFIRM_ERROR_CODES.unusableAmounts, error.message);
    }
    return {
      kind: 'event',
      paymentId: order['@_id'],
      event: toEvent(ipn, action, status),
      reply: xmlReply(200, buildCrcSuccess(notification['@_crc'])),
    };
  }

  /**
   * Permanent: the workflow exists before the payer ever sees mobilPay's page (create is update-with-start), so an
   * order we do not know is not a race that a resend could win. It shows in the console's merchant log.
   */
  unknownPaymentReply(_paymentId: string): WebhookReply {
    return xmlReply(
      200,
      buildCrcError(CRC_ERROR_TYPE.permanent, CONFIRM_ERROR_CODES.unknownOrder, 'unknown order'),
    );
  }

  /** Temporary: mobilPay resends (VERIFIED). HTTP 503 as well, in case mobilPay reads only the status. */
  temporaryFailureReply(): WebhookReply {
    return xmlReply(
      503,
      buildCrcError(
        CRC_ERROR_TYPE.temporary,
        CONFIRM_ERROR_CODES.temporarilyUnavailable,
        'temporarily unavailable',
      ),
    );
  }
}

/**
 * `eventId` is the same for every resend of one IPN and differs between IPNs (facts §4): order, purchase, action,
 * error code, processed amount and payment count. Two partial credits of the same amount share it; that is
 * harmless because our refunds are confirmed by the SOAP answer, not by their IPN.
 *
 * A charge beyond the first (`current_payment_count` ≥ 2), or a first payment whose recurrence could not be
 * scheduled (0, only when we asked for a recurrence), is a `recurring_charge`; everything else is `payment_state`.
 */
function toEvent(ipn: ParsedIpn, action: MobilpayAction, status: ProviderStatus): ProviderEvent {
  const { order, notification: n } = ipn;
  const count = n.current_payment_count === undefined ? undefined : Number(n.current_payment_count);
  const eventId = [
    'mobilpay',
    order['@_id'],
    n.purchase,
    action,
    n.error['@_code'],
    n.processed_amount ?? '',
    count ?? '',
  ].join(':');
  const asked = order.recurrence !== undefined;
  if (count !== undefined && (count >= 2 || (count === 0 && asked))) {
    return { type: 'recurring_charge', eventId, chargeNumber: count, status };
  }
  return { type: 'payment_state', eventId, status };
}

/** The form's fields, or undefined when one repeats (what we decrypt must be what we read). */
function formFields(body: Buffer): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
    if (Object.hasOwn(fields, name)) return undefined;
    fields[name] = value;
  }
  return fields;
}

function envelopeErrorCode(reason: EnvelopeFailure): number {
  switch (reason) {
    case 'cipher_unavailable':
      return CONFIRM_ERROR_CODES.cipherUnavailable;
    case 'bad_iv':
      return CONFIRM_ERROR_CODES.decodeIv;
    case 'bad_encoding':
      return CONFIRM_ERROR_CODES.invalidPostParameters;
    case 'undecryptable':
      return CONFIRM_ERROR_CODES.decryptFailed;
  }
}

function isFormEncoded(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

function xmlReply(status: number, body: string): WebhookReply {
  return { status, contentType: XML_CONTENT_TYPE, body };
}

function rejected(
  status: number,
  errorType: keyof typeof CRC_ERROR_TYPE,
  errorCode: number,
  reason: string,
): WebhookOutcome {
  return {
    kind: 'rejected',
    reason,
    reply: xmlReply(status, buildCrcError(CRC_ERROR_TYPE[errorType], errorCode, reason)),
  };
}
