/**
 * The codec server for the Temporal Web UI and CLI (the "remote codec" protocol): `POST /codec/decode`
 * and `POST /codec/encode` run the body's payloads through the payload codec, so operators holding
 * the token see decrypted inputs, results and failure messages while Temporal keeps only ciphertext.
 * The same routes under `/codec/:token/` take the token in the path, for the Web UI (codec-access.ts).
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { PayloadDecryptionError } from '../../../worker/encryption/aes-gcm-codec';
import { parseOrThrow } from '../../validation';
import { answerPreflight, applyCors, presentedToken, tokenMatcher } from '../codec-access';
import { payloadFromJson, payloadsBodySchema, payloadToJson } from '../codec-json';
import { renderError } from '../error-handler';
import { acceptJsonBodiesOnly } from '../json-body';
import { ProblemError } from '../problem';

export interface CodecEndpoint {
  codec: PayloadCodec;
  /** CODEC_AUTH_TOKEN. */
  authToken: string;
  /** Browser origins of the Temporal UI (CODEC_CORS_ORIGINS). */
  corsOrigins: readonly string[];
}

/**
 * A single payload may approach Temporal's default 2 MB blob limit, a third more in base64: far more
 * than the REST API's body limit allows.
 */
export const CODEC_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

export function codecRoutes(endpoint: CodecEndpoint): FastifyPluginAsync {
  const origins = new Set(endpoint.corsOrigins);
  const isValidToken = tokenMatcher(endpoint.authToken);

  const convert =
    (direction: 'encode' | 'decode') => async (request: FastifyRequest, reply: FastifyReply) => {
      const { payloads } = parseOrThrow(payloadsBodySchema, request.body);
      const converted = await run(endpoint.codec, direction, payloads.map(payloadFromJson));
      // Decrypted customer data: not for browser or proxy caches.
      return reply.header('cache-control', 'no-store').send({ payloads: converted.map(payloadToJson) });
    };

  return async (app) => {
    acceptJsonBodiesOnly(app);
    // This scope's own limit, so a 413 states the limit that applied.
    app.setErrorHandler((err, request, reply) => renderError(err, request, reply, CODEC_BODY_LIMIT_BYTES));

    // Before the body is read: a request without the token costs no parsing.
    app.addHook('onRequest', async (request, reply) => {
      if (request.method === 'OPTIONS') return; // preflights carry no credentials, by design
      applyCors(request, reply, origins);
      if (!isValidToken(presentedToken(request))) {
        reply.header('www-authenticate', 'Bearer realm="codec"');
        throw new ProblemError('unauthorized', 'the codec endpoint requires the CODEC_AUTH_TOKEN');
      }
    });

    app.options('/*', async (request, reply) => answerPreflight(request, reply, origins));
    const options = { bodyLimit: CODEC_BODY_LIMIT_BYTES };
    for (const prefix of ['', '/:token']) {
      app.post(`${prefix}/decode`, options, convert('decode'));
      app.post(`${prefix}/encode`, options, convert('encode'));
    }
  };
}

async function run(
  codec: PayloadCodec,
  direction: 'encode' | 'decode',
  payloads: Payload[],
): Promise<Payload[]> {
  try {
    return direction === 'decode' ? await codec.decode(payloads) : await codec.encode(payloads);
  } catch (err) {
    // An unknown key or damaged ciphertext is a fact about the request's payloads, not a server fault.
    if (err instanceof PayloadDecryptionError) throw new ProblemError('validation', err.message);
    throw err;
  }
}
