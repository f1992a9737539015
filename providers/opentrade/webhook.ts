/**
 * The step-15 result at resultUrl (our /webhooks/opentrade): verify it with the payment secret, normalize it,
 * and answer. The protocol has no status query, so a verified result is authoritative: it carries the
 * payment's state as a `payment_state` event, and the workflow applies it directly (capabilities.statusApi
 * false).
 *
 * Replies (the expected answer and the payment system's retry habit are a GAP; INFERRED):
 * - verified and recorded → 200 `OK` (text/plain), which ends delivery;
 * - not form-encoded, too large, repeated parameters, malformed → 4xx with a reason, nothing signaled;
 * - signature missing or wrong → 403, nothing signaled;
 * - unknown payment → 404: the workflow exists before the payer ever sees the form (create is
 *   update-with-start), so a result for an unknown order id is misrouted; the sender's retries cannot help;
 * - we could not record it → 503, so the payment system repeats it later.
 */
import { z } from 'zod';
import { MoneyError } from '../../domain/money';
import type { WebhookHandler, WebhookOutcome, WebhookReply, WebhookRequest } from '../contract';
import { signatureSettings } from './config';
import type { OpenTradeConfig } from './config';
import {
  RESULT_ACKNOWLEDGEMENT,
  RESULT_FIELDS,
  readResult,
  resultSignatureMatches,
  toProviderStatus,
} from './protocol';
import type { ResultParams, SignatureSettings } from './protocol';

/** A real result is a few hundred bytes; anything near this is not one. */
export const MAX_RESULT_BYTES = 16 * 1024;

const TEXT = 'text/plain; charset=utf-8';

export class OpenTradeWebhookHandler implements WebhookHandler {
  private readonly settings: SignatureSettings;

  constructor(private readonly config: OpenTradeConfig) {
    this.settings = signatureSettings(config);
  }

  async handle(req: WebhookRequest): Promise<WebhookOutcome> {
    if (!isFormEncoded(req.headers['content-type'])) {
      return rejected(415, 'result is not application/x-www-form-urlencoded');
    }
    if (req.rawBody.length > MAX_RESULT_BYTES) return rejected(413, 'result body too large');

    const params: Array<[string, string]> = [];
    const seen = new Set<string>();
    for (const [name, value] of new URLSearchParams(req.rawBody.toString('utf8'))) {
      // Names are read case-insensitively, so `Amount` and `amount` together would be ambiguous.
      const key = name.toLowerCase();
      if (seen.has(key)) return rejected(400, `parameter ${name.slice(0, 64)} appears more than once`);
      seen.add(key);
      params.push([name, value]);
    }

    const split = this.splitSignature(params, req.headers);
    if (!split) return rejected(403, 'result signature missing');
    if (!resultSignatureMatches(split.signed, split.signature, this.config.paymentSecret, this.settings)) {
      return rejected(403, 'result signature mismatch');
    }

    let result;
    try {
      result = readResult(this.readableFields(split.signed));
    } catch (error) {
      if (error instanceof MoneyError)
        return rejected(400, `result amount or currency unusable: ${error.reason}`);
      if (!(error instanceof z.ZodError)) throw error;
      const fields = [...new Set(error.issues.map((i) => fieldName(String(i.path[0]))))].join(', ');
      return rejected(400, `result fields missing or invalid: ${fields}`);
    }

    // The same result resent has the same id; success and fail of one payment differ.
    const eventId = `opentrade:${result.paymentId}:${result.status}`;
    return {
      kind: 'event',
      paymentId: result.orderId,
      event: { type: 'payment_state', eventId, status: toProviderStatus(result) },
      reply: { status: 200, contentType: TEXT, body: RESULT_ACKNOWLEDGEMENT },
    };
  }

  unknownPaymentReply(_paymentId: string): WebhookReply {
    return { status: 404, contentType: TEXT, body: 'unknown order' };
  }

  temporaryFailureReply(): WebhookReply {
    return { status: 503, contentType: TEXT, body: 'temporarily unavailable, retry later' };
  }

  /** The presented signature and the parameters it covers, or undefined when there is no single signature. */
  private splitSignature(
    params: ReadonlyArray<[string, string]>,
    headers: WebhookRequest['headers'],
  ): { signature: string; signed: ResultParams } | undefined {
    if (this.settings.location === 'header') {
      const value = headers[this.settings.headerName];
      return typeof value === 'string' ? { signature: value.trim(), signed: params } : undefined;
    }
    const name = this.settings.parameterName.toLowerCase();
    const signature = params.find(([n]) => n.toLowerCase() === name)?.[1];
    if (signature === undefined) return undefined;
    return { signature, signed: params.filter(([n]) => n.toLowerCase() !== name) };
  }

  /** Under md5-concat only the configured fields are signed, so only they are read. */
  private readableFields(signed: ResultParams): ResultParams {
    if (this.settings.scheme === 'hmac-sha256') return signed;
    const covered = new Set(this.settings.md5Fields.map((f) => f.toLowerCase()));
    return signed.filter(([name]) => covered.has(name.toLowerCase()));
  }
}

/** Fields are read by lowercased name; reasons name them as the protocol spells them. */
function fieldName(lowercased: string): string {
  return Object.values(RESULT_FIELDS).find((f) => f.toLowerCase() === lowercased) ?? lowercased;
}

function isFormEncoded(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

function rejected(status: number, reason: string): WebhookOutcome {
  return { kind: 'rejected', reason, reply: { status, contentType: TEXT, body: reason } };
}
