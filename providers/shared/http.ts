/**
 * One outgoing HTTP POST with an overall deadline and a cap on the answer's size, for every provider
 * adapter and sandbox notifier. Failures before a complete answer become HttpFailure, whose message
 * never carries request data (requests hold credentials and personal data).
 */
import { request } from 'undici';

/** Far above any provider answer or merchant reply. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

export type HttpFailureReason = 'timeout' | 'network' | 'answer_too_large';

/** The request failed before a complete answer arrived. Messages carry no request data (it holds secrets). */
export class HttpFailure extends Error {
  override readonly name = 'HttpFailure';
  constructor(
    readonly reason: HttpFailureReason,
    message: string,
  ) {
    super(message);
  }
}

export interface PostOptions {
  body: string;
  contentType: string;
  headers?: Record<string, string>;
  timeoutMs: number;
}

export async function post(url: string, options: PostOptions): Promise<HttpAnswer> {
  const { timeoutMs } = options;
  const deadline = AbortSignal.timeout(timeoutMs);
  try {
    const answer = await request(url, {
      method: 'POST',
      body: options.body,
      headers: { ...options.headers, 'content-type': options.contentType },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: deadline,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of answer.body) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += bytes.length;
      if (size > MAX_ANSWER_BYTES) {
        answer.body.destroy();
        throw new HttpFailure('answer_too_large', `answer exceeds ${MAX_ANSWER_BYTES} bytes`);
      }
      chunks.push(bytes);
    }
    const contentType = answer.headers['content-type'];
    return {
      status: answer.statusCode,
      contentType: Array.isArray(contentType) ? (contentType[0] ?? '') : (contentType ?? ''),
      body: Buffer.concat(chunks).toString('utf8'),
    };
  } catch (error) {
    if (error instanceof HttpFailure) throw error;
    if (deadline.aborted || isTimeout(error)) {
      throw new HttpFailure('timeout', `no complete answer within ${timeoutMs} ms`);
    }
    const code = (error as { code?: unknown }).code;
    throw new HttpFailure('network', `request failed (${typeof code === 'string' ? code : 'network error'})`);
  }
}

/** application/x-www-form-urlencoded POST (Assist, BIG FISH, OpenTrade, mobilPay forms). */
export function postForm(
  url: string,
  fields: Record<string, string>,
  timeoutMs: number,
  headers?: Record<string, string>,
): Promise<HttpAnswer> {
  return post(url, {
    body: new URLSearchParams(fields).toString(),
    contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    headers,
    timeoutMs,
  });
}

/** JSON POST (ECommPay Gate). */
export function postJson(
  url: string,
  payload: unknown,
  timeoutMs: number,
  headers?: Record<string, string>,
): Promise<HttpAnswer> {
  return post(url, {
    body: JSON.stringify(payload),
    contentType: 'application/json',
    headers: { accept: 'application/json', ...headers },
    timeoutMs,
  });
}

function isTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  );
}
