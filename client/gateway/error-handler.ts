/**
 * Turns every error, and every unmatched route, into problem+json, and logs it at the level it
 * deserves: a refused request at info (problem kind and field names, never values), a dependency
 * outage at warn, anything unexpected at error with the error itself.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mapError } from './error-mapping';
import { sendProblem } from './problem';

export function installErrorHandling(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((err: FastifyError, request, reply) =>
    renderError(err, request, reply, bodyLimitBytes),
  );
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, 'not-found', `no route for ${request.method} ${request.url.split('?')[0]}`),
  );
}

/** Also used for the errors Fastify raises before routing (`frameworkErrors`: malformed URL). */
export function renderError(
  err: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  bodyLimitBytes: number,
): FastifyReply {
  const problem = mapError(err, bodyLimitBytes);
  switch (problem.origin) {
    case 'unexpected':
      request.log.error({ err }, 'unexpected error while handling the request');
      break;
    case 'dependency':
      request.log.warn({ problem: problem.kind, detail: problem.detail }, 'dependency unavailable');
      break;
    case 'request':
      request.log.info(
        { problem: problem.kind, fields: problem.errors?.map((e) => e.field) },
        'request refused',
      );
      break;
  }
  return sendProblem(request, reply, problem.kind, problem.detail, problem.errors);
}
