/** Payments as PaymentsClient returns them, for the CLI's unit tests (no Temporal involved). */
import type { PaymentSummary } from '../../client/payment-search';
import type { PaymentView } from '../../workflows/payment-definitions';

export function paymentView(overrides: Partial<PaymentView> = {}): PaymentView {
  return {
    paymentId: 'A20042011_28',
    provider: 'assist',
    captureMode: 'two_stage',
    status: 'partially_refunded',
    amount: 23_740,
    currency: 'USD',
    exponent: 2,
    authorizedAmount: 23_740,
    capturedAmount: 20_000,
    refundedAmount: 5_000,
    captureClosed: true,
    providerReference: '5521001',
    operations: [
      { id: 'create-1', kind: 'create', status: 'succeeded', at: '2024-05-01T10:00:00.000Z' },
      {
        id: 'capture-1',
        kind: 'capture',
        status: 'succeeded',
        amount: 20_000,
        providerReference: '5521001-c1',
        at: '2024-05-01T10:05:00.000Z',
      },
      {
        id: 'refund-rf-1',
        kind: 'refund',
        status: 'failed',
        amount: 5_000,
        error: 'AS105: refund\nrejected',
        at: '2024-05-01T10:06:00.000Z',
      },
      {
        id: 'refund-rf-2',
        kind: 'refund',
        status: 'succeeded',
        amount: 5_000,
        providerReference: '5521001-r2',
        at: '2024-05-01T10:07:00.000Z',
      },
    ],
    timeline: [
      { at: '2024-05-01T10:00:00.000Z', status: 'processing', note: 'payment created' },
      { at: '2024-05-01T10:00:01.000Z', status: 'awaiting_payer', note: 'redirect issued' },
      { at: '2024-05-01T10:02:00.000Z', status: 'authorized', note: 'authorized 237.40 USD' },
    ],
    version: 6,
    requestFingerprint: 'f'.repeat(64),
    notifications: [],
    ...overrides,
  };
}

export function paymentSummary(overrides: Partial<PaymentSummary> = {}): PaymentSummary {
  return {
    orderId: 'A20042011_28',
    status: 'authorized',
    provider: 'assist',
    amount: 23_740,
    currency: 'USD',
    startedAt: '2024-05-01T10:00:00.123Z',
    open: true,
    ...overrides,
  };
}
