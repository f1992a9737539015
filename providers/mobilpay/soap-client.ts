/**
 * The payment2 SOAP API through the `soap` package and our own payment2.wsdl (see its header for what is known of
 * the real one). Every call but logIn needs a session id from logIn (VERIFIED, facts §2.5): we keep one, reuse it,
 * renew it before `sessionTtlMs` runs out, and renew it once more when mobilPay answers 0x1000 (the session is no
 * longer valid). Answers come back as plain data for adapter.ts to validate.
 */
import path from 'node:path';
import * as soap from 'soap';
import type { SoapMethodAsync } from 'soap';
import { INVALID_SESSION, parseAnswerCode } from './soap-codes';

export const PAYMENT2_WSDL_PATH = path.join(__dirname, 'payment2.wsdl');

export type Payment2Call =
  'credit' | 'capture' | 'cancel' | 'moveRecurrence' | 'modifyRecurrencePrice' | 'cancelRecurrence';

/**
 * Amounts are xsd:double in our WSDL; keep them as text so they never become binary fractions. Shared with the
 * sandbox's server so both read them the same way.
 */
export const KEEP_NUMBERS_AS_TEXT = {
  double: (text: string) => text,
  float: (text: string) => text,
  decimal: (text: string) => text,
};

/**
 * - unreachable: the request never left (connection refused, unknown host): it cannot have taken effect;
 * - timeout / network: it may have arrived; fault / http_status: mobilPay answered with an error;
 * - unreadable_answer: HTTP 200 that is not the expected SOAP answer; login_refused: logIn gave no session.
 * Messages never include the request, which carries the API password or session.
 */
export type SoapFailureReason =
  'unreachable' | 'timeout' | 'network' | 'fault' | 'http_status' | 'unreadable_answer' | 'login_refused';

export class SoapFailure extends Error {
  override readonly name = 'SoapFailure';
  constructor(
    readonly reason: SoapFailureReason,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface Payment2Settings {
  endpoint: string;
  username: string;
  password: string;
  timeoutMs: number;
  sessionTtlMs: number;
  now?: () => number;
}

export class Payment2Client {
  private client: Promise<soap.Client> | undefined;
  private session: { id: string; expiresAt: number } | undefined;
  private pendingLogin: Promise<string> | undefined;
  private readonly now: () => number;

  constructor(private readonly settings: Payment2Settings) {
    this.now = settings.now ?? Date.now;
  }

  /**
   * Calls `call` with the session id followed by `request` (in the WSDL's element order) and returns its
   * `<call>Result` object. Throws SoapFailure.
   */
  async call(call: Payment2Call, request: Record<string, string>): Promise<Record<string, unknown>> {
    const sessionId = await this.sessionId();
    const answer = await this.invoke(call, { sessionId, ...request });
    if (parseAnswerCode(answer.code) !== INVALID_SESSION) return answer;
    // The session ended early (mobilPay restarted, or it outlived our TTL guess): one fresh login, one retry.
    // Safe for every call: mobilPay refused the first attempt, so it did nothing.
    if (this.session?.id === sessionId) this.session = undefined;
    return this.invoke(call, { sessionId: await this.sessionId(), ...request });
  }

  /** Forget the session (tests, and a deployment that rotates the API password). */
  resetSession(): void {
    this.session = undefined;
  }

  private async sessionId(): Promise<string> {
    if (this.session && this.now() < this.session.expiresAt) return this.session.id;
    this.pendingLogin ??= this.logIn().finally(() => {
      this.pendingLogin = undefined;
    });
    return this.pendingLogin;
  }

  private async logIn(): Promise<string> {
    const startedAt = this.now();
    const answer = await this.send('logIn', {
      request: { username: this.settings.username, password: this.settings.password },
    });
    const id = (answer.logInResult as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || id === '') {
      throw new SoapFailure(
        'login_refused',
        'mobilPay logIn returned no session id (check the API user and password)',
      );
    }
    this.session = { id, expiresAt: startedAt + this.settings.sessionTtlMs };
    return id;
  }

  private async invoke(
    call: Payment2Call,
    request: Record<string, string>,
  ): Promise<Record<string, unknown>> {
    const answer = await this.send(call, { request });
    const result = answer[`${call}Result`];
    if (typeof result !== 'object' || result === null) {
      throw new SoapFailure('unreadable_answer', `mobilPay ${call} answer has no ${call}Result`);
    }
    return result as Record<string, unknown>;
  }

  private async send(operation: string, args: unknown): Promise<Record<string, unknown>> {
    const client = await this.connect();
    const method = client[`${operation}Async`] as SoapMethodAsync;
    try {
      const [answer] = await method(args, { timeout: this.settings.timeoutMs });
      return (answer ?? {}) as Record<string, unknown>;
    } catch (error) {
      throw toSoapFailure(operation, error);
    }
  }

  /** The WSDL is a local file, so this fails only on a broken deployment; a failed load is retried next time. */
  private connect(): Promise<soap.Client> {
    this.client ??= soap
      .createClientAsync(
        PAYMENT2_WSDL_PATH,
        { customDeserializer: KEEP_NUMBERS_AS_TEXT },
        this.settings.endpoint,
      )
      .catch((error: unknown) => {
        this.client = undefined;
        throw error;
      });
    return this.client;
  }
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function toSoapFailure(operation: string, error: unknown): SoapFailure {
  const e = error as { response?: { status?: unknown }; code?: unknown; message?: unknown; root?: unknown };
  const status = e.response?.status;
  if (typeof status === 'number' && status !== 200) {
    const isFault = e.root !== undefined;
    return new SoapFailure(
      isFault ? 'fault' : 'http_status',
      `mobilPay ${operation} answered ${isFault ? 'a SOAP fault' : 'HTTP'} (HTTP ${status})`,
      status,
    );
  }
  if (typeof status === 'number') {
    return new SoapFailure('unreadable_answer', `mobilPay ${operation} answer could not be read`);
  }
  const code = typeof e.code === 'string' ? e.code : '';
  if (UNREACHABLE_CODES.has(code)) return new SoapFailure('unreachable', `mobilPay ${operation}: ${code}`);
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(String(e.message))) {
    return new SoapFailure('timeout', `mobilPay ${operation} timed out`);
  }
  return new SoapFailure('network', `mobilPay ${operation} failed (${code || 'network error'})`);
}
