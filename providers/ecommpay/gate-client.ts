/**
 * One Gate call: a signed JSON POST with a deadline, and its answer read as ECommPay's JSON. Transport failures
 * are transient: every Gate call we make is safe to repeat (payment_id and merchant_refund_id make a repeated
 * sale or refund a recognisable duplicate, status only reads). What the answer means is the adapter's business.
 * Messages never carry the request: it holds the signature and the payer's data.
 */
import { ProviderError } from '../../domain/errors';
import { HttpFailure, postJson } from '../shared/http';
import { isJsonObject, readJson } from './json-reader';
import type { JsonObject } from './json-reader';

export interface GateReply {
  httpStatus: number;
  /** The answer's JSON object, or undefined when the body is not one (an HTML error page, say). */
  body: JsonObject | undefined;
}

export class GateClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async call(path: string, payload: unknown): Promise<GateReply> {
    let answer;
    try {
      answer = await postJson(this.baseUrl + path, payload, this.timeoutMs);
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error;
      const code = error.reason === 'answer_too_large' ? 'invalid_response' : error.reason;
      throw ProviderError.transient(code, `ECommPay ${path}: ${error.message}`);
    }
    return { httpStatus: answer.status, body: readObject(answer.body) };
  }
}

function readObject(text: string): JsonObject | undefined {
  try {
    const value = readJson(text);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
