/**
 * One log line per request: request id (bound by Fastify as `reqId`), method, route pattern, status and
 * latency. Fastify's default lines log the full URL, whose query string can carry provider data, so
 * they are replaced; bodies and headers are never logged.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class GatewayLogController extends LogController {
  /** The completion line carries everything; a separate "incoming" line would double the volume. */
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const fields = {
      method: request.method,
      // The pattern (`/v1/payments/:orderId`), not the URL: stable for aggregation, no query string.
      route: request.routeOptions.url ?? '(unmatched)',
      status: reply.statusCode,
      latencyMs: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) reply.log.error({ ...fields, err: error }, 'request failed after the response started');
    else reply.log.info(fields, 'request completed');
  }
}
