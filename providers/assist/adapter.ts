/**
 * Our calls to IPS Assist, in normalized terms (ProviderAdapter).
 *
 * Error classification (domain/errors.ts):
 * - transient: network errors, timeouts, HTTP 5xx, request-level "technical failure" codes, and answers that
 *   do not validate. Retrying every one of our calls is safe, so even a timeout after the request left is
 *   transient rather than "unknown": Assist states that a repeated confirmation does not withdraw money again
 *   and that a failed confirmation should simply be repeated (VERIFIED, seed 001); voids and refunds carry
 *   Externalrefundid, unique per order, so a repeat is recognized as the same cancel (VERIFIED §2.9);
 *   orderstate only reads.
 * - final: AS1xx declines and refusals, HTTP 4xx, and request-level validation/authentication errors.
 * Messages never include credentials, the request body or payer data.
 */
import { z } from 'zod';
import { ProviderError } from '../../domain/errors';
import { MoneyError } from '../../domain/money';
import type { ProviderStatus } from '../../domain/provider-events';
import type {
  CaptureRequest,
  CreatePaymentRequest,
  CreatePaymentResult,
  OperationResult,
  PaymentRef,
  ProviderAdapter,
  RefundRequest,
  VoidRequest,
} from '../contract';
import { fromAssistAmount, toAssistAmount } from './amounts';
import type { AssistConfig } from './config';
import { HttpFailure, postForm } from '../shared/http';
import type { HttpAnswer } from '../shared/http';
import {
  assistResultSchema,
  buildCancelFields,
  buildChargeFields,
  buildOrderForm,
  buildOrderStateFields,
  cancelResponseSchema,
  checkvaluesMatch,
  declineCodeFromOperations,
  LANGUAGES,
  movementsFromOperations,
  movementsFromOrderAmount,
  orderCheckvalue,
  parseResultXml,
  PATHS,
  toExternalRefundId,
  toProviderStatus,
} from './protocol';
import type { AssistLanguage, AssistOrder, AssistResult, Credentials } from './protocol';
import { AS_SUCCESS, classifyRequestError, describeResponseCode } from './response-codes';
import { SoapChargeClient, SoapFailure } from './soap-charge-client';
import { XmlInputError } from './xml';

/**
 * orderstate.cfm searches the last 3 days unless told otherwise (VERIFIED); refunds and late polls need more.
 * 90 days is INFERRED to be accepted; the maximum window is a GAP.
 */
const ORDER_LOOKBACK_MS = 90 * 24 * 60 * 60 * 1000;

/** States of an order that got past the payer: the one to act on when a payment has several attempts. */
const PAID_STATES: ReadonlySet<string> = new Set([
  'Delayed',
  'Approved',
  'PartialApproved',
  'PartialDelayed',
  'Canceled',
  'PartialCanceled',
]);

export class AssistAdapter implements ProviderAdapter {
  private readonly credentials: Credentials;
  private readonly soapCharge: SoapChargeClient;

  constructor(
    private readonly config: AssistConfig,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.credentials = { merchantId: config.merchantId, login: config.login, password: config.password };
    this.soapCharge = new SoapChargeClient(config.baseUrl + PATHS.chargeSoap, config.requestTimeoutMs);
  }

  /**
   * No call to Assist: the payer's browser POSTs the signed form to order.cfm. The notification URL is set in
   * Assist's Personal Account, not per order (VERIFIED §2.5), so `req.notificationUrl` is not sent.
   */
  async createPayment(req: CreatePaymentRequest): Promise<CreatePaymentResult> {
    const fields = asRequestError(() =>
      buildOrderForm(
        {
          merchantId: this.config.merchantId,
          orderNumber: req.paymentId,
          amount: req.amount,
          currency: req.currency,
          twoStage: req.captureMode === 'two_stage',
          language: this.languageFor(req.language),
          returnUrlOk: req.returnUrls.success,
          returnUrlNo: req.returnUrls.failure,
          email: req.customer?.email,
          firstName: req.customer?.firstName,
          lastName: req.customer?.lastName,
          comment: req.description,
        },
        this.config.secretWord,
        this.config.checkvalueVariant,
      ),
    );
    return { redirect: { method: 'POST', url: this.config.baseUrl + PATHS.order, fields } };
  }

  async getStatus(ref: PaymentRef): Promise<ProviderStatus> {
    const order = await this.findOrder(ref);
    if (!order) return { state: 'not_found' };
    const currencies = new Set([order.ordercurrency, ...(order.operation ?? []).map((op) => op.currency)]);
    if (currencies.size !== 1 || !currencies.has(ref.currency)) {
      // Amounts in another currency cannot be compared with ours: an operator must look (never guess).
      throw ProviderError.unknown('currency_mismatch', 'Assist reports the order in a different currency');
    }
    const operations = (order.operation ?? []).map((op) => ({
      type: op.operationtype,
      state: op.operationstate,
      amount: readAmount(op.amount, op.currency, 'operation amount'),
      responsecode: op.responsecode,
    }));
    const movements =
      operations.length > 0
        ? movementsFromOperations(operations)
        : movementsFromOrderAmount(
            order.orderstate,
            readAmount(order.orderamount, order.ordercurrency, 'orderamount'),
          );
    if (!movements) {
      // Without the operations, Canceled could be a void or a refund: never guess.
      throw ProviderError.unknown(
        'ambiguous_order_state',
        `order is ${order.orderstate} and Assist listed no operations`,
      );
    }
    return toProviderStatus({
      state: order.orderstate,
      billnumber: order.billnumber,
      movements,
      responsecode: declineCodeFromOperations(operations) ?? order.responsecode,
    });
  }

  /**
   * charge.cfm. A full capture sends no Amount/Currency (VERIFIED: then the full amount is confirmed). A partial
   * capture sends both plus AutoDeposit=1, which releases the unconfirmed rest at once (seed 001): we offer one
   * capture per payment, so the payer's remaining funds must not stay blocked until the hold expires.
   */
  async capture(req: CaptureRequest): Promise<OperationResult> {
    const billnumber = await this.billnumberFor(req);
    const partial = req.isFullCapture ? undefined : this.assistMoney(req.captureAmount, req.currency);
    const fields = buildChargeFields(this.credentials, {
      billnumber,
      partial,
      releaseRemainder: partial !== undefined,
      language: this.config.language,
    });
    const result =
      this.config.confirmTransport === 'soap'
        ? await this.chargeOverSoap(fields)
        : await this.chargeOverHttp(fields);
    expectNoRequestError(result);
    return operationOutcome(result.orders[0]?.responsecode, billnumber);
  }

  /** wscancel.cfm without Amount: the whole authorization is released. */
  async void(req: VoidRequest): Promise<OperationResult> {
    const billnumber = await this.billnumberFor(req);
    return this.cancel(billnumber, undefined, req.idempotencyKey);
  }

  /**
   * wscancel.cfm with Amount and Currency, always: "no amount" means the full order amount at Assist, which
   * is wrong after earlier partial refunds, so the amount is stated even for a full refund.
   */
  async refund(req: RefundRequest): Promise<OperationResult> {
    const billnumber = await this.billnumberFor(req);
    return this.cancel(billnumber, this.assistMoney(req.refundAmount, req.currency), req.idempotencyKey);
  }

  private async cancel(
    billnumber: string,
    partial: { amount: string; currency: string } | undefined,
    idempotencyKey: string,
  ): Promise<OperationResult> {
    const fields = buildCancelFields(this.credentials, {
      billnumber,
      partial,
      externalRefundId: toExternalRefundId(idempotencyKey),
      language: this.config.language,
    });
    const body = expectHttpOk(await this.post(PATHS.cancel, fields), 'cancel');
    const answer = validated('cancel', () => cancelResponseSchema.parse(JSON.parse(body)));
    expectNoRequestError(answer);
    return operationOutcome(answer.responsecode, billnumber);
  }

  private async chargeOverHttp(fields: Record<string, string>): Promise<AssistResult> {
    const body = expectHttpOk(await this.post(PATHS.charge, fields), 'charge');
    return validated('charge', () => parseResultXml(body));
  }

  private async chargeOverSoap(fields: Record<string, string>): Promise<AssistResult> {
    // Format selects the answer format of the HTTP variant; a SOAP call is answered in SOAP.
    const { Format: _format, ...soapFields } = fields;
    let answer: unknown;
    try {
      answer = await this.soapCharge.charge(soapFields);
    } catch (error) {
      if (!(error instanceof SoapFailure)) throw error;
      if (error.status !== undefined && error.status >= 400 && error.status < 500) {
        throw ProviderError.final(`http_${error.status}`, `Assist refused the SOAP charge: ${error.message}`);
      }
      const code = error.status !== undefined ? `http_${error.status}` : `soap_${error.reason}`;
      throw ProviderError.transient(code, error.message);
    }
    return validated('charge (SOAP)', () => assistResultSchema.parse(soapAnswerToResult(answer)));
  }

  /** The payment's order at Assist (one per payment attempt), or undefined when Assist has none. */
  private async findOrder(ref: PaymentRef): Promise<AssistOrder | undefined> {
    const since = new Date(this.now().getTime() - ORDER_LOOKBACK_MS);
    const fields = buildOrderStateFields(this.credentials, ref.paymentId, since);
    const body = expectHttpOk(await this.post(PATHS.orderState, fields), 'orderstate');
    const result = validated('orderstate', () => parseResultXml(body));
    expectNoRequestError(result);
    const orders = result.orders.filter((o) => o.ordernumber === ref.paymentId);
    const expected = (o: AssistOrder) => orderCheckvalue(this.config.merchantId, o, this.config.secretWord);
    if (orders.some((o) => o.checkvalue !== undefined && !checkvaluesMatch(o.checkvalue, expected(o)))) {
      throw ProviderError.transient(
        'checkvalue_mismatch',
        'orderstate answer failed checkvalue verification',
      );
    }
    return pickOrder(orders, ref.providerReference);
  }

  private async billnumberFor(ref: PaymentRef): Promise<string> {
    if (ref.providerReference) return ref.providerReference;
    const order = await this.findOrder(ref);
    if (!order || !PAID_STATES.has(order.orderstate)) {
      throw ProviderError.final('no_payment', 'Assist has no authorized or paid order for this payment');
    }
    return order.billnumber;
  }

  private async post(path: string, fields: Record<string, string>): Promise<HttpAnswer> {
    try {
      return await postForm(this.config.baseUrl + path, fields, this.config.requestTimeoutMs);
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error;
      const code = error.reason === 'answer_too_large' ? 'invalid_response' : error.reason;
      throw ProviderError.transient(code, `Assist ${path}: ${error.message}`);
    }
  }

  private assistMoney(minor: number, currency: string): { amount: string; currency: string } {
    return { amount: asRequestError(() => toAssistAmount(minor, currency)), currency };
  }

  private languageFor(requested: string | undefined): AssistLanguage {
    const code = requested?.slice(0, 2).toUpperCase();
    return LANGUAGES.find((l) => l === code) ?? this.config.language;
  }
}

/** The order to report: the one named by our billnumber, else the attempt that got furthest. */
function pickOrder(orders: readonly AssistOrder[], billnumber: string | undefined): AssistOrder | undefined {
  if (billnumber) {
    const base = billnumber.split('.')[0];
    const named = orders.find((o) => o.billnumber.split('.')[0] === base);
    if (named) return named;
  }
  const rank = (o: AssistOrder): number =>
    PAID_STATES.has(o.orderstate) ? 3 : o.orderstate === 'In Process' ? 2 : 1;
  return [...orders].sort((a, b) => rank(b) - rank(a))[0];
}

function soapAnswerToResult(answer: unknown): unknown {
  const a = (answer ?? {}) as { firstcode?: unknown; secondcode?: unknown; order?: unknown };
  const orders = a.order === undefined ? [] : Array.isArray(a.order) ? a.order : [a.order];
  return {
    firstcode: a.firstcode,
    secondcode: a.secondcode,
    orders: orders.map((o: { operation?: unknown }) =>
      o.operation === undefined || Array.isArray(o.operation) ? o : { ...o, operation: [o.operation] },
    ),
  };
}

function expectHttpOk(answer: HttpAnswer, what: string): string {
  if (answer.status === 200) return answer.body;
  const code = `http_${answer.status}`;
  if (answer.status >= 400 && answer.status < 500 && answer.status !== 408 && answer.status !== 429) {
    throw ProviderError.final(code, `Assist refused the ${what} request (HTTP ${answer.status})`);
  }
  throw ProviderError.transient(code, `Assist ${what} answered HTTP ${answer.status}`);
}

function expectNoRequestError(answer: { firstcode: string; secondcode: string }): void {
  if (answer.firstcode === '0' && answer.secondcode === '0') return;
  const c = classifyRequestError(answer.firstcode, answer.secondcode);
  throw new ProviderError(c.kind, c.code, c.message);
}

/** AS000: done. Any other AS code: refused, finally. No code at all: accepted, outcome to be read from orderstate. */
function operationOutcome(responsecode: string | undefined, billnumber: string): OperationResult {
  if (responsecode === undefined || responsecode === '')
    return { outcome: 'pending', providerReference: billnumber };
  if (responsecode === AS_SUCCESS) return { outcome: 'succeeded', providerReference: billnumber };
  throw ProviderError.final(responsecode, describeResponseCode(responsecode).message);
}

/** Runs a parse; anything that does not match Assist's format is a transient `invalid_response`. */
function validated<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof z.ZodError) {
      const where = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw ProviderError.transient('invalid_response', `Assist ${what} answer did not validate: ${where}`);
    }
    if (error instanceof XmlInputError || error instanceof SyntaxError) {
      throw ProviderError.transient(
        'invalid_response',
        `Assist ${what} answer is not readable: ${error.message}`,
      );
    }
    throw error;
  }
}

function readAmount(text: string, currency: string, field: string): number {
  try {
    return fromAssistAmount(text, currency, field);
  } catch (error) {
    if (error instanceof MoneyError) {
      throw ProviderError.transient(
        'invalid_response',
        `Assist answer has an unusable ${field}: ${error.reason}`,
      );
    }
    throw error;
  }
}

/** Our own request breaks Assist's rules (amount, currency, lengths): retrying cannot help. */
function asRequestError<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof MoneyError) throw ProviderError.final('invalid_request', error.message);
    if (error instanceof z.ZodError) {
      const fields = error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw ProviderError.final('invalid_request', `request breaks Assist's rules: ${fields}`);
    }
    throw error;
  }
}
