/**
 * Our calls to a payment system that speaks the OpenTrade custom-PS protocol. The protocol has exactly one
 * call: GetPaymentParameters, whose PaymentFormAnswer becomes the payer's redirect. There is no status query,
 * capture, void or refund in it (seed 000; nothing in the sources suggests any), so those methods refuse with a
 * final error that says what the provider can do; index.ts declares the same in the capability table, so the
 * API and the workflow's validators reject such commands before they reach this adapter.
 *
 * Failure classes:
 * - transient: network errors, timeouts, HTTP 5xx/408/429, an unreadable answer, and the ErrorCodes listed in
 *   `transientErrorCodes`. Repeating is safe: the OrderId (our payment id) is the same on every attempt, and a
 *   payment system answers a repeated OrderId with the same form (INFERRED; the sandbox does so).
 * - final: other HTTP 4xx, other ErrorCodes, an answer that contradicts the request, and our own request
 *   breaking the protocol's rules.
 * Messages never carry the instance key, the request body or payer data.
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
import { HttpFailure, postForm } from '../shared/http';
import type { OpenTradeConfig } from './config';
import {
  buildPaymentRequestXml,
  errorCodeFailure,
  formMismatches,
  formParameter,
  FORM_PARAMETERS,
  fromProtocolAmount,
  GET_PAYMENT_PARAMETERS,
  getPaymentParametersFields,
  parsePaymentFormAnswer,
  toNumericCurrency,
  toRedirect,
} from './protocol';
import { XmlInputError } from './xml';

/** What this provider can do, for refusals of what it cannot (kept in step with index.ts capabilities). */
const WHAT_IT_CAN_DO =
  'an OpenTrade custom payment system takes one-stage payments only (GetPaymentParameters, then the signed ' +
  'result); its protocol has no capture, void, refund or status query';

export class OpenTradeAdapter implements ProviderAdapter {
  private readonly transientCodes: ReadonlySet<string>;

  constructor(private readonly config: OpenTradeConfig) {
    this.transientCodes = new Set(config.transientErrorCodes);
  }

  async createPayment(req: CreatePaymentRequest): Promise<CreatePaymentResult> {
    if (req.captureMode !== 'one_stage') {
      throw ProviderError.final(
        'unsupported_capture_mode',
        `two-stage payments are not possible: ${WHAT_IT_CAN_DO}`,
      );
    }
    const expected = {
      orderId: req.paymentId,
      amount: req.amount,
      currencyNumeric: asRequestError(() => toNumericCurrency(req.currency)),
      successUrl: req.returnUrls.success,
      failUrl: req.returnUrls.failure,
      resultUrl: req.notificationUrl,
    };
    const xmlParameters = asRequestError(() =>
      buildPaymentRequestXml({
        orderId: req.paymentId,
        amount: req.amount,
        currency: req.currency,
        paymentSystemId: this.config.paymentSystemId,
        successUrl: expected.successUrl,
        failUrl: expected.failUrl,
        resultUrl: expected.resultUrl,
        description: req.description ?? `Order ${req.paymentId}`,
      }),
    );
    const fields = getPaymentParametersFields(
      this.config.instanceKey,
      this.languageFor(req.language),
      xmlParameters,
    );
    const body = await this.call(GET_PAYMENT_PARAMETERS, fields);
    const answer = validated(() => parsePaymentFormAnswer(body));
    if (!('form' in answer)) {
      throw errorCodeFailure(GET_PAYMENT_PARAMETERS, answer.errorCode, this.transientCodes);
    }
    const problems = formMismatches(answer.form, expected, (text) => readAmount(text, req.currency));
    if (problems.length > 0) {
      // Sending the payer on would mean paying something other than what was asked for.
      throw ProviderError.final(
        'answer_mismatch',
        `the PaymentFormAnswer does not match the request: ${problems.join('; ')}`,
      );
    }
    return {
      redirect: toRedirect(answer.form),
      providerReference: formParameter(answer.form.parameters, FORM_PARAMETERS.paymentId),
    };
  }

  /**
   * The protocol has no status query: the signed result at resultUrl is the only source (capabilities.statusApi
   * is false, so the workflow applies results directly). Asked anyway, we refuse rather than guess a state.
   */
  async getStatus(_ref: PaymentRef): Promise<ProviderStatus> {
    throw ProviderError.final('status_unsupported', `no status query exists: ${WHAT_IT_CAN_DO}`);
  }

  async capture(_req: CaptureRequest): Promise<OperationResult> {
    throw ProviderError.final('capture_unsupported', `cannot capture: ${WHAT_IT_CAN_DO}`);
  }

  async void(_req: VoidRequest): Promise<OperationResult> {
    throw ProviderError.final('void_unsupported', `cannot void: ${WHAT_IT_CAN_DO}`);
  }

  async refund(_req: RefundRequest): Promise<OperationResult> {
    throw ProviderError.final(
      'refund_unsupported',
      `cannot refund: ${WHAT_IT_CAN_DO}; refund through the payment system's own back office`,
    );
  }

  private async call(method: string, fields: Record<string, string>): Promise<string> {
    let answer;
    try {
      answer = await postForm(`${this.config.serviceUrl}/${method}`, fields, this.config.requestTimeoutMs);
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error;
      const code = error.reason === 'answer_too_large' ? 'invalid_response' : error.reason;
      throw ProviderError.transient(code, `${method}: ${error.message}`);
    }
    if (answer.status === 200) return answer.body;
    const code = `http_${answer.status}`;
    const retryable = answer.status >= 500 || answer.status === 408 || answer.status === 429;
    if (retryable) throw ProviderError.transient(code, `${method} answered HTTP ${answer.status}`);
    throw ProviderError.final(code, `the payment system refused ${method} (HTTP ${answer.status})`);
  }

  private languageFor(requested: string | undefined): string {
    const code = requested?.slice(0, 2).toLowerCase();
    return code && /^[a-z]{2}$/.test(code) ? code : this.config.language;
  }
}

/** The answer's amount in minor units, or undefined when it is not an amount of this currency. */
function readAmount(text: string, currency: string): number | undefined {
  try {
    return fromProtocolAmount(text, currency, FORM_PARAMETERS.amount);
  } catch (error) {
    if (error instanceof MoneyError) return undefined;
    throw error;
  }
}

/** Anything that is not a PaymentFormAnswer is a transient `invalid_response` (a proxy page, a cut answer). */
function validated<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof z.ZodError) {
      const where = [...new Set(error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`))];
      throw ProviderError.transient(
        'invalid_response',
        `the PaymentFormAnswer did not validate: ${where.join('; ')}`,
      );
    }
    if (error instanceof XmlInputError) {
      throw ProviderError.transient('invalid_response', `the answer is not readable XML: ${error.message}`);
    }
    throw error;
  }
}

/** Our own request breaks the protocol's rules (amount, currency): retrying cannot help. */
function asRequestError<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof MoneyError) throw ProviderError.final('invalid_request', error.message);
    throw error;
  }
}
