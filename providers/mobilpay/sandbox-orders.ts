/**
 * The sandbox's books: orders as mobilPay keeps them, the money movements (ledger), and the IPN each change
 * produces. Pure bookkeeping: no HTTP, no timers (sandbox.ts and the notifier do those).
 *
 * Behaviour (INFERRED where the sources are silent, see README):
 * - A pre-authorization account answers Pay with `paid` (money held), a one-stage account with `confirmed`.
 * - Decline answers the same action with error 35 and nothing processed ("all actions can either fail or succeed").
 * - An order left unpaid past its lifetime closes with a `canceled` IPN that processed nothing.
 * - An order id is paid at most once: after its attempt is paid, declined or expired, a re-post is refused.
 * - capture takes at most the hold and releases the rest (one capture per pre-authorization, 52 after it);
 *   cancel releases the hold; credit refunds at most what was captured and not yet refunded (54).
 * - mobilPay takes no idempotency key: a repeated capture or cancel is refused by the order's state, a repeated
 *   credit is a second credit. Ledger entries therefore carry no operationKey.
 */
import { randomInt } from 'node:crypto';
import { MoneyError } from '../../domain/money';
import type { LedgerEntry } from '../contract';
import { SandboxLedger } from '../shared/sandbox/ledger';
import { fromMobilpayAmount } from './amounts';
import type { EnvelopeCipher } from './envelope';
import type { MobilpayAction } from './protocol';
import { APPROVED, describeTransactionError } from './transaction-errors';
import { INVALID_SESSION } from './soap-codes';

export type OrderState = 'open' | 'preauthorized' | 'confirmed' | 'canceled' | 'declined' | 'expired';

export interface SandboxOrder {
  orderId: string;
  /** mobilPay's id for this attempt (VERIFIED: "NETOPIA-wide unique"). */
  purchase: string;
  signature: string;
  preauthAccount: boolean;
  amount: number;
  currency: string;
  /** The request exactly as parsed: echoed in every IPN (VERIFIED). */
  echo: unknown;
  confirmUrl: string;
  returnUrl: string;
  ipnCipher: EnvelopeCipher;
  state: OrderState;
  expiresAt: number;
  held: number;
  captured: number;
  refunded: number;
  recurrence?: { paymentsNo: number; intervalDays: number };
  /** Set on the charges mobilPay makes on its own schedule: their current_payment_count. */
  chargeNumber?: number;
}

/** One IPN to send; the notifier adds the timestamp and crc, seals and delivers it. */
export interface IpnToSend {
  order: SandboxOrder;
  action: MobilpayAction;
  purchase: string;
  originalAmount: number;
  processedAmount: number;
  currentPaymentCount?: number;
  errorCode: string;
  errorMessage: string;
}

/** A SOAP payment call's answer: code "0" or an error code, and the IPN that confirms a success. */
export interface CallAnswer {
  code: string;
  message: string;
  ipn?: IpnToSend;
}

export interface OpenOrderInput {
  orderId: string;
  signature: string;
  preauthAccount: boolean;
  amount: number;
  currency: string;
  echo: unknown;
  confirmUrl: string;
  returnUrl: string;
  ipnCipher: EnvelopeCipher;
  recurrence?: { paymentsNo: number; intervalDays: number };
}

/** Codes the sandbox answers (soap-codes.ts, transaction-errors.ts). */
export const SANDBOX_CODES = {
  invalidSession: String(INVALID_SESSION),
  purchaseNotFound: String(0x4004),
  invalidSellerAccount: String(0x4005),
  invalidRequest: '48',
  onlyPreauthCancel: '51',
  onlyPreauthCapture: '52',
  onlyConfirmedCredit: '53',
  creditTooHigh: '54',
  captureTooHigh: '55',
  declined: '35',
} as const;

export type PayerChoice = 'approve' | 'approve_3ds' | 'decline';

export class SandboxRefusal extends Error {}

const PAID_STATES: ReadonlySet<OrderState> = new Set(['preauthorized', 'confirmed', 'canceled']);

export class SandboxOrderBook {
  private readonly byPurchase = new Map<string, SandboxOrder>();
  private readonly movements = new SandboxLedger(() => new Date(this.now()));
  private nextPurchase = randomInt(1_000_000, 9_000_000);

  constructor(private readonly settings: { orderLifetimeMs: number; now?: () => number }) {}

  private now(): number {
    return (this.settings.now ?? Date.now)();
  }

  ledger(): readonly LedgerEntry[] {
    return this.movements.list();
  }

  /**
   * A verified request. Posting an order id again while its attempt is open shows that attempt; once the attempt
   * is paid, declined or expired the order id is used up (order ids are unique per seller account, VERIFIED), so
   * a stale payment form can never take money for a payment the merchant already closed.
   */
  open(input: OpenOrderInput): SandboxOrder {
    const attempts = this.attempts(input.signature, input.orderId);
    const open = attempts.find((o) => o.state === 'open' && o.expiresAt > this.now());
    if (open) return open;
    if (attempts.length > 0) throw new SandboxRefusal('this order id has already been used');
    const order: SandboxOrder = {
      ...input,
      purchase: this.newPurchase(),
      state: 'open',
      expiresAt: this.now() + this.settings.orderLifetimeMs,
      held: 0,
      captured: 0,
      refunded: 0,
    };
    this.byPurchase.set(order.purchase, order);
    return order;
  }

  order(purchase: string): SandboxOrder | undefined {
    return this.byPurchase.get(purchase);
  }

  /** The latest attempt for an order id, whichever account it ran on. */
  latest(orderId: string): SandboxOrder | undefined {
    return [...this.byPurchase.values()]
      .filter((o) => o.orderId === orderId && o.chargeNumber === undefined)
      .at(-1);
  }

  /** The payer pressed a button. `approve_3ds` pays with a 3-D Secure card: no recurrence possible (seed 004). */
  pay(purchase: string, choice: PayerChoice): IpnToSend {
    const order = this.byPurchase.get(purchase);
    if (!order || order.state !== 'open' || order.expiresAt <= this.now()) {
      throw new SandboxRefusal('this order can no longer be paid');
    }
    const action: MobilpayAction = order.preauthAccount ? 'paid' : 'confirmed';
    if (choice === 'decline') {
      order.state = 'declined';
      return this.ipn(order, action, 0, SANDBOX_CODES.declined, { currentPaymentCount: 0 });
    }
    if (order.preauthAccount) {
      order.state = 'preauthorized';
      order.held = order.amount;
      this.record(order, 'authorize', order.amount);
    } else {
      order.state = 'confirmed';
      order.captured = order.amount;
      this.record(order, 'sale', order.amount);
    }
    // current_payment_count: 1 when the recurrence is scheduled (or none was asked), 0 when it cannot be (seed 004).
    const count = order.recurrence && choice === 'approve_3ds' ? 0 : 1;
    return this.ipn(order, action, order.amount, APPROVED, { currentPaymentCount: count });
  }

  /** An unpaid order past its lifetime closes; the IPN reports a cancel that processed nothing. */
  expireIfDue(purchase: string): IpnToSend | undefined {
    const order = this.byPurchase.get(purchase);
    if (!order || order.state !== 'open' || order.expiresAt > this.now()) return undefined;
    order.state = 'expired';
    return this.ipn(order, 'canceled', 0, APPROVED, { message: 'order expired unpaid (sandbox)' });
  }

  capture(sacId: string, orderId: string, amountText: string): CallAnswer {
    const found = this.paidAttempt(sacId, orderId);
    if ('code' in found) return found;
    const order = found.order;
    if (order.state !== 'preauthorized') return refusal(SANDBOX_CODES.onlyPreauthCapture);
    const amount = this.readAmount(amountText, order.currency);
    if (amount === undefined) return refusal(SANDBOX_CODES.invalidRequest);
    if (amount > order.held) return refusal(SANDBOX_CODES.captureTooHigh);
    const released = order.held - amount;
    order.captured = amount;
    order.held = 0;
    order.state = 'confirmed';
    this.record(order, 'capture', amount);
    if (released > 0) this.record(order, 'release', released);
    return ok(this.ipn(order, 'confirmed', amount, APPROVED));
  }

  cancel(sacId: string, orderId: string): CallAnswer {
    const found = this.paidAttempt(sacId, orderId);
    if ('code' in found) return found;
    const order = found.order;
    if (order.state !== 'preauthorized') return refusal(SANDBOX_CODES.onlyPreauthCancel);
    const released = order.held;
    order.held = 0;
    order.state = 'canceled';
    this.record(order, 'release', released);
    return ok(this.ipn(order, 'canceled', released, APPROVED));
  }

  credit(sacId: string, orderId: string, amountText: string): CallAnswer {
    const found = this.paidAttempt(sacId, orderId);
    if ('code' in found) return found;
    const order = found.order;
    if (order.state !== 'confirmed') return refusal(SANDBOX_CODES.onlyConfirmedCredit);
    const amount = this.readAmount(amountText, order.currency);
    if (amount === undefined) return refusal(SANDBOX_CODES.invalidRequest);
    if (amount > order.captured - order.refunded) return refusal(SANDBOX_CODES.creditTooHigh);
    order.refunded += amount;
    this.record(order, 'refund', amount);
    return ok(this.ipn(order, 'credit', amount, APPROVED));
  }

  /** A charge the provider made on its own schedule: a new purchase on the same order id. */
  recurringCharge(first: SandboxOrder, count: number, amount: number): IpnToSend {
    const charge: SandboxOrder = {
      ...first,
      purchase: this.newPurchase(),
      amount,
      state: 'confirmed',
      held: 0,
      captured: amount,
      refunded: 0,
      recurrence: undefined,
      chargeNumber: count,
    };
    this.byPurchase.set(charge.purchase, charge);
    this.record(charge, 'sale', amount);
    return this.ipn(charge, 'confirmed', amount, APPROVED, { currentPaymentCount: count });
  }

  /** The attempt of `orderId` that was paid (else the latest), as SOAP calls name orders; recurring charges aside. */
  paidAttempt(sacId: string, orderId: string): { order: SandboxOrder } | CallAnswer {
    const attempts = this.attempts(sacId, orderId);
    const paid = attempts.find((o) => PAID_STATES.has(o.state)) ?? attempts.at(-1);
    return paid ? { order: paid } : refusal(SANDBOX_CODES.purchaseNotFound);
  }

  private attempts(signature: string, orderId: string): SandboxOrder[] {
    return [...this.byPurchase.values()].filter(
      (o) => o.orderId === orderId && o.signature === signature && o.chargeNumber === undefined,
    );
  }

  private readAmount(text: string, currency: string): number | undefined {
    try {
      const amount = fromMobilpayAmount(text, currency, 'amount');
      return amount > 0 ? amount : undefined;
    } catch (error) {
      if (error instanceof MoneyError) return undefined;
      throw error;
    }
  }

  private ipn(
    order: SandboxOrder,
    action: MobilpayAction,
    processed: number,
    errorCode: string,
    extra: { currentPaymentCount?: number; message?: string } = {},
  ): IpnToSend {
    return {
      order,
      action,
      purchase: order.purchase,
      originalAmount: order.amount,
      processedAmount: processed,
      currentPaymentCount: extra.currentPaymentCount,
      errorCode,
      errorMessage:
        extra.message ??
        (errorCode === APPROVED ? 'Transaction approved' : describeTransactionError(errorCode)),
    };
  }

  private record(order: SandboxOrder, kind: LedgerEntry['kind'], amount: number): void {
    this.movements.record({
      paymentId: order.orderId,
      providerReference: order.purchase,
      kind,
      amount,
      currency: order.currency,
    });
  }

  private newPurchase(): string {
    this.nextPurchase += randomInt(1, 50);
    return String(this.nextPurchase);
  }
}

function ok(ipn: IpnToSend): CallAnswer {
  return { code: APPROVED, message: 'OK', ipn };
}

function refusal(code: string): CallAnswer {
  return { code, message: describeTransactionError(code) };
}
