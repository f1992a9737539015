/**
 * Our gateway in miniature, for tests over real HTTP: hands each callback's raw body to the ECommPay webhook
 * handler and answers as it says; can fail the next N deliveries with the temporary-failure reply.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProviderEvent } from '../../../domain/provider-events';
import type { WebhookHandler, WebhookOutcome } from '../../../providers/contract';

export class CallbackReceiver {
  readonly outcomes: WebhookOutcome[] = [];
  /** Raw bodies, in arrival order. */
  readonly bodies: string[] = [];
  failNext = 0;
  private server: Server | undefined;

  constructor(private readonly handler: WebhookHandler) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const rawBody = Buffer.concat(chunks);
        this.bodies.push(rawBody.toString('utf8'));
        const outcome = await this.handler.handle({ rawBody, headers: req.headers, query: {} });
        this.outcomes.push(outcome);
        const reply = this.failNext-- > 0 ? this.handler.temporaryFailureReply() : outcome.reply;
        res.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/ecommpay`;
  }

  eventsFor(paymentId: string): ProviderEvent[] {
    return this.outcomes.flatMap((o) => (o.kind === 'event' && o.paymentId === paymentId ? [o.event] : []));
  }

  async waitFor<T extends ProviderEvent['type']>(
    paymentId: string,
    type: T,
    predicate: (event: Extract<ProviderEvent, { type: T }>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Extract<ProviderEvent, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.eventsFor(paymentId).find(
        (e): e is Extract<ProviderEvent, { type: T }> =>
          e.type === type && predicate(e as Extract<ProviderEvent, { type: T }>),
      );
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no ${type} callback for ${paymentId} within ${timeoutMs} ms`);
      await sleep(10);
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
