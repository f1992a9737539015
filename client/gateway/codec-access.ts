/**
 * Who may use the codec endpoint. It turns stored ciphertext into customer data, so every request
 * needs the CODEC_AUTH_TOKEN, and browsers may call it only from the configured UI origins.
 *
 * The token arrives as `Authorization: Bearer <token>` (Temporal CLI `--codec-auth`, scripts, a
 * proxy that injects it) or as a path segment, `/codec/<token>/decode`, for the Web UI: the UI adds
 * no headers of its own choosing. Its "pass access token" option sends the UI login's OIDC token,
 * and only to https endpoints, so a shared secret can reach us from the UI only inside the URL.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** What the UI sends (Content-Type: application/json, X-Namespace) plus Authorization for the CLI and proxies. */
const ALLOWED_HEADERS = 'content-type, x-namespace, authorization';
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** Compares in constant time: both sides are hashed first, so not even the length leaks. */
export function tokenMatcher(expected: string): (presented: string | undefined) => boolean {
  const expectedDigest = sha256(expected);
  return (presented) => presented !== undefined && timingSafeEqual(sha256(presented), expectedDigest);
}

/** The token from the `:token` path segment if the route has one, else from a Bearer Authorization header. */
export function presentedToken(request: FastifyRequest): string | undefined {
  const { token } = (request.params ?? {}) as { token?: string };
  if (token) return token;
  return /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
}

/**
 * CORS headers for an allowed origin, on every answer (errors included, so the UI can tell a 401 from
 * a network failure). A disallowed origin gets none, and the browser withholds the answer.
 */
export function applyCors(
  request: FastifyRequest,
  reply: FastifyReply,
  allowedOrigins: ReadonlySet<string>,
): boolean {
  reply.header('vary', 'Origin');
  const origin = request.headers.origin;
  if (!origin || !allowedOrigins.has(origin)) return false;
  reply.header('access-control-allow-origin', origin);
  // For the UI's "include cross-origin credentials" option; the token, not a cookie, is what authorizes.
  reply.header('access-control-allow-credentials', 'true');
  return true;
}

/** The answer to a browser's preflight OPTIONS. */
export function answerPreflight(
  request: FastifyRequest,
  reply: FastifyReply,
  allowedOrigins: ReadonlySet<string>,
): FastifyReply {
  if (applyCors(request, reply, allowedOrigins)) {
    reply.header('access-control-allow-methods', 'POST, OPTIONS');
    reply.header('access-control-allow-headers', ALLOWED_HEADERS);
    reply.header('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
    // Chrome's Private Network Access: a public UI (e.g. Temporal Cloud) calling a codec on a private address.
    if (request.headers['access-control-request-private-network'] === 'true') {
      reply.header('access-control-allow-private-network', 'true');
    }
  }
  return reply.code(204).send();
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
