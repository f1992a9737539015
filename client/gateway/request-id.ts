/**
 * Request ids: an upstream proxy's `x-request-id` is kept so one id follows the request across
 * services; otherwise a random UUID. Only short, plain ids are accepted from outside, so a caller
 * cannot inject arbitrary text into our logs. The id is echoed in the response and in problem details.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
}
