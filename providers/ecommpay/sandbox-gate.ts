/**
 * The sandbox's Gate API: reads a request as ECommPay would (strict JSON, signature in `general.signature`
 * over everything else, the project, card-partner's currencies and limits), runs it against the book and shapes
 * the answer. Transport (routes, fault injection) lives in sandbox.ts; callbacks go out through `Callbacks`.
 *
 * Error answers are HTTP 400 (404 for an unknown payment) with `{status: "error", code, message}`. That body
 * and the codes are INFERRED (the real ones are a GAP, §3.3); the duplicate and not-found codes are the adapter's
 * configurable defaults, DEFAULT_ERROR_CODES.
 */
import type { z } from 'zod';
import type { EcommpayConfig } from './config';
import { splitSignature } from './callback';
import type { JsonObject } from './json-reader';
import { isJsonObject, readJson } from './json-reader';
import {
  AMOUNT_LIMITS,
  DEFAULT_ERROR_CODES,
  GATE_PATHS,
  refundRequestSchema,
  saleRequestSchema,
  statusRequestSchema,
} from './protocol';
import { SandboxRefusal } from './sandbox-book';
import type { ErrorKind, SandboxBook, SandboxOperation, SandboxPayment } from './sandbox-book';
import { statusAnswer } from './sandbox-messages';
import { sign, signaturesMatch } from './signature';

export const SANDBOX_ERROR_CODES: Readonly<Record<ErrorKind, string>> = {
  invalidRequest: '1001',
  wrongSignature: '1002',
  duplicateRequest: DEFAULT_ERROR_CODES.duplicateRequest,
  paymentNotFound: DEFAULT_ERROR_CODES.paymentNotFound,
  wrongPaymentState: '3103',
  partialRefund: '3104',
};

export interface GateAnswerOut {
  httpStatus: number;
  body: JsonObject;
}

/** How the Gate API tells the payer's side and the merchant what happened. */
export interface Callbacks {
  /** A Gate sale was registered: send `awaiting redirect result` with the partner's redirect_data. */
  saleRegistered(payment: SandboxPayment): void;
  refunded(payment: SandboxPayment, operation: SandboxOperation): void;
}

type Settings = Pick<EcommpayConfig, 'projectId' | 'secretKey' | 'paymentMethod'>;

export class SandboxGate {
  constructor(
    private readonly settings: Settings,
    private readonly book: SandboxBook,
    private readonly callbacks: Callbacks,
  ) {}

  paths(): { sale: string; refund: string; status: string } {
    const method = this.settings.paymentMethod;
    return { sale: GATE_PATHS.sale(method), refund: GATE_PATHS.refund(method), status: GATE_PATHS.status };
  }

  sale(rawBody: string): GateAnswerOut {
    return this.answer(rawBody, saleRequestSchema, (req) => {
      checkMoney(req.payment.amount, req.payment.currency);
      const payment = this.book.registerSale({
        paymentId: req.general.payment_id,
        projectId: req.general.project_id,
        amount: req.payment.amount,
        currency: req.payment.currency,
        description: req.payment.description,
        returnUrls: { success: req.return_url?.success, decline: req.return_url?.decline },
        callbackUrl: req.general.merchant_callback_url,
      });
      this.callbacks.saleRegistered(payment);
      return accepted(payment, this.book.saleOf(payment));
    });
  }

  refund(rawBody: string): GateAnswerOut {
    return this.answer(rawBody, refundRequestSchema, (req) => {
      const { payment, operation } = this.book.refund(req.general.payment_id, {
        amount: req.payment?.amount,
        currency: req.payment?.currency,
        merchantRefundId: req.payment?.merchant_refund_id,
      });
      this.callbacks.refunded(payment, operation);
      return accepted(payment, operation);
    });
  }

  /** Signed at top level like a callback (INFERRED: which answers ECommPay signs is a GAP, §3.4). */
  status(rawBody: string): GateAnswerOut {
    return this.answer(rawBody, statusRequestSchema, (req) => {
      const payment = this.book.payment(req.general.payment_id);
      if (!payment) throw new SandboxRefusal('paymentNotFound', 'Payment not found');
      const body = statusAnswer(this.book, payment);
      return { httpStatus: 200, body: { ...body, signature: sign(body, this.settings.secretKey) } };
    });
  }

  private answer<S extends z.ZodType<{ general: { project_id: number; payment_id: string } }>>(
    rawBody: string,
    schema: S,
    run: (request: z.infer<S>) => GateAnswerOut,
  ): GateAnswerOut {
    let paymentId: string | undefined;
    try {
      const body = readBody(rawBody);
      const split = splitSignature(body);
      if (!split || !isJsonObject(body.general) || typeof body.general.signature !== 'string') {
        throw new SandboxRefusal('wrongSignature', 'general.signature is required');
      }
      if (!signaturesMatch(split.signature, sign(split.signed, this.settings.secretKey))) {
        throw new SandboxRefusal('wrongSignature', 'Wrong signature');
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', ');
        throw new SandboxRefusal('invalidRequest', `Invalid request: ${fields}`);
      }
      paymentId = parsed.data.general.payment_id;
      if (parsed.data.general.project_id !== this.settings.projectId) {
        throw new SandboxRefusal('invalidRequest', 'Unknown project');
      }
      return run(parsed.data);
    } catch (error) {
      if (!(error instanceof SandboxRefusal)) throw error;
      return refused(error, this.settings.projectId, paymentId);
    }
  }
}

function readBody(rawBody: string): JsonObject {
  try {
    const body = readJson(rawBody);
    if (isJsonObject(body)) return body;
  } catch {
    // answered below
  }
  throw new SandboxRefusal('invalidRequest', 'Request body is not a JSON object');
}

/** card-partner's currencies and limits (VERIFIED §1.9). */
function checkMoney(amount: number, currency: string): void {
  const limits = (AMOUNT_LIMITS as Record<string, { min: number; max: number }>)[currency];
  if (!limits) throw new SandboxRefusal('invalidRequest', 'Currency is not supported by the payment method');
  if (amount < limits.min || amount > limits.max) {
    throw new SandboxRefusal('invalidRequest', 'Amount is outside the limits of the payment method');
  }
}

function accepted(payment: SandboxPayment, operation: SandboxOperation): GateAnswerOut {
  return {
    httpStatus: 200,
    body: {
      project_id: payment.projectId,
      payment_id: payment.paymentId,
      request_id: operation.requestId,
      status: 'success',
    },
  };
}

function refused(error: SandboxRefusal, projectId: number, paymentId: string | undefined): GateAnswerOut {
  return {
    httpStatus: error.kind === 'paymentNotFound' ? 404 : 400,
    body: {
      project_id: projectId,
      ...(paymentId ? { payment_id: paymentId } : {}),
      status: 'error',
      code: SANDBOX_ERROR_CODES[error.kind],
      message: error.message,
    },
  };
}
