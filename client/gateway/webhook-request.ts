/**
 * A Fastify request as the provider's WebhookHandler sees it: the body exactly as received (the
 * webhook scope parses nothing, see routes/webhooks.ts), headers, query parameters and the sender's
 * address. Verification always works on these raw bytes.
 */
import type { FastifyRequest } from 'fastify';
import type { WebhookRequest } from '../../providers/contract';

export function toWebhookRequest(request: FastifyRequest): WebhookRequest {
  return {
    rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
    headers: request.headers,
    query: firstValues(request.url),
    sourceIp: request.ip,
  };
}

/**
 * Query parameters from the raw URL. A repeated parameter keeps its first value: the contract wants
 * one string per name, and a provider never repeats the parameters it signs.
 */
function firstValues(url: string): Record<string, string> {
  const start = url.indexOf('?');
  const params = new URLSearchParams(start === -1 ? '' : url.slice(start + 1));
  const first = new Map<string, string>();
  for (const [name, value] of params) {
    if (!first.has(name)) first.set(name, value);
  }
  // fromEntries defines own properties, so a parameter named `__proto__` stays an ordinary key.
  return Object.fromEntries(first);
}
