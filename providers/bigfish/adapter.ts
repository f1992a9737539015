/**
 * Our calls to the BIG FISH Payment Gateway, in normalized terms (ProviderAdapter). Error classification is in
 * api-client.ts; the ResultCode table in result-codes.ts. Decisions on unverified details are in README.md.
 */
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
  RecurrenceRequest,
  RefundRequest,
  RegisteredChargeRequest,
  VoidRequest,
} from '../contract';
import { toBigfishAmount } from './amounts';
import { BigfishApiClient } from './api-client';
import type { BigfishConfig } from './config';
import type { JsonDecimal } from './json-text';
import { notificationKey, notificationUrlFor } from './notification-url';
import {
  buildCloseBody,
  buildInitBody,
  buildInitRpBody,
  buildRefundBody,
  ONE_CLICK_PROVIDERS,
  operationAnswerSchema,
  resultAnswerSchema,
  startUrl,
  transactionBody,
  transactionIdSchema,
} from './protocol';
import type { OperationAnswer, RegistrationRequest, ResultAnswer } from './protocol';
import { COMMIT_STATES, safeMessage, toProviderStatus } from './result-codes';
import type { TransactionReport } from './result-codes';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A registration for N charges outlives the last one by this much, for late or retried charges (INFERRED). */
const REGISTRATION_SLACK_DAYS = 31;
/** `Frequency` has at most 4 digits (VERIFIED). */
const MAX_FREQUENCY_DAYS = 9999;
/** BIG FISH identifiers we send (OrderId, UserId); the real limit is not documented (INFERRED). */
const MAX_ID_LENGTH = 255;

export class BigfishAdapter implements ProviderAdapter {
  /** Refund takes no idempotency key and a repeat refunds again (see refund below). */
  readonly unrepeatable = ['refund'] as const;
  private readonly api: BigfishApiClient;
  private readonly tokenKey: Buffer;

  constructor(
    private readonly config: BigfishConfig,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.api = new BigfishApiClient(config);
    this.tokenKey = notificationKey(config);
  }

  /**
   * Init, then the payer is sent to `{base}/Start?TransactionId=...` by GET. OrderId is our payment id; the
   * NotificationUrl carries it too (with a token), because a notification names only the TransactionId.
   * With `recurrence` the card is registered for merchant-initiated charges (PaymentRegistration, type MIT).
   */
  async createPayment(req: CreatePaymentRequest): Promise<CreatePaymentResult> {
    const body = buildInitBody({
      storeName: this.config.storeName,
      providerName: this.config.providerName,
      // BIG FISH has one return address for every outcome; the merchant's page asks us for the status.
      responseUrl: req.returnUrls.success,
      notificationUrl: notificationUrlFor(req.notificationUrl, req.paymentId, this.tokenKey),
      amount: this.amount(req.amount, req.currency),
      currency: req.currency,
      orderId: checkedId(req.paymentId, 'payment id'),
      // Mandatory, and it names the customer of a registration (VERIFIED); without one, the payment stands alone.
      userId: checkedId(req.customer?.id ?? req.paymentId, 'customer id'),
      language: this.languageFor(req.language),
      autoCommit: req.captureMode === 'one_stage',
      registration: req.recurrence ? this.registrationFor(req.recurrence) : undefined,
    });
    const answer = await this.api.call('Init', body, operationAnswerSchema, 'repeatable');
    const transactionId = createdTransaction('Init', answer);
    return {
      redirect: { method: 'GET', url: startUrl(this.config.baseUrl, transactionId), fields: {} },
      providerReference: transactionId,
    };
  }

  /** Result: the authority on every payment's state (VERIFIED: call it after each NotificationUrl call). */
  async getStatus(ref: PaymentRef): Promise<ProviderStatus> {
    // No TransactionId means Init never answered, so the payer never got a redirect.
    if (ref.providerReference === undefined) return { state: 'not_found' };
    const transactionId = this.transactionOf(ref);
    const answer = await this.result(transactionId, ref.paymentId);
    return toProviderStatus(report(answer), { amount: ref.amount, currency: ref.currency });
  }

  /** Close with Approved=true; a partial capture names ApprovedAmount and BIG FISH releases the rest (VERIFIED). */
  async capture(req: CaptureRequest): Promise<OperationResult> {
    const approvedAmount = req.isFullCapture ? undefined : this.amount(req.captureAmount, req.currency);
    return this.close(this.transactionOf(req), req.paymentId, true, approvedAmount);
  }

  /** Close with Approved=false: the whole hold is released (VERIFIED; a partial release does not exist). */
  async void(req: VoidRequest): Promise<OperationResult> {
    return this.close(this.transactionOf(req), req.paymentId, false);
  }

  /**
   * Refund, full or partial (VERIFIED). BIG FISH takes no idempotency key, so this call is never repeated on an
   * unclear failure: it reports an unknown outcome instead (api-client.ts).
   */
  async refund(req: RefundRequest): Promise<OperationResult> {
    const transactionId = this.transactionOf(req);
    const body = buildRefundBody({ transactionId, amount: this.amount(req.refundAmount, req.currency) });
    const answer = await this.api.call('Refund', body, operationAnswerSchema, 'money');
    return operationOutcome('Refund', answer, transactionId);
  }

  /**
   * A merchant-initiated charge on a registration: InitRP referring to the registering payment's TransactionId,
   * then StartRP server to server, whose answer is the Result of the new transaction (VERIFIED; BIG FISH says a
   * separate Result is needed only when StartRP answers PENDING, and the notification then triggers it).
   */
  async chargeRegistered(
    req: RegisteredChargeRequest,
  ): Promise<{ providerReference: string; status: ProviderStatus }> {
    const reference = transactionIdSchema.safeParse(req.registrationReference);
    if (!reference.success) {
      throw ProviderError.final(
        'invalid_registration',
        'the registration reference is not a BIG FISH TransactionId',
      );
    }
    const notificationUrl = notificationUrlFor(req.notificationUrl, req.paymentId, this.tokenKey);
    const initBody = buildInitRpBody({
      storeName: this.config.storeName,
      referenceTransactionId: reference.data,
      // Mandatory (VERIFIED) although no browser comes back; BIG FISH may call it when StartRP ends PENDING.
      responseUrl: notificationUrl,
      notificationUrl,
      amount: this.amount(req.amount, req.currency),
      currency: req.currency,
      orderId: checkedId(req.paymentId, 'payment id'),
      // The merchant's customer id when given; otherwise the registration names the customer (INFERRED).
      userId: req.customerId ? checkedId(req.customerId, 'customer id') : reference.data,
      autoCommit: req.captureMode === 'one_stage',
    });
    const initialized = await this.api.call('InitRP', initBody, operationAnswerSchema, 'repeatable');
    const transactionId = createdTransaction('InitRP', initialized);
    let started: ResultAnswer;
    try {
      started = await this.api.call('StartRP', transactionBody(transactionId), resultAnswerSchema, 'money');
    } catch (error) {
      // Name the new transaction, so that an operator can look it up when the outcome is unknown.
      if (error instanceof ProviderError && error.kind === 'unknown') {
        throw ProviderError.unknown(error.code, `${error.message} (TransactionId ${transactionId})`);
      }
      throw error;
    }
    expectSameTransaction(started, transactionId, req.paymentId);
    const status = toProviderStatus(report(started), {
      amount: req.amount,
      currency: req.currency,
      autoCommit: req.captureMode === 'one_stage',
    });
    return { providerReference: transactionId, status };
  }

  private async close(
    transactionId: string,
    paymentId: string,
    approved: boolean,
    approvedAmount?: JsonDecimal,
  ): Promise<OperationResult> {
    const body = buildCloseBody({ transactionId, approved, approvedAmount });
    const answer = await this.api.call('Close', body, operationAnswerSchema, 'repeatable');
    if (answer.ResultCode === 'SUCCESSFUL' || answer.ResultCode === 'PENDING') {
      return operationOutcome('Close', answer, transactionId);
    }
    // A transaction closes once. If an earlier attempt of this same call closed it, BIG FISH now refuses;
    // Result tells whether it is closed the way we asked, which makes the retry a success.
    const current = await this.result(transactionId, paymentId);
    const wanted = approved ? COMMIT_STATES.approved : COMMIT_STATES.refused;
    if (current.ResultCode === 'SUCCESSFUL' && current.CommitState === wanted) {
      return { outcome: 'succeeded', providerReference: transactionId };
    }
    return operationOutcome('Close', answer, transactionId);
  }

  private async result(transactionId: string, paymentId: string): Promise<ResultAnswer> {
    const answer = await this.api.call('Result', transactionBody(transactionId), resultAnswerSchema, 'read');
    expectSameTransaction(answer, transactionId, paymentId);
    return answer;
  }

  private transactionOf(ref: PaymentRef): string {
    const parsed = transactionIdSchema.safeParse(ref.providerReference);
    if (!parsed.success) {
      throw ProviderError.final('no_transaction', 'this payment has no BIG FISH TransactionId to act on');
    }
    return parsed.data;
  }

  private amount(minor: number, currency: string): JsonDecimal {
    try {
      return toBigfishAmount(minor, currency, this.config.wholeUnitCurrencies);
    } catch (error) {
      if (error instanceof MoneyError) throw ProviderError.final('invalid_amount', error.message);
      throw error;
    }
  }

  /** PaymentRegistration=1, type MIT, and the MIT rules derived from the recurrence (VERIFIED fields). */
  private registrationFor(recurrence: RecurrenceRequest): RegistrationRequest {
    if (!ONE_CLICK_PROVIDERS.includes(this.config.providerName)) {
      throw ProviderError.final(
        'registration_not_supported',
        `BIG FISH registers cards only with one-click providers, not ${this.config.providerName}`,
      );
    }
    const { paymentsNo, intervalDays } = recurrence;
    if (!Number.isInteger(intervalDays) || intervalDays < 0 || intervalDays > MAX_FREQUENCY_DAYS) {
      throw ProviderError.final('invalid_recurrence', `the interval must be 0 to ${MAX_FREQUENCY_DAYS} days`);
    }
    const days =
      paymentsNo > 0
        ? (paymentsNo - 1) * intervalDays + REGISTRATION_SLACK_DAYS
        : this.config.registrationValidityDays;
    const expireDate = new Date(this.now().getTime() + days * DAY_MS).toISOString().slice(0, 10);
    // "02": the amount may change between charges, which changeAmount needs (VERIFIED value).
    return { expireDate, frequencyDays: intervalDays, amountIndicator: '02' };
  }

  private languageFor(requested: string | undefined): string {
    const code = requested?.slice(0, 2);
    return code !== undefined && /^[A-Za-z]{2}$/.test(code) ? code.toUpperCase() : this.config.language;
  }
}

function report(answer: ResultAnswer): TransactionReport {
  return {
    transactionId: answer.TransactionId.toLowerCase(),
    // The api client lets only transaction result codes through.
    resultCode: answer.ResultCode as TransactionReport['resultCode'],
    resultMessage: answer.ResultMessage,
    autoCommit: answer.AutoCommit ?? undefined,
    commitState: answer.CommitState,
  };
}

/** The TransactionId of a transaction Init/InitRP created, or the final refusal. */
function createdTransaction(method: string, answer: OperationAnswer): string {
  if (answer.ResultCode === 'SUCCESSFUL' && answer.TransactionId) return answer.TransactionId.toLowerCase();
  const reason = safeMessage(answer.ResultMessage);
  throw ProviderError.final(
    answer.ResultCode,
    `${method} refused: ${answer.ResultCode}${reason ? ` (${reason})` : ''}`,
  );
}

/** SUCCESSFUL: done. PENDING: accepted, the outcome follows. Anything else: refused. */
function operationOutcome(method: string, answer: OperationAnswer, transactionId: string): OperationResult {
  if (answer.ResultCode === 'SUCCESSFUL') return { outcome: 'succeeded', providerReference: transactionId };
  if (answer.ResultCode === 'PENDING') return { outcome: 'pending', providerReference: transactionId };
  const reason = safeMessage(answer.ResultMessage);
  throw ProviderError.final(
    answer.ResultCode,
    `${method} refused: ${answer.ResultCode}${reason ? ` (${reason})` : ''}`,
  );
}

/** An answer about another transaction or order would be applied to the wrong payment: never. */
function expectSameTransaction(answer: ResultAnswer, transactionId: string, paymentId: string): void {
  if (answer.TransactionId.toLowerCase() !== transactionId.toLowerCase()) {
    throw ProviderError.unknown('transaction_mismatch', 'BIG FISH answered about another TransactionId');
  }
  if (answer.OrderId !== undefined && answer.OrderId !== paymentId) {
    throw ProviderError.unknown(
      'order_mismatch',
      'BIG FISH reports this TransactionId under another OrderId',
    );
  }
}

function checkedId(id: string, what: string): string {
  if (id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw ProviderError.final(
      'invalid_request',
      `the ${what} must be 1 to ${MAX_ID_LENGTH} characters for BIG FISH`,
    );
  }
  return id;
}
