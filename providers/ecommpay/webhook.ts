/**
 * ECommPay callbacks → ProviderEvents, answered the way ECommPay expects (VERIFIED §1.5): delivery counts as done
 * on HTTP 200 only; anything else is retried (6 × 10 s, then growing intervals, up to 120 attempts in 11 days).
 * So:
 * - verified → 200 `OK` (duplicates are normal: the eventId is stable, the workflow handles each once);
 * - bad signature, malformed, another project → 400: nothing is signaled (a real callback that fails here is
 *   retried by ECommPay, which gives an operator time to fix a wrong secret key);
 * - unknown payment → 404, as the WooCommerce plugin answers, so ECommPay keeps retrying;
 * - we could not record it → 503, retried.
 *
 * Sale callbacks become `payment_state` (the workflow confirms them with getStatus), the `awaiting redirect
 * result` callback of a Gate sale becomes `redirect_ready`, and refund callbacks become `refund_result` when
 * their `merchant_refund_id` gives back our refundId, or a `status_hint` when they carry none (the seed's
 * samples do not): the workflow then reads the refund from the status API.
 */
import { createHash } from 'node:crypto';
import type { RedirectInstruction } from '../../domain/payment-types';
import type { ProviderEvent } from '../../domain/provider-events';
import type { WebhookHandler, WebhookOutcome, WebhookReply, WebhookRequest } from '../contract';
import { readCallback } from './callback';
import type { Callback, RedirectData } from './callback';
import type { EcommpayConfig } from './config';
import { decodeMerchantRefundId } from './merchant-refund-id';
import { operationOutcome, toProviderStatus } from './statuses';
import type { OperationFacts } from './statuses';

/** A real callback is a few KB; anything near this is not ECommPay. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

const TEXT = 'text/plain; charset=utf-8';
const OK: WebhookReply = { status: 200, contentType: TEXT, body: 'OK' };

/** Operation types whose callbacks say something about a payment we track. */
const SALE_TYPES: ReadonlySet<string> = new Set(['sale', 'auth', 'capture', 'cancel']);
const REFUND_TYPES: ReadonlySet<string> = new Set(['refund', 'reversal']);

type CallbackSettings = Pick<EcommpayConfig, 'projectId' | 'secretKey'>;

export class EcommpayWebhookHandler implements WebhookHandler {
  constructor(private readonly settings: CallbackSettings) {}

  async handle(req: WebhookRequest): Promise<WebhookOutcome> {
    if (!isJson(req.headers['content-type'])) return rejected(415, 'callback is not application/json');
    if (req.rawBody.length > MAX_CALLBACK_BYTES) return rejected(413, 'callback body too large');
    const reading = readCallback(req.rawBody.toString('utf8'), this.settings.secretKey);
    if (!reading.ok) return rejected(reading.status, reading.reason);
    const callback = reading.callback;
    if (callback.projectId !== undefined && callback.projectId !== this.settings.projectId) {
      return rejected(400, 'callback is for another project');
    }
    const paymentId = callback.payment.id;
    const outcome = toEvent(callback);
    if ('ignored' in outcome) return { kind: 'ignored', paymentId, reason: outcome.ignored, reply: OK };
    return { kind: 'event', paymentId, event: outcome.event, reply: OK };
  }

  /** 404 makes ECommPay retry (VERIFIED plugin behaviour), in case the payment is not ours yet. */
  unknownPaymentReply(_paymentId: string): WebhookReply {
    return { status: 404, contentType: TEXT, body: 'payment not found' };
  }

  temporaryFailureReply(): WebhookReply {
    return { status: 503, contentType: TEXT, body: 'temporarily unavailable, retry later' };
  }
}

function toEvent(callback: Callback): { event: ProviderEvent } | { ignored: string } {
  const eventId = eventIdOf(callback);
  const operation = callback.operation;
  if (callback.redirectData) {
    return {
      event: {
        type: 'redirect_ready',
        eventId,
        redirect: toRedirect(callback.redirectData),
        ...(operation?.request_id ? { providerReference: operation.request_id } : {}),
      },
    };
  }
  if (operation && REFUND_TYPES.has(operation.type)) return refundEvent(callback, eventId);
  if (operation && !SALE_TYPES.has(operation.type)) {
    return { ignored: `operation type ${operation.type} is not tracked` };
  }
  const currency = callback.payment.sum?.currency ?? operation?.sum_initial?.currency;
  if (!currency) return { ignored: 'callback names no currency' };
  const status = toProviderStatus({
    status: callback.payment.status,
    currency,
    // Without its amount an operation says nothing about money; the status API will.
    operations: operation?.sum_initial ? [operationFacts(operation, operation.sum_initial.amount)] : [],
    complete: false,
  });
  // A status we cannot interpret is still a reason to look: the workflow asks the status API.
  if (!status) return { event: { type: 'status_hint', eventId } };
  return { event: { type: 'payment_state', eventId, status } };
}

function refundEvent(callback: Callback, eventId: string): { event: ProviderEvent } | { ignored: string } {
  const operation = callback.operation;
  if (!operation) return { ignored: 'refund callback without operation' };
  const outcome = operationOutcome(operation.status);
  if (outcome === 'in_progress') return { ignored: `refund is ${operation.status}` };
  const ours = callback.payment.merchant_refund_id
    ? decodeMerchantRefundId(callback.payment.merchant_refund_id)
    : undefined;
  if (!ours || ours.paymentId !== callback.payment.id) return { event: { type: 'status_hint', eventId } };
  const reason = outcome === 'failed' ? describeFailure(operation.code, operation.message) : undefined;
  return {
    event: {
      type: 'refund_result',
      eventId,
      refundId: ours.refundId,
      succeeded: outcome === 'succeeded',
      ...(operation.sum_initial ? { amount: operation.sum_initial.amount } : {}),
      ...(operation.request_id ? { providerReference: operation.request_id } : {}),
      ...(reason ? { reason } : {}),
    },
  };
}

/**
 * Stable for every resend of one callback and different between callbacks: payment id + operation id + the
 * operation's and the payment's status. A callback without an operation is identified by its content.
 */
function eventIdOf(callback: Callback): string {
  const { payment, operation } = callback;
  if (operation) return `ecommpay:${payment.id}:${operation.id}:${operation.status}:${payment.status}`;
  const digest = createHash('sha256')
    .update(JSON.stringify([payment.status, callback.redirectData?.url ?? '']))
    .digest('hex')
    .slice(0, 24);
  return `ecommpay:${payment.id}:${digest}`;
}

/** A GET redirect carries its fields in the URL; the instruction's `fields` are then empty. */
function toRedirect(data: RedirectData): RedirectInstruction {
  if (data.method === 'POST') return { method: 'POST', url: data.url, fields: data.body };
  const url = new URL(data.url);
  for (const [name, value] of Object.entries(data.body)) url.searchParams.append(name, value);
  return { method: 'GET', url: url.toString(), fields: {} };
}

function operationFacts(operation: NonNullable<Callback['operation']>, amount: number): OperationFacts {
  return {
    type: operation.type,
    status: operation.status,
    amount,
    code: operation.code,
    message: operation.message,
    requestId: operation.request_id,
  };
}

function describeFailure(code: string | undefined, message: string | undefined): string {
  return [message, code ? `(code ${code})` : undefined].filter(Boolean).join(' ') || 'declined';
}

function isJson(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

function rejected(status: number, reason: string): WebhookOutcome {
  return { kind: 'rejected', reason, reply: { status, contentType: TEXT, body: reason } };
}
