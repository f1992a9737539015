/**
 * Body parsing for the REST API: JSON only. Fastify's secure JSON parser (prototype-poisoning
 * protection) is kept; an empty body is accepted as "no body" so that `POST .../void` with a
 * `Content-Type: application/json` header and nothing else works. Any other media type, text/plain
 * included, is a 415.
 */
import type { FastifyInstance } from 'fastify';

export function acceptJsonBodiesOnly(scope: FastifyInstance): void {
  const parseJson = scope.getDefaultJsonParser('error', 'error');
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // parseAs 'string' hands over a string; toString() keeps the types honest without a cast.
    const text = body.toString();
    if (text === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
