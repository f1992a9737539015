/**
 * The transport of every BIG FISH API call: POST `{base}/api/payment/` with the `method`/`json` form fields and
 * HTTP Basic `StoreName:ApiKey` (VERIFIED §1.1), a deadline, JSON answers validated with zod, and the failure
 * classification of domain/errors.ts. Messages never carry the request (it holds the API key) or payer data.
 *
 * How a failure is classified depends on what the call does when it reaches BIG FISH:
 * - `read` (Result) and `repeatable` (Init, InitRP, Close): a failure is transient. Init/InitRP only create a
 *   transaction the payer never sees; a repeated Close cannot move money twice, because a transaction closes once
 *   (VERIFIED: no further partial capture after a Close) and the adapter recognizes "already closed".
 * - `money` (Refund, StartRP): BIG FISH has no idempotency key, so after a timeout, a 5xx or an unreadable answer
 *   the money may have moved: the outcome is unknown and the workflow must reconcile, never repeat blindly.
 */
import { hostname } from 'node:os';
import type { z } from 'zod';
import { ProviderError } from '../../domain/errors';
import { HttpFailure, postForm } from '../shared/http';
import type { HttpAnswer } from '../shared/http';
import type { BigfishConfig } from './config';
import type { JsonValue } from './json-text';
import { answerHeadSchema, apiFormFields, basicAuthorization, PATHS } from './protocol';
import type { BigfishMethod } from './protocol';
import { isTransactionResultCode, requestError } from './result-codes';

export type CallEffect = 'read' | 'repeatable' | 'money';

type Settings = Pick<
  BigfishConfig,
  'baseUrl' | 'storeName' | 'apiKey' | 'requestTimeoutMs' | 'moneyCallTimeoutMs'
>;

export class BigfishApiClient {
  private readonly authorization: string;
  private readonly host = safeHostname();

  constructor(private readonly settings: Settings) {
    this.authorization = basicAuthorization(settings.storeName, settings.apiKey);
  }

  /**
   * One call. Request-level errors (UnknownStore, UnknownTransaction, ...) become final ProviderErrors; the answer
   * of a transaction result code is parsed with `schema`.
   */
  async call<T>(
    method: BigfishMethod,
    body: { readonly [key: string]: JsonValue | undefined },
    schema: z.ZodType<T>,
    effect: CallEffect,
  ): Promise<T> {
    const timeoutMs = effect === 'read' ? this.settings.requestTimeoutMs : this.timeoutFor(method);
    let answer: HttpAnswer;
    try {
      answer = await postForm(this.settings.baseUrl + PATHS.api, apiFormFields(method, body), timeoutMs, {
        authorization: this.authorization,
        accept: 'application/json',
        // The SDK's "{Method} | {host} | {platform} | {version}" (VERIFIED format).
        'user-agent': `${method} | ${this.host} | Node.js | ${process.version}`,
      });
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error;
      throw failure(effect, error.reason, `BIG FISH ${method}: ${error.message}`);
    }
    if (answer.status !== 200) {
      const code = `http_${answer.status}`;
      if (answer.status >= 400 && answer.status < 500 && answer.status !== 408 && answer.status !== 429) {
        throw ProviderError.final(code, `BIG FISH refused the ${method} request (HTTP ${answer.status})`);
      }
      throw failure(effect, code, `BIG FISH ${method} answered HTTP ${answer.status}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(answer.body);
    } catch {
      throw failure(effect, 'invalid_response', `BIG FISH ${method} answer is not JSON`);
    }
    const head = answerHeadSchema.safeParse(json);
    if (!head.success)
      throw failure(effect, 'invalid_response', `BIG FISH ${method} answer has no ResultCode`);
    if (!isTransactionResultCode(head.data.ResultCode)) throw requestError(method, head.data.ResultCode);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const where = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))].join(', ');
      throw failure(effect, 'invalid_response', `BIG FISH ${method} answer did not validate: ${where}`);
    }
    return parsed.data;
  }

  private timeoutFor(method: BigfishMethod): number {
    const slow: readonly BigfishMethod[] = ['Close', 'Refund', 'StartRP'];
    return slow.includes(method) ? this.settings.moneyCallTimeoutMs : this.settings.requestTimeoutMs;
  }
}

function failure(effect: CallEffect, code: string, message: string): ProviderError {
  return effect === 'money'
    ? ProviderError.unknown(code, `${message}; the outcome is unknown`)
    : ProviderError.transient(code, message);
}

function safeHostname(): string {
  try {
    return hostname();
  } catch {
    return 'localhost';
  }
}
