/**
 * Notifications recorded by the tap, made replayable: each is verified once in the driver by its
 * provider's own WebhookHandler, which names the payment and the event, so that the same event can
 * be signalled directly (the bare-signal run) and the handler's pure cost can be timed.
 */
import type { ProviderEvent } from '../../domain/provider-events';
import type { WebhookHandler } from '../../providers/contract';
import { loadConfig } from '../../worker/config';
import { configureProviders } from '../../worker/providers';
import type { RecordedNotification } from '../stack/notification-tap';

export interface Replayable {
  handler: WebhookHandler;
  notification: RecordedNotification;
  paymentId: string;
  event: ProviderEvent;
}

/** Each recorded notification, verified once here, with the event and payment it names. */
export async function parseAll(
  env: NodeJS.ProcessEnv,
  recorded: RecordedNotification[],
): Promise<Replayable[]> {
  const handlers = new Map<string, WebhookHandler>(
    configureProviders(loadConfig(env).providers, env).map((p) => [
      p.module.name,
      p.module.createWebhookHandler(p.config),
    ]),
  );
  const replayable: Replayable[] = [];
  for (const notification of recorded) {
    const handler = handlers.get(notification.provider);
    const query = Object.fromEntries(new URL(notification.path, 'http://x').searchParams);
    const outcome = await handler?.handle({
      rawBody: notification.body,
      headers: notification.headers,
      query,
      sourceIp: '127.0.0.1',
    });
    if (handler && outcome?.kind === 'event') {
      replayable.push({ handler, notification, paymentId: outcome.paymentId, event: outcome.event });
    }
  }
  return replayable;
}

/** Verification as pure computation: what the HTTP server and the load generator add shows beside it. */
export async function handlerRate(items: readonly Replayable[], calls: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    const { handler, notification } = items[i % items.length] as Replayable;
    const query = Object.fromEntries(new URL(notification.path, 'http://x').searchParams);
    await handler.handle({
      rawBody: notification.body,
      headers: notification.headers,
      query,
      sourceIp: '127.0.0.1',
    });
  }
  return calls / ((performance.now() - started) / 1000);
}
