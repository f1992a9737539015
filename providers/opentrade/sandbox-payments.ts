/**
 * The sandbox payment system's books: one payment per OrderId, its form, its outcome, and a ledger of every
 * money movement. No HTTP here; sandbox.ts turns requests into these calls.
 *
 * Behaviour where the sources are silent (INFERRED, the protocol's README says so too):
 * - GetPaymentParameters is idempotent per OrderId: the same request again returns the same PaymentID and form,
 *   so our retries cannot create a second payment; a different amount, currency or URL for a known OrderId, or
 *   any request for an OrderId whose payment is closed, is refused with ErrorCode `OrderConflict`.
 * - An unpaid form lapses after the configured lifetime, silently (no result is posted for it).
 * - A payment is one-stage: paying records one `sale`; the protocol has no capture or refund to record.
 */
import type { LedgerEntry } from '../contract';
import { SandboxLedger } from '../shared/sandbox/ledger';
import { MoneyError } from '../../domain/money';
import { FORM_PARAMETERS, fromProtocolAmount, toNumericCurrency, toProtocolAmount } from './protocol';
import type { PaymentForm, PaymentRequest } from './protocol';

export type SandboxPaymentState = 'open' | 'paid' | 'failed' | 'expired';

export interface SandboxPayment {
  /** The payment system's PaymentID. */
  paymentId: string;
  /** Our payment id (the OrderId of GetPaymentParameters). */
  orderId: string;
  userId: string;
  amount: number;
  currency: string;
  description: string;
  successUrl: string;
  failUrl: string;
  resultUrl: string;
  state: SandboxPaymentState;
  expiresAt: Date;
}

/** ErrorCodes the sandbox answers with (OUR convention; the real list is a GAP). */
export const SANDBOX_ERROR_CODES = {
  invalidParameters: 'InvalidParameters',
  accessDenied: 'AccessDenied',
  orderConflict: 'OrderConflict',
} as const;

/** A refused request: answered as a PaymentFormAnswer with this ErrorCode. */
export class SandboxRefusal extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

export interface PaymentBookSettings {
  formLifetimeMs: number;
  now?: () => Date;
}

/** The seed's sample user id; the sandbox has one contractor account. */
const SANDBOX_USER_ID = '0000000001';

export class SandboxPaymentBook {
  private readonly payments = new Map<string, SandboxPayment>();
  private readonly movements = new SandboxLedger(() => this.now());
  private readonly now: () => Date;
  private nextPaymentId = 222; // the seed's sample PaymentID, then counting up

  constructor(private readonly settings: PaymentBookSettings) {
    this.now = settings.now ?? (() => new Date());
  }

  ledger(): readonly LedgerEntry[] {
    return this.movements.list();
  }

  /** GetPaymentParameters: a new payment, or the same one for a repeated identical request. */
  open(request: PaymentRequest): SandboxPayment {
    const amount = this.readAmount(request.Amount, request.CurrencyCode);
    const wanted = {
      orderId: request.OrderId,
      amount,
      currency: request.CurrencyCode,
      successUrl: request.SuccessUrl,
      failUrl: request.FailUrl,
      resultUrl: request.ResultUrl,
    };
    const existing = this.byOrderId(request.OrderId);
    if (existing) {
      const same = (Object.keys(wanted) as Array<keyof typeof wanted>).every(
        (k) => existing[k] === wanted[k],
      );
      if (!same)
        throw new SandboxRefusal(SANDBOX_ERROR_CODES.orderConflict, 'OrderId known with other terms');
      if (existing.state !== 'open') {
        throw new SandboxRefusal(
          SANDBOX_ERROR_CODES.orderConflict,
          `the order's payment is ${existing.state}`,
        );
      }
      return existing;
    }
    const payment: SandboxPayment = {
      ...wanted,
      paymentId: String(this.nextPaymentId++),
      userId: SANDBOX_USER_ID,
      description: request.Description ?? '',
      state: 'open',
      expiresAt: new Date(this.now().getTime() + this.settings.formLifetimeMs),
    };
    this.payments.set(payment.paymentId, payment);
    return payment;
  }

  /** A payment by PaymentID, after applying the form lifetime. */
  get(paymentId: string): SandboxPayment | undefined {
    const payment = this.payments.get(paymentId);
    if (payment) this.expireIfDue(payment);
    return payment;
  }

  byOrderId(orderId: string): SandboxPayment | undefined {
    const payment = [...this.payments.values()].find((p) => p.orderId === orderId);
    if (payment) this.expireIfDue(payment);
    return payment;
  }

  /** The payer pressed Pay or Decline. Only an open payment can be settled. */
  settle(paymentId: string, choice: 'approve' | 'decline'): SandboxPayment {
    const payment = this.get(paymentId);
    if (!payment) throw new SandboxRefusal(SANDBOX_ERROR_CODES.invalidParameters, 'no such payment');
    if (payment.state !== 'open') {
      throw new SandboxRefusal(SANDBOX_ERROR_CODES.orderConflict, `the payment is ${payment.state}`);
    }
    if (choice === 'decline') {
      payment.state = 'failed';
      return payment;
    }
    payment.state = 'paid';
    this.movements.record({
      paymentId: payment.orderId,
      providerReference: payment.paymentId,
      kind: 'sale',
      amount: payment.amount,
      currency: payment.currency,
      // The key the payment system saw: the OrderId, on which GetPaymentParameters is idempotent.
      operationKey: payment.orderId,
    });
    return payment;
  }

  private expireIfDue(payment: SandboxPayment): void {
    if (payment.state === 'open' && this.now() >= payment.expiresAt) payment.state = 'expired';
  }

  private readAmount(text: string, currency: string): number {
    try {
      const amount = fromProtocolAmount(text, currency, 'Amount');
      if (amount === 0)
        throw new SandboxRefusal(SANDBOX_ERROR_CODES.invalidParameters, 'Amount must be positive');
      return amount;
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error;
      throw new SandboxRefusal(SANDBOX_ERROR_CODES.invalidParameters, `${error.field}: ${error.reason}`);
    }
  }
}

/** The form of the PaymentFormAnswer, with the seed's parameter names in the seed's order. */
export function paymentForm(
  payment: SandboxPayment,
  requestUrl: string,
  method: 'GET' | 'POST',
): PaymentForm {
  const n = FORM_PARAMETERS;
  return {
    method,
    url: requestUrl,
    parameters: [
      { name: n.orderId, value: payment.orderId },
      { name: n.paymentId, value: payment.paymentId },
      { name: n.userId, value: payment.userId },
      { name: n.amount, value: toProtocolAmount(payment.amount, payment.currency) },
      { name: n.currency, value: toNumericCurrency(payment.currency) },
      { name: n.description, value: payment.description },
      { name: n.successUrl, value: payment.successUrl },
      { name: n.failUrl, value: payment.failUrl },
      { name: n.resultUrl, value: payment.resultUrl },
    ],
  };
}
