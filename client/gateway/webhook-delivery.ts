/**
 * What happens to one provider notification, from verification to the provider's answer:
 *   rejected (bad signature, malformed)  → the handler's 4xx; nothing is signaled
 *   ignored (verified, nothing to track) → the handler's acknowledgement
 *   event                                → signal the payment's workflow, and acknowledge only once
 *                                          Temporal has accepted the signal; if it did not, answer the
 *                                          handler's 5xx so the provider retries later
 * A handler that throws is a bug or a payload it did not anticipate: the notification is refused
 * with a 400 and the process carries on. Every result, and each signal's outcome and duration, is
 * counted (metrics/webhook-metrics.ts).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { WebhookHandler, WebhookOutcome, WebhookReply, WebhookRequest } from '../../providers/contract';
import type { WebhookMetrics } from './metrics/webhook-metrics';
import type { PaymentsApi } from './payments-api';
import { ProblemError } from './problem';

export interface NotificationContext {
  provider: string;
  handler: WebhookHandler;
  payments: Pick<PaymentsApi, 'deliverNotification'>;
  log: FastifyBaseLogger;
  metrics: WebhookMetrics;
}

export async function receiveNotification(
  ctx: NotificationContext,
  request: WebhookRequest,
): Promise<WebhookReply> {
  const outcome = await verify(ctx, request);
  ctx.metrics.verified(ctx.provider, outcome.kind);
  switch (outcome.kind) {
    case 'rejected':
      ctx.log.warn({ provider: ctx.provider, reason: outcome.reason }, 'webhook rejected; nothing signaled');
      return outcome.reply;
    case 'ignored':
      ctx.log.info(
        { provider: ctx.provider, paymentId: outcome.paymentId, reason: outcome.reason },
        'webhook verified, nothing to do',
      );
      return outcome.reply;
    case 'event':
      return deliver(ctx, outcome);
  }
}

async function verify(ctx: NotificationContext, request: WebhookRequest): Promise<WebhookOutcome> {
  try {
    return await ctx.handler.handle(request);
  } catch (err) {
    // Handlers parse untrusted payloads full of personal data, and parser messages may quote them:
    // log where it failed, never what the message said.
    ctx.log.error({ provider: ctx.provider, handlerError: withoutMessage(err) }, 'webhook handler threw');
    ctx.metrics.verified(ctx.provider, 'error');
    throw new ProblemError('malformed-request', 'the notification could not be processed');
  }
}

async function deliver(
  ctx: NotificationContext,
  outcome: Extract<WebhookOutcome, { kind: 'event' }>,
): Promise<WebhookReply> {
  const { paymentId, event } = outcome;
  const about = { provider: ctx.provider, paymentId, eventType: event.type, eventId: event.eventId };
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  let delivery;
  try {
    delivery = await ctx.payments.deliverNotification(paymentId, event);
  } catch (err) {
    ctx.metrics.delivered(ctx.provider, 'temporary_failure', seconds());
    ctx.log.error({ ...about, err }, 'notification not recorded; asking the provider to retry');
    return ctx.handler.temporaryFailureReply();
  }
  ctx.metrics.delivered(ctx.provider, delivery, seconds());
  switch (delivery) {
    case 'delivered':
      ctx.log.info(about, 'notification delivered to the payment');
      return outcome.reply;
    case 'payment_closed':
      ctx.log.info(about, 'notification for a closed payment; acknowledged, nothing left to do');
      return outcome.reply;
    case 'unknown_payment':
      ctx.log.warn(about, 'notification for an unknown payment');
      return ctx.handler.unknownPaymentReply(paymentId);
  }
}

/** The error's class and stack frames, without its message. */
function withoutMessage(err: unknown): { type: string; frames: string[] } {
  if (!(err instanceof Error)) return { type: typeof err, frames: [] };
  const frames = (err.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return { type: err.name, frames: frames.map((line) => line.trim()) };
}
