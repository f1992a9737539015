/**
 * The network between the worker and one provider sandbox: a small HTTP proxy on the port the worker
 * is configured with (SANDBOX_BASE_PORT + index), forwarding to the sandbox on a hidden port. During a
 * storm it breaks provider calls the three ways real networks do, and counts each one exactly:
 *   5xx      answered 500 without forwarding: the call did not take effect (a transient failure);
 *   timeout  forwarded, the provider acts, and the answer is never delivered: the worker's deadline
 *            expires on a call that DID take effect (the unknown outcome that causes double charges);
 *   latency  forwarded after a delay shorter than the worker's deadline.
 * The sandbox's own setFaults is kept for notifications (see notification-faults.ts); injecting API
 * faults here is what makes them countable and lets a timeout strike after the provider acted.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Random } from './random';

export interface Storm {
  failRate: number;
  timeoutRate: number;
  latencyRate: number;
  latencyMs: readonly [number, number];
}

export interface LinkCounts {
  calls: number;
  failed5xx: number;
  timedOut: number;
  delayed: number;
}

const HOST = '127.0.0.1';
/** A held answer is dropped after this, whatever the client does. */
const HOLD_LIMIT_MS = 30_000;

export class ProviderLink {
  readonly counts: LinkCounts = { calls: 0, failed5xx: 0, timedOut: 0, delayed: 0 };
  private storm: Storm | undefined;
  private server: Server | undefined;
  private readonly held = new Set<ServerResponse>();

  constructor(
    readonly provider: string,
    private readonly port: number,
    private readonly targetPort: number,
    private readonly random: Random,
  ) {}

  setStorm(storm: Storm | undefined): void {
    this.storm = storm;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.relay(req, res));
    // Keep-alive sockets of the worker would otherwise hold close() open.
    server.keepAliveTimeout = 1_000;
    await new Promise<void>((done, fail) => server.once('error', fail).listen(this.port, HOST, done));
    this.server = server;
  }

  async close(): Promise<void> {
    this.held.forEach((res) => res.destroy());
    this.server?.closeAllConnections();
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
  }

  private async relay(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.counts.calls += 1;
    const body = await readBody(req);
    const fault = this.decide();
    if (fault === '5xx') {
      this.counts.failed5xx += 1;
      res.writeHead(500, { 'content-type': 'text/plain' }).end('injected failure');
      return;
    }
    if (fault === 'latency') {
      this.counts.delayed += 1;
      const [min, max] = this.storm?.latencyMs ?? [0, 0];
      await new Promise((done) => setTimeout(done, this.random.int(min, max)));
    }
    let answer: { status: number; headers: IncomingMessage['headers']; body: Buffer };
    try {
      answer = await forward(req, body, this.targetPort);
    } catch {
      res.writeHead(502, { 'content-type': 'text/plain' }).end('sandbox unreachable');
      return;
    }
    if (fault === 'timeout') {
      this.counts.timedOut += 1;
      this.hold(res);
      return;
    }
    res.writeHead(answer.status, answer.headers).end(answer.body);
  }

  private decide(): '5xx' | 'timeout' | 'latency' | undefined {
    const storm = this.storm;
    if (!storm) return undefined;
    const roll = this.random.next();
    if (roll < storm.failRate) return '5xx';
    if (roll < storm.failRate + storm.timeoutRate) return 'timeout';
    if (roll < storm.failRate + storm.timeoutRate + storm.latencyRate) return 'latency';
    return undefined;
  }

  /** Never answer: the client gives up at its deadline and closes; we drop the socket eventually. */
  private hold(res: ServerResponse): void {
    this.held.add(res);
    const drop = setTimeout(() => res.destroy(), HOLD_LIMIT_MS);
    res.once('close', () => {
      clearTimeout(drop);
      this.held.delete(res);
    });
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => done(Buffer.concat(chunks)));
    req.once('error', fail);
  });
}

function forward(
  req: IncomingMessage,
  body: Buffer,
  port: number,
): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
  return new Promise((done, fail) => {
    const headers = { ...req.headers, host: `${HOST}:${port}`, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    const upstream = request({ host: HOST, port, method: req.method, path: req.url, headers }, (answer) => {
      readBody(answer).then((data) => {
        const out = { ...answer.headers, 'content-length': String(data.length) };
        delete out['transfer-encoding'];
        delete out.connection;
        done({ status: answer.statusCode ?? 502, headers: out, body: data });
      }, fail);
    });
    upstream.once('error', fail);
    upstream.end(body);
  });
}
