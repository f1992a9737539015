/**
 * Our calls to ECommPay, in normalized terms.
 *
 * - createPayment: Payment Page → a signed URL, no call at all; Gate → `card-partner/sale`, whose answer only
 *   means "accepted": the redirect follows in an `awaiting redirect result` callback (redirectFollows).
 * - getStatus: `POST /v2/payment/status`; an unregistered payment (a Payment Page opened and closed) is
 *   not_found (VERIFIED §1.4).
 * - refund: `card-partner/refund` (path INFERRED), full refunds only; the outcome comes by callback (pending).
 * - capture and void do not exist for card-partner: it is sale-only (§1.9).
 *
 * Errors (see domain/errors.ts):
 * - transient: network failures, timeouts, 5xx and any non-200 answer that is not ECommPay's JSON (the plugin
 *   treats every non-200 as a communication error, VERIFIED). Repeating is safe: payment_id is unique per
 *   project and merchant_refund_id per refund, so a repeat of a call that did take effect is refused as a
 *   duplicate, and a duplicate of OUR request is treated as the success it stands for (after checking, for a
 *   sale, that the payment ECommPay holds is ours: same amount and currency).
 * - final: ECommPay's own error answer (`status: "error"` with a code): validation, signature, wrong state.
 * - unknown: a status answer we cannot interpret (another currency, a status card-partner never produces).
 */
import { z } from 'zod';
import { ProviderError } from '../../domain/errors';
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
import { splitSignature } from './callback';
import type { EcommpayConfig } from './config';
import { errorAnswer, invalidAnswer, readAcceptance, refusal } from './gate-answers';
import { GateClient } from './gate-client';
import { encodeMerchantRefundId } from './merchant-refund-id';
import {
  AMOUNT_LIMITS,
  buildPaymentPageUrl,
  buildRefundRequest,
  buildSaleRequest,
  buildStatusRequest,
  GATE_PATHS,
  statusAnswerSchema,
} from './protocol';
import type { StatusAnswer } from './protocol';
import { sign, signaturesMatch } from './signature';
import { toProviderStatus } from './statuses';

export class EcommpayAdapter implements ProviderAdapter {
  private readonly gate: GateClient;

  constructor(private readonly config: EcommpayConfig) {
    this.gate = new GateClient(config.gateUrl, config.requestTimeoutMs);
  }

  async createPayment(req: CreatePaymentRequest): Promise<CreatePaymentResult> {
    checkLimits(req.amount, req.currency);
    return this.config.integration === 'payment_page' ? this.paymentPage(req) : this.gateSale(req);
  }

  /** The signed Payment Page URL: no call; ECommPay registers the payment when the payer confirms there. */
  private paymentPage(req: CreatePaymentRequest): CreatePaymentResult {
    const customer = req.customer ?? {};
    const url = asRequestError(() =>
      buildPaymentPageUrl(
        this.config.paymentPageUrl,
        {
          projectId: this.config.projectId,
          paymentId: req.paymentId,
          amount: req.amount,
          currency: req.currency,
          customerId: customerIdOf(req),
          phone: customer.phone,
          email: customer.email,
          firstName: customer.firstName,
          lastName: customer.lastName,
          description: req.description,
          paymentMethod: this.config.paymentMethod,
          successUrl: req.returnUrls.success,
          failUrl: req.returnUrls.failure,
          callbackUrl: req.notificationUrl,
          languageCode: req.language?.slice(0, 2).toLowerCase() ?? this.config.languageCode,
        },
        this.config.secretKey,
      ),
    );
    return { redirect: { method: 'GET', url, fields: {} } };
  }

  /** `card-partner/sale`: accepted now, the redirect follows by callback. */
  private async gateSale(req: CreatePaymentRequest): Promise<CreatePaymentResult> {
    const customer = req.customer ?? {};
    const ipAddress = customer.ipAddress;
    if (!ipAddress) {
      // Required by Gate (seed 002); an invented address would mislead the partner's fraud checks.
      throw ProviderError.final(
        'invalid_request',
        'ECommPay Gate requires the payer IP address (customer.ipAddress)',
      );
    }
    const body = asRequestError(() =>
      buildSaleRequest(
        {
          projectId: this.config.projectId,
          paymentId: req.paymentId,
          amount: req.amount,
          currency: req.currency,
          customerId: customerIdOf(req),
          ipAddress,
          phone: customer.phone,
          email: customer.email,
          firstName: customer.firstName,
          lastName: customer.lastName,
          description: req.description,
          callbackUrl: req.notificationUrl,
          returnUrls: { success: req.returnUrls.success, decline: req.returnUrls.failure },
        },
        this.config.secretKey,
      ),
    );
    const path = GATE_PATHS.sale(this.config.paymentMethod);
    const acceptance = readAcceptance(
      await this.gate.call(path, body),
      this.config.duplicateRequestCodes,
      'sale',
    );
    if (acceptance.kind === 'duplicate') {
      await this.confirmOurDuplicate(req);
      return { redirectFollows: true };
    }
    const reference = acceptance.answer.request_id;
    return { redirectFollows: true, ...(reference ? { providerReference: reference } : {}) };
  }

  async getStatus(ref: PaymentRef): Promise<ProviderStatus> {
    const answer = await this.readStatus(ref.paymentId);
    return answer ? statusOf(answer, ref) : { state: 'not_found' };
  }

  async capture(_req: CaptureRequest): Promise<OperationResult> {
    throw ProviderError.final(
      'unsupported',
      'card-partner payments are sale-only: there is nothing to capture',
    );
  }

  async void(_req: VoidRequest): Promise<OperationResult> {
    throw ProviderError.final(
      'unsupported',
      'card-partner payments are sale-only: there is no hold to release',
    );
  }

  /** Full refunds only (VERIFIED §1.9); ECommPay confirms them by callback, so the outcome is pending. */
  async refund(req: RefundRequest): Promise<OperationResult> {
    if (!req.isFullRefund) {
      throw ProviderError.final('partial_refund_unsupported', 'card-partner supports full refunds only');
    }
    const body = asRequestError(() =>
      buildRefundRequest(
        {
          projectId: this.config.projectId,
          paymentId: req.paymentId,
          amount: req.refundAmount,
          currency: req.currency,
          merchantRefundId: encodeMerchantRefundId(req.paymentId, req.refundId),
        },
        this.config.secretKey,
      ),
    );
    const path = GATE_PATHS.refund(this.config.paymentMethod);
    const acceptance = readAcceptance(
      await this.gate.call(path, body),
      this.config.duplicateRequestCodes,
      'refund',
    );
    // A duplicate merchant_refund_id is this very refund, accepted by an earlier attempt.
    const reference = acceptance.kind === 'accepted' ? acceptance.answer.request_id : undefined;
    return { outcome: 'pending', ...(reference ? { providerReference: reference } : {}) };
  }

  /** The payment's status answer, or undefined when ECommPay has no such payment. */
  private async readStatus(paymentId: string): Promise<StatusAnswer | undefined> {
    const body = buildStatusRequest(this.config.projectId, paymentId, this.config.secretKey);
    const reply = await this.gate.call(GATE_PATHS.status, body);
    if (reply.httpStatus !== 200 || reply.body?.payment === undefined) {
      const error = errorAnswer(reply);
      const notFound =
        error !== undefined &&
        (this.config.paymentNotFoundCodes.includes(error.code ?? '') || reply.httpStatus === 404);
      if (notFound) return undefined;
      throw refusal(reply, error, 'status');
    }
    if (this.config.statusSignature === 'verify_if_present' && !this.statusSignatureHolds(reply.body)) {
      throw ProviderError.transient(
        'signature_mismatch',
        'ECommPay status answer failed signature verification',
      );
    }
    const parsed = statusAnswerSchema.safeParse(reply.body);
    if (!parsed.success) throw invalidAnswer('status', parsed.error);
    if (parsed.data.payment.id !== paymentId) {
      throw ProviderError.transient('invalid_response', 'ECommPay status answer is about another payment');
    }
    return parsed.data;
  }

  private statusSignatureHolds(body: Parameters<typeof splitSignature>[0]): boolean {
    const split = splitSignature(body);
    return split === undefined || signaturesMatch(split.signature, sign(split.signed, this.config.secretKey));
  }

  /**
   * A duplicate payment_id on our sale means an earlier attempt got through, unless another payment uses the
   * id. Our payment ids are our order ids, never reused, so it is ours if ECommPay holds the same money.
   */
  private async confirmOurDuplicate(req: CreatePaymentRequest): Promise<void> {
    const answer = await this.readStatus(req.paymentId);
    if (!answer) {
      throw ProviderError.transient(
        'duplicate_not_visible',
        'ECommPay reports a duplicate payment_id it cannot show yet',
      );
    }
    const sale = answer.operations.find((op) => op.type === 'sale' && op.sum_initial);
    const sum = sale?.sum_initial ?? answer.payment.sum;
    if (sum && (sum.amount !== req.amount || sum.currency !== req.currency)) {
      throw ProviderError.final(
        'payment_id_conflict',
        'ECommPay already holds a different payment with this payment_id',
      );
    }
  }
}

/** Our status from ECommPay's answer about the payment `ref` names. */
function statusOf(answer: StatusAnswer, ref: PaymentRef): ProviderStatus {
  if (answer.operations.some((op) => op.status === 'success' && !op.sum_initial)) {
    throw ProviderError.transient(
      'invalid_response',
      'ECommPay status answer has a successful operation without its sum',
    );
  }
  const currencies = [
    answer.payment.sum?.currency,
    ...answer.operations.map((op) => op.sum_initial?.currency),
  ];
  if (currencies.some((c) => c !== undefined && c !== ref.currency)) {
    // Amounts in another currency cannot be compared with ours: an operator must look (never guess).
    throw ProviderError.unknown('currency_mismatch', 'ECommPay reports the payment in another currency');
  }
  const status = toProviderStatus({
    status: answer.payment.status,
    currency: ref.currency,
    operations: answer.operations.map((op) => ({
      type: op.type,
      status: op.status,
      amount: op.sum_initial?.amount ?? 0,
      code: op.code,
      message: op.message,
      requestId: op.request_id,
    })),
    complete: true,
  });
  if (!status) {
    throw ProviderError.unknown(
      'unsupported_status',
      `ECommPay reports payment status "${answer.payment.status.slice(0, 64)}", which card-partner payments do not use`,
    );
  }
  return status;
}

/** customer.id is required; a payer without one is an anonymous customer of this payment only (INFERRED). */
function customerIdOf(req: CreatePaymentRequest): string {
  return req.customer?.id ?? `guest-${req.paymentId}`;
}

/** card-partner's currencies and limits (VERIFIED §1.9); the API checks them first, this is the last line. */
function checkLimits(amount: number, currency: string): void {
  const limits = (AMOUNT_LIMITS as Record<string, { min: number; max: number }>)[currency];
  if (!limits) throw ProviderError.final('invalid_request', `card-partner does not accept ${currency}`);
  if (amount < limits.min || amount > limits.max) {
    throw ProviderError.final(
      'invalid_request',
      `card-partner accepts ${limits.min}–${limits.max} minor units of ${currency} per payment`,
    );
  }
}

/** Our own request breaks ECommPay's rules (lengths, formats): retrying cannot help. */
function asRequestError<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof z.ZodError) {
      const fields = [...new Set(error.issues.map((i) => i.path.join('.')))].join(', ');
      throw ProviderError.final('invalid_request', `request breaks ECommPay's rules: ${fields}`);
    }
    throw error;
  }
}
