/**
 * The merchant backend's side of the REST API, as a careful client writes it: every call is retried
 * while the answer says "try again" (connection refused or reset while the gateway restarts, 503 while
 * Temporal is away, a timeout, 409 while another command runs), with the SAME body and idempotency key,
 * so a retry can never become a second operation. Anything else is an answer, returned as is.
 */
import { Agent, request } from 'undici';

export interface ApiAnswer {
  status: number;
  body: unknown;
  /** Attempts it took, 1 when the first one answered. */
  attempts: number;
}

/** Answers that mean "nothing was decided, ask again". */
const RETRY_STATUSES = new Set([409, 429, 500, 503, 504]);
const READ_TIMEOUT_MS = 15_000;
/** An update waits for the workflow; a worker restart plus an activity's 30 s timeout fits in this. */
const COMMAND_TIMEOUT_MS = 120_000;

export class RestClient {
  readonly retriedCalls = { network: 0, status: new Map<number, number>() };
  private readonly agent = new Agent({ keepAliveTimeout: 2_000, connections: 64 });

  constructor(
    private readonly baseUrl: string,
    /** Retrying stops here: the run's own deadline. */
    private readonly giveUpAt: number,
  ) {}

  create(body: Record<string, unknown>): Promise<ApiAnswer> {
    // A create's idempotency key is its order id; a conflicting answer (409) is final for it.
    return this.call(
      'POST',
      '/v1/payments',
      body,
      undefined,
      COMMAND_TIMEOUT_MS,
      new Set([503, 500, 504, 429]),
    );
  }

  get(orderId: string): Promise<ApiAnswer> {
    return this.call(
      'GET',
      `/v1/payments/${encodeURIComponent(orderId)}`,
      undefined,
      undefined,
      READ_TIMEOUT_MS,
    );
  }

  command(
    orderId: string,
    command: 'capture' | 'void' | 'refunds' | 'cancel',
    body: Record<string, unknown>,
    idempotencyKey?: string,
  ): Promise<ApiAnswer> {
    const path = `/v1/payments/${encodeURIComponent(orderId)}/${command}`;
    return this.call('POST', path, body, idempotencyKey, COMMAND_TIMEOUT_MS);
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    body: Record<string, unknown> | undefined,
    idempotencyKey: string | undefined,
    timeoutMs: number,
    retryStatuses: ReadonlySet<number> = RETRY_STATUSES,
  ): Promise<ApiAnswer> {
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await request(`${this.baseUrl}${path}`, {
          method,
          dispatcher: this.agent,
          headers: {
            ...(body ? { 'content-type': 'application/json' } : {}),
            ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        const text = await answer.body.text();
        if (!retryStatuses.has(answer.statusCode) || Date.now() > this.giveUpAt) {
          return { status: answer.statusCode, body: parse(text), attempts: attempt };
        }
        const seen = this.retriedCalls.status.get(answer.statusCode) ?? 0;
        this.retriedCalls.status.set(answer.statusCode, seen + 1);
      } catch (err) {
        if (Date.now() > this.giveUpAt) throw err;
        this.retriedCalls.network += 1;
      }
      await new Promise((done) => setTimeout(done, Math.min(2_000, 200 * attempt)));
    }
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
