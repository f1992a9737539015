/**
 * The sandbox's books: Assist orders, their operations, and a ledger of every money movement. No HTTP here;
 * sandbox.ts turns wire requests into these calls and the results back into wire answers.
 *
 * Behaviour follows the VERIFIED facts (states, repeated confirmation is harmless, Externalrefundid unique per
 * order, AutoDeposit releases the unconfirmed rest, unpaid orders end in Timeout). Where the sources are silent
 * the choices are INFERRED and marked.
 */
import { randomInt } from 'node:crypto';
import type { LedgerEntry } from '../contract';
import { SandboxLedger } from '../shared/sandbox/ledger';
import { fromAssistAmount, toAssistAmount } from './amounts';
import { notificationCheckvalue, OPERATION_SUCCEEDED, OPERATION_TYPES, orderCheckvalue } from './protocol';
import type {
  AssistOperation,
  AssistOrder,
  AssistResult,
  CancelRequest,
  CancelResponse,
  ChargeRequest,
  OrderForm,
  OrderState,
} from './protocol';
import { AS_SUCCESS, REFUSAL_REASONS, REQUEST_ERRORS } from './response-codes';

/** INFERRED operationstate of a failed operation, and the decline code the sandbox gives. */
const OPERATION_FAILED = 'Failure';
const SANDBOX_DECLINE_CODE = 'AS100';

interface SandboxOperation {
  type: string;
  state: string;
  amount: number;
  responsecode: string;
  at: Date;
}

export interface SandboxOrder {
  billnumber: string;
  orderNumber: string;
  merchantId: string;
  amount: number;
  currency: string;
  twoStage: boolean;
  state: OrderState;
  createdAt: Date;
  expiresAt: Date;
  returnUrlOk?: string;
  returnUrlNo?: string;
  /** Authorized and neither captured nor released. */
  held: number;
  captured: number;
  refunded: number;
  responsecode?: string;
  operations: SandboxOperation[];
  /** Cancels by Externalrefundid: a repeat gets the first answer and moves no money. */
  cancels: Map<string, { amount?: string; currency?: string; answer: CancelResponse }>;
}

export type RequestErrorCode = { firstcode: string; secondcode: string };

/** A refused request, answered with request-level codes (REQUEST_ERRORS convention). */
export class SandboxRefusal extends Error {
  constructor(
    readonly codes: RequestErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const refuse = (reason: keyof typeof REFUSAL_REASONS, message: string): SandboxRefusal =>
  new SandboxRefusal(
    { firstcode: REQUEST_ERRORS.refused.firstcode, secondcode: REFUSAL_REASONS[reason] },
    message,
  );

export interface OrderBookSettings {
  merchantId: string;
  secretWord: string;
  orderLifetimeMs: number;
  now?: () => Date;
}

export type PayerChoice = 'approve' | 'decline';

export class SandboxOrderBook {
  private readonly orders = new Map<string, SandboxOrder>();
  private readonly movements = new SandboxLedger(() => this.now());
  private readonly now: () => Date;

  constructor(private readonly settings: OrderBookSettings) {
    this.now = settings.now ?? (() => new Date());
  }

  ledger(): readonly LedgerEntry[] {
    return this.movements.list();
  }

  /**
   * A validated, checkvalue-verified order.cfm form. Posting the same OrderNumber again while its order is still
   * open shows the same order; after a decline or timeout it opens a new attempt (INFERRED from integrations
   * that see several orders per OrderNumber). A paid OrderNumber is refused.
   */
  openOrder(form: OrderForm): SandboxOrder {
    const attempts = this.byOrderNumber(form.OrderNumber);
    const open = attempts.find((o) => o.state === 'In Process');
    if (open) return open;
    if (attempts.some((o) => o.state !== 'Declined' && o.state !== 'Timeout')) {
      throw refuse('wrongOrderState', 'this order number has already been paid');
    }
    const createdAt = this.now();
    const order: SandboxOrder = {
      billnumber: this.newBillnumber(),
      orderNumber: form.OrderNumber,
      merchantId: form.Merchant_ID,
      amount: fromAssistAmount(form.OrderAmount, form.OrderCurrency, 'OrderAmount', true),
      currency: form.OrderCurrency,
      twoStage: form.Delay === '1',
      state: 'In Process',
      createdAt,
      expiresAt: new Date(createdAt.getTime() + this.settings.orderLifetimeMs),
      returnUrlOk: form.URL_RETURN_OK,
      returnUrlNo: form.URL_RETURN_NO,
      held: 0,
      captured: 0,
      refunded: 0,
      operations: [],
      cancels: new Map(),
    };
    this.orders.set(order.billnumber, order);
    return order;
  }

  /** The order a payer page shows, after applying its lifetime. */
  order(billnumber: string): SandboxOrder | undefined {
    const order = this.orders.get(billnumber.split('.')[0] ?? '');
    if (order) this.expireIfDue(order);
    return order;
  }

  /** The payer pressed Pay or Decline. Two-stage approval holds the money (Delayed), one-stage takes it. */
  pay(billnumber: string, choice: PayerChoice): SandboxOrder {
    const order = this.order(billnumber);
    if (!order) throw refuse('orderNotFound', 'no such order');
    if (order.state !== 'In Process') throw refuse('wrongOrderState', `order is ${order.state}`);
    const type = order.twoStage ? OPERATION_TYPES.authorization : OPERATION_TYPES.sale;
    if (choice === 'decline') {
      order.state = 'Declined';
      order.responsecode = SANDBOX_DECLINE_CODE;
      this.addOperation(order, type, OPERATION_FAILED, order.amount, SANDBOX_DECLINE_CODE);
      return order;
    }
    order.responsecode = AS_SUCCESS;
    this.addOperation(order, type, OPERATION_SUCCEEDED, order.amount, AS_SUCCESS);
    if (order.twoStage) {
      order.state = 'Delayed';
      order.held = order.amount;
      this.record(order, 'authorize', order.amount);
    } else {
      order.state = 'Approved';
      order.captured = order.amount;
      this.record(order, 'sale', order.amount);
    }
    return order;
  }

  /**
   * charge.cfm. A repeated confirmation answers AS000 with the current state and moves nothing (VERIFIED).
   * A partial confirmation leaves the rest held (PartialDelayed) unless AutoDeposit=1 releases it; the order is
   * then Approved for the confirmed part (INFERRED).
   */
  charge(req: ChargeRequest): AssistResult {
    const order = this.orderFor(req.Billnumber);
    const alreadyConfirmed = order.captured > 0 && order.twoStage;
    if (!alreadyConfirmed) {
      if (order.state !== 'Delayed') throw refuse('wrongOrderState', `order is ${order.state}`);
      const amount = this.requestedAmount(order, req.Amount, req.Currency) ?? order.held;
      if (amount === 0 || amount > order.held)
        throw refuse('amountTooLarge', 'amount exceeds the authorization');
      order.held -= amount;
      order.captured += amount;
      this.addOperation(order, OPERATION_TYPES.charge, OPERATION_SUCCEEDED, amount, AS_SUCCESS);
      this.record(order, 'capture', amount);
      if (order.held > 0 && req.AutoDeposit === '1') {
        this.record(order, 'release', order.held);
        order.held = 0;
      }
      order.state = order.held > 0 ? 'PartialDelayed' : 'Approved';
    }
    return this.result([{ ...this.toWire(order), responsecode: AS_SUCCESS }]);
  }

  /**
   * wscancel.cfm. Captured money is returned first, whatever exceeds it releases the hold ("Assist itself
   * decides whether the operation is an on-line cancel, a refund or a partial cancellation", VERIFIED).
   * Canceled when nothing is left, PartialCanceled otherwise (INFERRED: the stored doc was cut off).
   */
  cancel(req: CancelRequest): CancelResponse {
    const order = this.orderFor(req.Billnumber);
    const refundId = req.Externalrefundid;
    const earlier = refundId ? order.cancels.get(refundId) : undefined;
    if (earlier) {
      if (earlier.amount !== req.Amount || earlier.currency !== req.Currency) {
        throw refuse('refundIdReused', 'Externalrefundid was used for a different cancel of this order');
      }
      return earlier.answer;
    }
    const cancellable: readonly OrderState[] = [
      'Delayed',
      'PartialDelayed',
      'Approved',
      'PartialApproved',
      'PartialCanceled',
    ];
    if (!cancellable.includes(order.state)) throw refuse('wrongOrderState', `order is ${order.state}`);
    const refundable = order.captured - order.refunded;
    const amount = this.requestedAmount(order, req.Amount, req.Currency) ?? refundable + order.held;
    if (amount === 0 || amount > refundable + order.held) {
      throw refuse('amountTooLarge', 'amount exceeds what can be cancelled');
    }
    const refundPart = Math.min(amount, refundable);
    const releasePart = amount - refundPart;
    order.refunded += refundPart;
    order.held -= releasePart;
    if (refundPart > 0) this.record(order, 'refund', refundPart, refundId);
    if (releasePart > 0) this.record(order, 'release', releasePart, refundId);
    order.state = order.held === 0 && order.refunded === order.captured ? 'Canceled' : 'PartialCanceled';
    const operation = this.addOperation(
      order,
      OPERATION_TYPES.cancel,
      OPERATION_SUCCEEDED,
      amount,
      AS_SUCCESS,
    );
    const answer: CancelResponse = {
      firstcode: '0',
      secondcode: '0',
      ordernumber: order.orderNumber,
      billnumber: operation.billnumber,
      responsecode: AS_SUCCESS,
      orderstate: order.state,
      amount: toAssistAmount(amount, order.currency),
      currency: order.currency,
      ...(refundId ? { externalrefundid: refundId } : {}),
      packetdate: packetDate(this.now()),
    };
    if (refundId) order.cancels.set(refundId, { amount: req.Amount, currency: req.Currency, answer });
    return answer;
  }

  /** orderstate.cfm: every attempt with this OrderNumber, with operations and checkvalue. */
  orderState(orderNumber: string): AssistResult {
    return this.result(this.byOrderNumber(orderNumber).map((o) => this.toWire(o)));
  }

  /** The signed result notification for a paid or declined order (VERIFIED field names, §2.5). */
  notificationFields(order: SandboxOrder): Record<string, string> {
    const amount = toAssistAmount(order.amount, order.currency);
    const last = order.operations.at(-1);
    const fields = {
      merchant_id: order.merchantId,
      ordernumber: order.orderNumber,
      billnumber: order.billnumber,
      testmode: '1',
      orderamount: amount,
      ordercurrency: order.currency,
      amount,
      currency: order.currency,
      rate: '1',
      orderdate: packetDate(order.createdAt),
      orderstate: order.state,
      responsecode: order.responsecode ?? '',
      message: order.state === 'Declined' ? 'Declined (sandbox)' : 'Approved (sandbox)',
      customermessage: '',
      recommendation: '',
      approvalcode: order.state === 'Declined' ? '' : '000000',
      meantype_id: '1',
      meantypename: 'VISA',
      meansubtype: '',
      meannumber: '411111****1111',
      cardholder: 'SANDBOX CARDHOLDER',
      cardexpirationdate: '12/30',
      issuebank: 'Sandbox Bank',
      bankcountry: 'Sandbox',
      protocoltypename: 'NET',
      processingname: 'Sandbox',
      operationtype: last?.type ?? '',
      operationdate: packetDate(last?.at ?? order.createdAt),
      authresult: 'Y',
      authrequired: '1',
      signature: '',
      packetdate: packetDate(this.now()),
    };
    return { ...fields, checkvalue: notificationCheckvalue(fields, this.settings.secretWord) };
  }

  /**
   * A notification claiming that `orderNumber` was paid, signed with `wrongSecret`: what a forger without the
   * secret word could send. Uses the real order's billnumber and amount when there is one.
   */
  forgedNotificationFields(orderNumber: string, wrongSecret: string): Record<string, string> {
    const order = this.byOrderNumber(orderNumber).at(-1);
    const amount = order ? toAssistAmount(order.amount, order.currency) : '1.00';
    const currency = order?.currency ?? 'USD';
    const fields = {
      merchant_id: this.settings.merchantId,
      ordernumber: orderNumber,
      billnumber: order?.billnumber ?? this.newBillnumber(),
      amount,
      currency,
      orderamount: amount,
      ordercurrency: currency,
      orderstate: 'Approved' as const,
      responsecode: AS_SUCCESS,
      testmode: '1',
      packetdate: packetDate(this.now()),
    };
    return { ...fields, checkvalue: notificationCheckvalue(fields, wrongSecret) };
  }

  private orderFor(billnumber: string): SandboxOrder {
    const order = this.order(billnumber);
    if (!order || order.merchantId !== this.settings.merchantId)
      throw refuse('orderNotFound', 'no such order');
    return order;
  }

  private byOrderNumber(orderNumber: string): SandboxOrder[] {
    const found = [...this.orders.values()].filter(
      (o) => o.orderNumber === orderNumber && o.merchantId === this.settings.merchantId,
    );
    found.forEach((o) => this.expireIfDue(o));
    return found;
  }

  /** Unpaid orders close by timeout (VERIFIED); Assist sends no notification for it (VERIFIED, older doc). */
  private expireIfDue(order: SandboxOrder): void {
    if (order.state === 'In Process' && this.now() >= order.expiresAt) order.state = 'Timeout';
  }

  private requestedAmount(order: SandboxOrder, amount?: string, currency?: string): number | undefined {
    if (amount === undefined) return undefined;
    if (currency !== order.currency) throw refuse('currencyMismatch', 'only the payment currency is allowed');
    return fromAssistAmount(amount, order.currency, 'Amount', true);
  }

  private addOperation(order: SandboxOrder, type: string, state: string, amount: number, code: string) {
    const operation = { type, state, amount, responsecode: code, at: this.now() };
    order.operations.push(operation);
    return { ...operation, billnumber: `${order.billnumber}.${order.operations.length}` };
  }

  private record(
    order: SandboxOrder,
    kind: LedgerEntry['kind'],
    amount: number,
    operationKey?: string,
  ): void {
    this.movements.record({
      paymentId: order.orderNumber,
      providerReference: order.billnumber,
      kind,
      amount,
      currency: order.currency,
      ...(operationKey ? { operationKey } : {}),
    });
  }

  private toWire(order: SandboxOrder): AssistOrder {
    const operation: AssistOperation[] = order.operations.map((op, index) => ({
      billnumber: `${order.billnumber}.${index + 1}`,
      operationtype: op.type,
      operationstate: op.state,
      amount: toAssistAmount(op.amount, order.currency),
      currency: order.currency,
      responsecode: op.responsecode,
    }));
    const wire: AssistOrder = {
      ordernumber: order.orderNumber,
      billnumber: order.billnumber,
      orderamount: toAssistAmount(order.amount, order.currency),
      ordercurrency: order.currency,
      orderstate: order.state,
      ...(order.responsecode ? { responsecode: order.responsecode } : {}),
      orderdate: packetDate(order.createdAt),
      packetdate: packetDate(this.now()),
      testmode: '1',
      ...(operation.length > 0 ? { operation } : {}),
    };
    return { ...wire, checkvalue: orderCheckvalue(order.merchantId, wire, this.settings.secretWord) };
  }

  private result(orders: AssistOrder[]): AssistResult {
    return { firstcode: '0', secondcode: '0', orders };
  }

  /** 16 digits, unique in this sandbox (VERIFIED format: 15 or 16 digits). */
  private newBillnumber(): string {
    for (;;) {
      const candidate = `5${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e6)).padStart(6, '0')}`;
      if (!this.orders.has(candidate)) return candidate;
    }
  }
}

/** GMT "YYYY-MM-DD HH:mm:ss". The exact format Assist uses is a GAP (INFERRED). */
function packetDate(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ');
}
