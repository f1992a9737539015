/**
 * Test doubles for the gateway: a PaymentsApi that records calls and answers with a sample payment,
 * and a WebhookHandler whose outcome each test chooses. No Temporal, no provider.
 */
import type { ProviderCapabilities } from '../../domain/capabilities';
import type { ProviderEvent } from '../../domain/provider-events';
import type { PaymentsApi } from '../../client/gateway/payments-api';
import type { WebhookHandler, WebhookOutcome, WebhookReply, WebhookRequest } from '../../providers/contract';
import type { PaymentView } from '../../workflows/payment-definitions';

export const SANDBOX_CAPABILITIES: ProviderCapabilities = {
  captureModes: ['one_stage', 'two_stage'],
  partialCapture: true,
  multipleCaptures: false,
  void: true,
  refunds: 'partial',
  multipleRefunds: true,
  statusApi: true,
  currencies: ['USD', 'EUR'],
  recurring: 'none',
};

export function samplePayment(orderId: string): PaymentView {
  return {
    paymentId: orderId,
    provider: 'sandboxpay',
    captureMode: 'two_stage',
    status: 'awaiting_payer',
    amount: 23740,
    currency: 'USD',
    exponent: 2,
    authorizedAmount: 0,
    capturedAmount: 0,
    refundedAmount: 0,
    captureClosed: false,
    operations: [],
    timeline: [{ at: '2024-01-01T00:00:00.000Z', status: 'awaiting_payer', note: 'redirect issued' }],
    version: 2,
    redirect: { method: 'POST', url: 'https://pay.example/form', fields: { order: orderId } },
    requestFingerprint: 'internal-fingerprint',
    notifications: [],
  };
}

export interface RecordedCall {
  method: keyof PaymentsApi;
  args: unknown[];
}

/** A PaymentsApi whose methods record their arguments; `overrides` replace individual methods. */
export function fakePayments(overrides: Partial<PaymentsApi> = {}): {
  api: PaymentsApi;
  calls: RecordedCall[];
} {
  const calls: RecordedCall[] = [];
  const defaults: PaymentsApi = {
    createPayment: async (input) => samplePayment(String((input as { orderId?: unknown }).orderId)),
    getPayment: async (orderId) => samplePayment(orderId),
    capture: async (orderId) => samplePayment(orderId),
    void: async (orderId) => samplePayment(orderId),
    refund: async (orderId) => samplePayment(orderId),
    cancel: async (orderId) => samplePayment(orderId),
    resolve: async (orderId) => samplePayment(orderId),
    deliverNotification: async () => 'delivered',
    listPayments: async () => [],
    listProviders: () => [
      { name: 'sandboxpay', displayName: 'Sandbox Pay', capabilities: SANDBOX_CAPABILITIES },
    ],
  };
  const impl = { ...defaults, ...overrides } as Record<string, (...args: unknown[]) => unknown>;
  const api = Object.fromEntries(
    Object.entries(impl).map(([method, fn]) => [
      method,
      (...args: unknown[]) => {
        calls.push({ method: method as keyof PaymentsApi, args });
        return fn(...args);
      },
    ]),
  ) as unknown as PaymentsApi;
  return { api, calls };
}

export const UNKNOWN_PAYMENT_REPLY: WebhookReply = {
  status: 200,
  contentType: 'text/plain',
  body: 'UNKNOWN',
};
export const TEMPORARY_FAILURE_REPLY: WebhookReply = {
  status: 503,
  contentType: 'text/plain',
  body: 'RETRY',
};
export const ACK_REPLY: WebhookReply = { status: 200, contentType: 'application/xml', body: '<ack/>' };
export const REJECT_REPLY: WebhookReply = { status: 403, contentType: 'text/plain', body: 'BAD SIGNATURE' };

export const SAMPLE_EVENT: ProviderEvent = { type: 'status_hint', eventId: 'evt-1' };

/** A handler that answers `decide(request)` and keeps every request it saw. */
export function fakeWebhookHandler(
  decide: (request: WebhookRequest) => WebhookOutcome,
): WebhookHandler & { received: WebhookRequest[] } {
  const received: WebhookRequest[] = [];
  return {
    received,
    async handle(request) {
      received.push(request);
      return decide(request);
    },
    unknownPaymentReply: (paymentId) => ({ ...UNKNOWN_PAYMENT_REPLY, body: `UNKNOWN ${paymentId}` }),
    temporaryFailureReply: () => TEMPORARY_FAILURE_REPLY,
  };
}
