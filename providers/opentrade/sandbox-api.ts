/**
 * The sandbox payment system's server-to-server API: GetPaymentParameters. It validates the call, checks the
 * instance key, reads the PaymentRequest, opens (or finds) the payment and shapes the PaymentFormAnswer.
 * Refusals are answered in-band with an ErrorCode (our names, see sandbox-payments.ts), as OTAPI answers do.
 * Transport and fault injection live in sandbox.ts.
 */
import { timingSafeEqual } from 'node:crypto';
import type { OpenTradeConfig } from './config';
import { getPaymentParametersFieldsSchema, OK, parsePaymentRequestXml } from './protocol';
import type { PaymentFormAnswer } from './protocol';
import { paymentForm, SANDBOX_ERROR_CODES, SandboxRefusal } from './sandbox-payments';
import type { SandboxPaymentBook } from './sandbox-payments';

export interface SandboxApiSettings {
  config: Pick<OpenTradeConfig, 'instanceKey' | 'paymentSystemId'>;
  book: SandboxPaymentBook;
  /** RequestUrl of the forms: the sandbox's payer page, known once it listens. */
  payUrl: () => string;
  requestMethod: 'GET' | 'POST';
}

/** The answer to one GetPaymentParameters call, from its form or query fields. */
export function answerGetPaymentParameters(input: unknown, settings: SandboxApiSettings): PaymentFormAnswer {
  const refuse = (errorCode: string, errorDescription: string): PaymentFormAnswer => ({
    errorCode,
    errorDescription,
  });
  const call = getPaymentParametersFieldsSchema.safeParse(input);
  if (!call.success)
    return refuse(SANDBOX_ERROR_CODES.invalidParameters, 'missing or invalid call parameters');
  if (!sameSecret(call.data.instanceKey, settings.config.instanceKey)) {
    return refuse(SANDBOX_ERROR_CODES.accessDenied, 'unknown instanceKey');
  }
  let paymentRequest;
  try {
    paymentRequest = parsePaymentRequestXml(call.data.xmlParameters);
  } catch {
    return refuse(SANDBOX_ERROR_CODES.invalidParameters, 'xmlParameters is not a valid PaymentRequest');
  }
  if (paymentRequest.PaymentSystemId !== settings.config.paymentSystemId) {
    return refuse(SANDBOX_ERROR_CODES.invalidParameters, 'unknown PaymentSystemId');
  }
  try {
    const payment = settings.book.open(paymentRequest);
    return { errorCode: OK, form: paymentForm(payment, settings.payUrl(), settings.requestMethod) };
  } catch (error) {
    if (error instanceof SandboxRefusal) return refuse(error.errorCode, error.message);
    throw error;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
