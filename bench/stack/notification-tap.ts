/**
 * Sits between the provider sandboxes and the gateway: every notification is forwarded unchanged (raw
 * bytes and headers, since signatures cover them) and the gateway's answer is passed back. While
 * `record` is on, it keeps copies, so the gateway phase can replay real, validly signed notifications of
 * every provider without knowing any provider's format. The hop costs one loopback request per
 * notification in the driver process, in every payment run (the floor has no notifications).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Pool } from 'undici';

export interface RecordedNotification {
  provider: string;
  /** Path and query as the sandbox sent them, e.g. /webhooks/assist. */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Headers that describe one hop, not the message; undici sets its own. */
const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

export class NotificationTap {
  private server: Server | undefined;
  private readonly gateways: Pool[];
  private turn = 0;
  private recording: RecordedNotification[] | undefined;
  private recordLimit = 0;
  forwarded = 0;
  failed = 0;

  /** Several gateways take turns, as behind a load balancer. */
  constructor(gatewayUrls: readonly string[]) {
    this.gateways = gatewayUrls.map((url) => new Pool(url, { connections: 32, keepAliveTimeout: 10_000 }));
  }

  async listen(port: number): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const path = req.url ?? '/';
        this.keep(path, req.headers, body);
        this.forward(req.method ?? 'POST', path, req.headers, body).then(
          (answer) => {
            res.writeHead(answer.status, { 'content-type': answer.contentType });
            res.end(answer.body);
          },
          () => {
            this.failed += 1;
            res.writeHead(502, { 'content-type': 'text/plain' });
            res.end('the gateway did not answer');
          },
        );
      });
    });
    await new Promise<void>((done) => this.server?.listen(port, '127.0.0.1', done));
    return `http://127.0.0.1:${port}`;
  }

  /** Keep copies of the next notifications, up to `limit`. */
  startRecording(limit: number): void {
    this.recording = [];
    this.recordLimit = limit;
  }

  stopRecording(): RecordedNotification[] {
    const recorded = this.recording ?? [];
    this.recording = undefined;
    return recorded;
  }

  async close(): Promise<void> {
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
    await Promise.all(this.gateways.map((g) => g.close()));
  }

  private keep(path: string, headers: IncomingHttpHeaders, body: Buffer): void {
    if (!this.recording || this.recording.length >= this.recordLimit) return;
    const provider = /^\/webhooks\/([^/?]+)/.exec(path)?.[1];
    if (!provider) return;
    this.recording.push({ provider, path, headers: forwardable(headers), body });
  }

  private async forward(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    body: Buffer,
  ): Promise<{ status: number; contentType: string; body: Buffer }> {
    const gateway = this.gateways[this.turn++ % this.gateways.length] as Pool;
    const answer = await gateway.request({
      method: method as 'POST',
      path,
      headers: forwardable(headers),
      body,
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const bytes = Buffer.from(await answer.body.arrayBuffer());
    this.forwarded += 1;
    const type = answer.headers['content-type'];
    return {
      status: answer.statusCode,
      contentType: (Array.isArray(type) ? type[0] : type) ?? 'text/plain',
      body: bytes,
    };
  }
}

function forwardable(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_HEADERS.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
