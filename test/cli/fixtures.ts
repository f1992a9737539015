/** Payments and recurrences as PaymentsClient returns them, for the CLI's unit tests (no Temporal involved). */
import type { PaymentSummary } from '../../client/payment-search';
import type { RecurrenceSummary } from '../../client/recurrence-search';
import type { NotificationRecord, PaymentView } from '../../workflows/payment-definitions';
import type { RecurrenceView } from '../../workflows/recurring-definitions';

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

/** A BIG FISH recurrence two charges in (the second after one declined attempt), as getRecurrence returns it. */
export function recurrenceView(overrides: Partial<RecurrenceView> = {}): RecurrenceView {
  return {
    recurrenceId: 'sub-42',
    provider: 'bigfish',
    scheduling: 'orchestrator',
    amount: 1_000,
    currency: 'EUR',
    exponent: 2,
    intervalMs: 86_400_000,
    paymentsNo: 12,
    dunningScheduleMs: [86_400_000],
    status: 'active',
    anchor: { number: 3, at: '2024-05-03T10:00:00.000Z' },
    recordedThrough: 2,
    recordedAbove: [],
    charges: [
      {
        number: 1,
        attempt: 0,
        orderId: 'sub-42-1',
        status: 'paid',
        amount: 1_000,
        at: '2024-05-01T10:00:00.000Z',
      },
      {
        number: 2,
        attempt: 0,
        orderId: 'sub-42-2',
        status: 'declined',
        amount: 1_000,
        at: '2024-05-02T10:00:00.000Z',
        reason: 'insufficient\nfunds',
      },
      {
        number: 2,
        attempt: 1,
        orderId: 'sub-42-2-r1',
        status: 'paid',
        amount: 1_000,
        at: '2024-05-02T11:00:00.000Z',
      },
    ],
    totals: { paid: 2, declined: 1, paidAmount: 2_000 },
    timeline: [
      { at: '2024-05-01T09:59:00.000Z', status: 'pending', note: 'recurrence created' },
      { at: '2024-05-01T10:00:00.000Z', status: 'active', note: 'the first payment paid 10.00 EUR' },
    ],
    version: 7,
    firstPaymentId: 'sub-42-1',
    intervalDays: 1,
    nextCharge: {
      number: 3,
      expectedAt: '2024-05-03T10:00:00.000Z',
      amount: 1_000,
      kind: 'scheduled',
      attempt: 0,
    },
    requestFingerprint: 'f'.repeat(64),
    run: 1,
    ...overrides,
  };
}

export function recurrenceSummary(overrides: Partial<RecurrenceSummary> = {}): RecurrenceSummary {
  return {
    recurrenceId: 'sub-42',
    status: 'active',
    provider: 'bigfish',
    nextChargeAt: '2024-05-03T10:00:00.000Z',
    startedAt: '2024-05-01T09:59:00.123Z',
    open: true,
    ...overrides,
  };
}

export function notificationRecord(overrides: Partial<NotificationRecord> = {}): NotificationRecord {
  return {
    event: {
      id: 'A20042011_28:v3',
      type: 'payment.authorized',
      createdAt: '2024-05-01T10:02:00.000Z',
      data: {
        orderId: 'A20042011_28',
        provider: 'assist',
        status: 'authorized',
        amount: 23_740,
        currency: 'USD',
        authorizedAmount: 23_740,
        capturedAmount: 0,
        refundedAmount: 0,
        version: 3,
      },
    },
    delivery: 'delivered',
    ...overrides,
  };
}
