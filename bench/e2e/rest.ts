/**
 * The merchant backend's side of the REST API, over one keep-alive connection pool. No retries: the
 * bench counts a failed call as a failed payment rather than hiding it behind a second attempt.
 */
import { Pool } from 'undici';

export interface RestAnswer {
  status: number;
  body: Record<string, unknown>;
}

const TIMEOUT_MS = 60_000;

export class RestClient {
  private readonly pools: Pool[];
  private turn = 0;

  /** With several gateways, calls take turns between them, as behind a load balancer. */
  constructor(baseUrls: readonly string[], connections: number) {
    this.pools = baseUrls.map((url) => new Pool(url, { connections, keepAliveTimeout: 10_000 }));
  }

  get(path: string): Promise<RestAnswer> {
    return this.call('GET', path);
  }

  post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<RestAnswer> {
    return this.call('POST', path, body, headers);
  }

  close(): Promise<void> {
    return Promise.all(this.pools.map((p) => p.close())).then(() => undefined);
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<RestAnswer> {
    const pool = this.pools[this.turn++ % this.pools.length] as Pool;
    const answer = await pool.request({
      method,
      path,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
    const text = await answer.body.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { text };
    }
    return { status: answer.statusCode, body: parsed };
  }
}

/** The answer, or an error naming the call and what came back instead. */
export function expectStatus(answer: RestAnswer, status: number, what: string): Record<string, unknown> {
  if (answer.status !== status) {
    const detail = typeof answer.body.detail === 'string' ? answer.body.detail : JSON.stringify(answer.body);
    throw new Error(`${what}: HTTP ${answer.status} (${detail.slice(0, 300)})`);
  }
  return answer.body;
}
