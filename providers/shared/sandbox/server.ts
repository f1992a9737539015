/**
 * The Fastify server every sandbox runs on: form bodies (and, on request, JSON bodies kept as raw text), the
 * operator routes GET /sandbox/ledger and POST /sandbox/faults, the fault hook for the provider's server-to-server
 * routes, and the ProviderSandbox the provider hands back. The provider adds its own routes to `app` before
 * `listen`.
 */
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LedgerEntry, PayerAction, ProviderSandbox } from '../../contract';
import type { RedirectInstruction } from '../../../domain/payment-types';
import type { FaultInjector } from './faults';

export interface SandboxServerSettings {
  faults: FaultInjector;
  ledger: () => readonly LedgerEntry[];
  /** Largest request body; 64 KiB unless a provider's requests are larger. */
  bodyLimit?: number;
  /**
   * Keep `application/json` bodies as the exact text received (for signatures over the bytes sent); the faults
   * route then reads its JSON from that text.
   */
  rawJsonBodies?: boolean;
}

/** What only the provider knows; the rest of its ProviderSandbox comes from the server. */
export interface ProviderSandboxParts {
  actAsPayer(redirect: RedirectInstruction, action: PayerAction): Promise<void>;
  sendForgedNotification(paymentId: string): Promise<number>;
  /** Stops the provider's own timers and notifier; the server closes after it. */
  stop(): void;
}

export interface SandboxServer {
  readonly app: FastifyInstance;
  /**
   * Route options for the provider's server-to-server routes, e.g. `app.post(path, server.apiRoute, handler)`:
   * the fault hook (latency, injected HTTP 500) runs before the handler. Payer pages do not take it.
   */
  readonly apiRoute: {
    preHandler: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;
  };
  /** Starts listening; resolves to the sandbox's base URL. */
  listen(options: { port: number; host?: string }): Promise<string>;
  /** The ProviderSandbox for this server, once it listens. */
  providerSandbox(parts: ProviderSandboxParts): ProviderSandbox;
}

export async function createSandboxServer(settings: SandboxServerSettings): Promise<SandboxServer> {
  const { faults } = settings;
  const app = Fastify({ logger: false, bodyLimit: settings.bodyLimit ?? 64 * 1024 });
  await app.register(formbody);
  if (settings.rawJsonBodies) {
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
  }

  app.get('/sandbox/ledger', async () => settings.ledger());
  app.post('/sandbox/faults', async (request, reply) => {
    const outcome = faults.trySet(settings.rawJsonBodies ? parseJsonText(request.body) : request.body);
    if (!outcome.ok) return reply.code(400).send({ error: 'invalid faults', issues: outcome.issues });
    return reply.code(204).send();
  });

  let url: string | undefined;
  return {
    app,
    apiRoute: { preHandler: faults.hook },
    listen: async (options) => {
      url = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
      return url;
    },
    providerSandbox: (parts) => {
      if (url === undefined) throw new Error('the sandbox is not listening yet');
      return {
        url,
        ledger: settings.ledger,
        setFaults: faults.set,
        actAsPayer: (redirect, action) => parts.actAsPayer(redirect, action),
        sendForgedNotification: (paymentId) => parts.sendForgedNotification(paymentId),
        close: async () => {
          parts.stop();
          await app.close();
        },
      };
    },
  };
}

export function replyHtml(reply: FastifyReply, page: string): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(page);
}

/** A raw JSON body as a value; unreadable JSON becomes undefined (which the schema refuses). */
function parseJsonText(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
