/**
 * Probes. `/healthz` answers while the process can serve HTTP at all (liveness: restart me if not);
 * `/readyz` also checks that Temporal answers (readiness: send me traffic only if so). Probes run every
 * few seconds, so their successful requests are logged at warn level only, that is, not at all.
 */
import type { FastifyPluginAsync } from 'fastify';

export function healthRoutes(readiness: () => Promise<boolean>): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));

    app.get('/readyz', { logLevel: 'warn' }, async (request, reply) => {
      let ready: boolean;
      try {
        ready = await readiness();
        if (!ready) request.log.warn('not ready: the readiness check failed');
      } catch (err) {
        ready = false;
        request.log.warn({ err }, 'not ready: the readiness check threw');
      }
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready' });
    });
  };
}
