/**
 * The mobilPay adapter and webhook handler against the mobilPay sandbox, over real HTTP on 127.0.0.1. A tiny
 * receiver stands in for our gateway: it hands each IPN's raw body and query to the webhook handler and answers
 * with the handler's reply (or, when asked, with the temporary-failure reply, as if Temporal were down).
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProviderEvent } from '../../../domain/provider-events';
import type { CreatePaymentRequest, ProviderSandbox, WebhookOutcome } from '../../../providers/contract';
import { mobilpayProvider } from '../../../providers/mobilpay';
import type { MobilpayConfig } from '../../../providers/mobilpay';
import { MobilpayAdapter } from '../../../providers/mobilpay/adapter';
import { startMobilpaySandbox } from '../../../providers/mobilpay/sandbox';
import type { MobilpaySandboxOptions } from '../../../providers/mobilpay/sandbox';
import { MobilpayWebhookHandler } from '../../../providers/mobilpay/webhook';
import { findFreePort } from '../../../scripts/dev-server';

export class IpnReceiver {
  readonly outcomes: WebhookOutcome[] = [];
  /** Answer the next N IPNs of a payment with the temporary-failure reply. */
  readonly failNext = new Map<string, number>();
  private server: Server | undefined;

  constructor(private readonly handler: MobilpayWebhookHandler) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
        const outcome = await this.handler.handle({
          rawBody: Buffer.concat(chunks),
          headers: req.headers,
          query,
        });
        this.outcomes.push(outcome);
        const paymentId = outcome.kind === 'rejected' ? undefined : outcome.paymentId;
        const failures = paymentId === undefined ? 0 : (this.failNext.get(paymentId) ?? 0);
        if (paymentId !== undefined && failures > 0) this.failNext.set(paymentId, failures - 1);
        const reply = failures > 0 ? this.handler.temporaryFailureReply() : outcome.reply;
        res.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/mobilpay`;
  }

  eventsFor(paymentId: string): ProviderEvent[] {
    return this.outcomes.flatMap((o) => (o.kind === 'event' && o.paymentId === paymentId ? [o.event] : []));
  }

  async waitForEvents(paymentId: string, count = 1, timeoutMs = 5_000): Promise<ProviderEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.eventsFor(paymentId).length < count) {
      if (Date.now() > deadline)
        throw new Error(`fewer than ${count} IPNs for ${paymentId} within ${timeoutMs} ms`);
      await sleep(10);
    }
    return this.eventsFor(paymentId);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

export interface Harness {
  config: MobilpayConfig;
  adapter: MobilpayAdapter;
  sandbox: ProviderSandbox;
  receiver: IpnReceiver;
  notificationUrl: string;
  close(): Promise<void>;
}

export async function startHarness(
  options: { sandbox?: Partial<MobilpaySandboxOptions>; config?: Partial<MobilpayConfig> } = {},
): Promise<Harness> {
  const port = await findFreePort();
  const config = mobilpayProvider.configSchema.parse({
    ...mobilpayProvider.sandboxConfig(`http://127.0.0.1:${port}`),
    ...options.config,
  });
  const receiver = new IpnReceiver(new MobilpayWebhookHandler(config));
  const notificationUrl = await receiver.start();
  const sandbox = await startMobilpaySandbox(config, {
    port,
    host: '127.0.0.1',
    notificationUrl,
    unpaidOrderTtlMs: 1_000,
    retryTimeScale: 0.001,
    ...options.sandbox,
  });
  return {
    config,
    adapter: new MobilpayAdapter(config),
    sandbox,
    receiver,
    notificationUrl,
    async close() {
      await sandbox.close();
      await receiver.close();
    },
  };
}

let counter = 0;

export function paymentRequest(
  h: Harness,
  overrides: Partial<CreatePaymentRequest> = {},
): CreatePaymentRequest {
  counter += 1;
  const paymentId = overrides.paymentId ?? `mp-${process.pid}-${Date.now()}-${counter}`;
  return {
    paymentId,
    amount: 2_500,
    currency: 'RON',
    captureMode: 'one_stage',
    idempotencyKey: `payment-${paymentId}/create-1`,
    description: 'adapter test',
    customer: { email: 'payer@example.com', firstName: 'Test', lastName: 'Payer' },
    returnUrls: { success: 'https://merchant.example/return', failure: 'https://merchant.example/fail' },
    notificationUrl: h.notificationUrl,
    ...overrides,
  };
}

/** The status an event carries, whatever its type. */
export function statusOf(event: ProviderEvent | undefined) {
  if (event?.type === 'payment_state' || event?.type === 'recurring_charge') return event.status;
  throw new Error(`expected a payment_state or recurring_charge event, got ${event?.type ?? 'none'}`);
}
