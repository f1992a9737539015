/**
 * The sandbox's books: card-partner payments, their operations, and a ledger of every money movement. No HTTP
 * here; sandbox-gate.ts and sandbox.ts turn wire requests into these calls.
 *
 * Behaviour follows the facts (§1.5, §1.8, §1.9): payment_id unique per project, a sale waits for the payer in
 * `awaiting redirect result`, ends in `success` or `decline`, full refunds only. Where the sources are silent the
 * choices are INFERRED and marked: an unpaid payment becomes `expired` after its lifetime, a repeated
 * merchant_refund_id is refused as a duplicate.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { LedgerEntry } from '../contract';
import { SandboxLedger } from '../shared/sandbox/ledger';

export type ErrorKind =
  | 'invalidRequest'
  | 'wrongSignature'
  | 'duplicateRequest'
  | 'paymentNotFound'
  | 'wrongPaymentState'
  | 'partialRefund';

/** A refused request, answered with an error body (see sandbox-gate.ts). */
export class SandboxRefusal extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface SandboxOperation {
  id: number;
  type: 'sale' | 'refund';
  status: string;
  requestId: string;
  amount: number;
  code?: string;
  message?: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface SandboxPayment {
  paymentId: string;
  projectId: number;
  amount: number;
  currency: string;
  description?: string;
  /** ECommPay payment status (VERIFIED names). */
  status: string;
  operations: SandboxOperation[];
  createdAt: Date;
  expiresAt: Date;
  returnUrls: { success?: string; decline?: string };
  callbackUrl?: string;
  /** The partner's invoice number: what the payer's redirect carries to the partner page. */
  invoice: string;
  /** merchant_refund_id → the refund operation it created. */
  refunds: Map<string, SandboxOperation>;
}

export interface NewSale {
  paymentId: string;
  projectId: number;
  amount: number;
  currency: string;
  description?: string;
  returnUrls: { success?: string; decline?: string };
  callbackUrl?: string;
}

export interface NewRefund {
  amount?: number;
  currency?: string;
  merchantRefundId?: string;
}

export type PayerChoice = 'approve' | 'decline';

const AWAITING_PAYER = 'awaiting redirect result';
/** The decline the sandbox gives (the seed's sample: code 20000, "General decline"). */
const DECLINE = { code: '20000', message: 'General decline' } as const;

export interface BookSettings {
  paymentLifetimeMs: number;
  now?: () => Date;
}

export class SandboxBook {
  private readonly payments = new Map<string, SandboxPayment>();
  private readonly byInvoice = new Map<string, SandboxPayment>();
  private readonly movements = new SandboxLedger(() => this.now());
  private readonly now: () => Date;
  private nextOperationId = randomInt(100_000, 900_000);

  constructor(private readonly settings: BookSettings) {
    this.now = settings.now ?? (() => new Date());
  }

  ledger(): readonly LedgerEntry[] {
    return this.movements.list();
  }

  payment(paymentId: string): SandboxPayment | undefined {
    return this.payments.get(paymentId);
  }

  paymentByInvoice(invoice: string): SandboxPayment | undefined {
    return this.byInvoice.get(invoice);
  }

  /** Registers a sale that waits for the payer. A payment_id is used once per project (VERIFIED, §1.3). */
  registerSale(sale: NewSale): SandboxPayment {
    if (this.payments.has(sale.paymentId)) {
      throw new SandboxRefusal('duplicateRequest', 'payment_id has already been used in this project');
    }
    const createdAt = this.now();
    const payment: SandboxPayment = {
      ...sale,
      status: AWAITING_PAYER,
      operations: [],
      createdAt,
      expiresAt: new Date(createdAt.getTime() + this.settings.paymentLifetimeMs),
      invoice: `INV${randomBytes(9).toString('hex')}`,
      refunds: new Map(),
    };
    this.addOperation(payment, 'sale', AWAITING_PAYER, sale.amount);
    this.payments.set(payment.paymentId, payment);
    this.byInvoice.set(payment.invoice, payment);
    return payment;
  }

  /** The payer pressed Pay or Decline on the partner's page. */
  pay(invoice: string, choice: PayerChoice): SandboxPayment {
    const payment = this.byInvoice.get(invoice);
    if (!payment) throw new SandboxRefusal('paymentNotFound', 'no such invoice');
    if (payment.status !== AWAITING_PAYER) {
      throw new SandboxRefusal('wrongPaymentState', `payment is ${payment.status}`);
    }
    const sale = this.saleOf(payment);
    if (choice === 'approve') {
      this.finish(payment, sale, 'success', { code: '0', message: 'Success' });
      this.record(payment, 'sale', payment.amount, payment.paymentId);
    } else {
      this.finish(payment, sale, 'decline', DECLINE);
    }
    return payment;
  }

  /**
   * A full refund of a successful sale. A repeated merchant_refund_id is refused as a duplicate and moves no
   * money (INFERRED); so is a second refund, and a partial one (full refunds only, VERIFIED §1.9).
   */
  refund(paymentId: string, request: NewRefund): { payment: SandboxPayment; operation: SandboxOperation } {
    const payment = this.payments.get(paymentId);
    if (!payment) throw new SandboxRefusal('paymentNotFound', 'payment not found');
    if (request.merchantRefundId && payment.refunds.has(request.merchantRefundId)) {
      throw new SandboxRefusal('duplicateRequest', 'merchant_refund_id has already been used');
    }
    if (payment.status !== 'success')
      throw new SandboxRefusal('wrongPaymentState', `payment is ${payment.status}`);
    if (request.currency !== undefined && request.currency !== payment.currency) {
      throw new SandboxRefusal('invalidRequest', 'refund currency differs from the payment currency');
    }
    if (request.amount !== undefined && request.amount !== payment.amount) {
      throw new SandboxRefusal('partialRefund', 'this payment method supports full refunds only');
    }
    const operation = this.addOperation(payment, 'refund', 'success', payment.amount, {
      code: '0',
      message: 'Success',
    });
    payment.status = 'refunded';
    if (request.merchantRefundId) payment.refunds.set(request.merchantRefundId, operation);
    this.record(payment, 'refund', payment.amount, request.merchantRefundId ?? operation.requestId);
    return { payment, operation };
  }

  /** Payments whose payer never finished become `expired` (INFERRED, §1.8 lists the status). */
  expireDue(): SandboxPayment[] {
    const now = this.now();
    const expired: SandboxPayment[] = [];
    for (const payment of this.payments.values()) {
      if (payment.status !== AWAITING_PAYER || now < payment.expiresAt) continue;
      this.finish(payment, this.saleOf(payment), 'expired', { message: 'Payment expired' });
      expired.push(payment);
    }
    return expired;
  }

  saleOf(payment: SandboxPayment): SandboxOperation {
    const sale = payment.operations.find((op) => op.type === 'sale');
    if (!sale) throw new Error('a sandbox payment always starts with its sale');
    return sale;
  }

  /** Balance as ECommPay reports it in `payment.sum`: what is paid and not refunded (seed 002: 0 after a refund). */
  balance(payment: SandboxPayment): number {
    return payment.status === 'refunded' ? 0 : payment.amount;
  }

  private finish(
    payment: SandboxPayment,
    sale: SandboxOperation,
    status: string,
    result: { code?: string; message?: string },
  ): void {
    payment.status = status;
    sale.status = status;
    sale.updatedAt = this.now();
    if (result.code !== undefined) sale.code = result.code;
    if (result.message !== undefined) sale.message = result.message;
  }

  private addOperation(
    payment: SandboxPayment,
    type: SandboxOperation['type'],
    status: string,
    amount: number,
    result: { code?: string; message?: string } = {},
  ): SandboxOperation {
    const at = this.now();
    const operation: SandboxOperation = {
      id: this.nextOperationId++,
      type,
      status,
      // Shaped like the seed's request ids: a long hex digest and a sequence number.
      requestId: `${randomBytes(20).toString('hex')}-${String(payment.operations.length + 1).padStart(8, '0')}`,
      amount,
      ...result,
      createdAt: at,
      updatedAt: at,
    };
    payment.operations.push(operation);
    return operation;
  }

  private record(payment: SandboxPayment, kind: LedgerEntry['kind'], amount: number, operationKey: string) {
    this.movements.record({
      paymentId: payment.paymentId,
      providerReference: this.saleOf(payment).requestId,
      kind,
      amount,
      currency: payment.currency,
      operationKey,
    });
  }
}
