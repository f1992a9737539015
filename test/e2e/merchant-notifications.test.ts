/**
 * Outgoing notifications to the merchant's backend: signed, retried with back-off while the receiver
 * is down, failing or slow, never holding the payment up, and redeliverable by an operator.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { assistProvider } from '../../providers/assist';
import { SIGNATURE_HEADER, verifyMerchantSignature } from '../../activities/merchant-signature';
import type { MerchantEvent } from '../../domain/merchant-events';
import { findFreePort } from '../../scripts/dev-server';
import { connectTestTemporal, type TestTemporal } from '../support/temporal';
import { startStack, type Stack } from '../support/stack';
import { waitForPayment } from '../support/wait';

const SECRET = 'merchant-test-secret-0123456789abcdef';

/** A merchant backend whose behaviour the test scripts: answer 200, 500, or slowly; or be down. */
class Receiver {
  readonly received: Array<{ event: MerchantEvent; signatureOk: boolean }> = [];
  mode: 'ok' | 'fail' | 'slow' = 'ok';
  private server: Server | undefined;
  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/payments-events`;
  }

  async up(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (this.mode === 'fail') return void res.writeHead(500).end('boom');
        const answer = () => {
          const header = req.headers[SIGNATURE_HEADER] as string | undefined;
          this.received.push({
            event: JSON.parse(body) as MerchantEvent,
            signatureOk: verifyMerchantSignature(SECRET, body, header).ok,
          });
          res.writeHead(204).end();
        };
        if (this.mode === 'slow') setTimeout(answer, 2_500);
        else answer();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  eventsFor(orderId: string): MerchantEvent[] {
    return this.received.filter((r) => r.event.data.orderId === orderId).map((r) => r.event);
  }
}

describe('merchant notifications', () => {
  let temporal: TestTemporal;
  let stack: Stack;
  let receiver: Receiver;

  before(async () => {
    temporal = await connectTestTemporal();
    receiver = new Receiver(await findFreePort());
    await receiver.up();
    stack = await startStack(temporal, {
      provider: assistProvider,
      merchantNotifications: {
        url: receiver.url,
        secret: SECRET,
        retry: { initialIntervalMs: 200, maximumIntervalMs: 500, giveUpAfterMs: 60_000 },
      },
    });
  });
  after(async () => {
    await stack?.close();
    await receiver?.down();
    await temporal?.close();
  });

  async function authorizedPayment(): Promise<string> {
    const orderId = `notify-${randomUUID().slice(0, 12)}`;
    const created = await stack.payments.createPayment({
      orderId,
      provider: 'assist',
      amount: 5_000,
      currency: 'USD',
      captureMode: 'two_stage',
      returnUrls: { success: 'https://merchant.example/ok', failure: 'https://merchant.example/fail' },
    });
    await stack.sandbox.actAsPayer(created.redirect!, 'approve');
    await waitForPayment(stack.payments, orderId, (p) => p.status === 'authorized');
    return orderId;
  }

  async function waitForEvents(orderId: string, count: number, timeoutMs = 20_000): Promise<MerchantEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const events = receiver.eventsFor(orderId);
      if (events.length >= count) return events;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`only ${receiver.eventsFor(orderId).length} of ${count} events for ${orderId} arrived`);
  }

  it('signs every change with an event id and an increasing version', async () => {
    const orderId = await authorizedPayment();
    await stack.payments.capture(orderId, { amount: 3_000 });
    const events = await waitForEvents(orderId, 2);
    assert.deepEqual(
      events.map((e) => e.type),
      ['payment.authorized', 'payment.partially_captured'],
    );
    assert.ok(
      receiver.received.every((r) => r.signatureOk),
      'every signature verifies',
    );
    assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'event ids are unique');
    assert.ok((events[1]?.data.version ?? 0) > (events[0]?.data.version ?? 0));
    assert.equal(events[1]?.data.capturedAmount, 3_000);
    const view = await stack.payments.getPayment(orderId);
    assert.ok(view.notifications.every((n) => n.delivery === 'delivered'));
  });

  it('keeps retrying while the receiver answers 500, without holding the payment up', async () => {
    receiver.mode = 'fail';
    const orderId = await authorizedPayment(); // the payment moved on although delivery fails
    const pending = await stack.payments.getPayment(orderId);
    assert.equal(pending.notifications[0]?.delivery, 'pending');
    await new Promise((r) => setTimeout(r, 1_000));
    receiver.mode = 'ok';
    const [event] = await waitForEvents(orderId, 1);
    assert.equal(event?.type, 'payment.authorized');
  });

  it('delivers once a receiver that was down comes back', async () => {
    await receiver.down();
    const orderId = await authorizedPayment();
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(receiver.eventsFor(orderId).length, 0);
    await receiver.up();
    await waitForEvents(orderId, 1);
  });

  it('retries a receiver slower than the request timeout until it answers in time', async () => {
    receiver.mode = 'slow';
    const orderId = await authorizedPayment();
    await new Promise((r) => setTimeout(r, 1_500));
    receiver.mode = 'ok';
    const events = await waitForEvents(orderId, 1);
    // A slow answer may still have been recorded after our timeout: receivers deduplicate by event id.
    assert.ok(events.every((e) => e.id === events[0]?.id));
  });

  it('lets an operator redeliver an event', async () => {
    const orderId = await authorizedPayment();
    const [event] = await waitForEvents(orderId, 1);
    const record = await stack.payments.redeliverNotification(orderId, event!.id);
    assert.equal(record.delivery, 'delivered');
    const again = await waitForEvents(orderId, 2);
    assert.equal(again[1]?.id, event!.id, 'the same event, so the receiver can deduplicate it');
  });
});
