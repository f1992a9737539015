/**
 * The sandbox's server-to-server API: validates charge.cfm, wscancel.cfm / cancel.cfm and orderstate.cfm
 * requests, checks Merchant_ID + Login + Password, runs them against the order book and shapes the answers.
 * Transport (HTTP routes, SOAP, fault injection) lives in sandbox.ts.
 */
import type { AssistConfig } from './config';
import {
  cancelRequestSchema,
  chargeRequestSchema,
  orderStateRequestSchema,
  RESPONSE_FORMAT,
} from './protocol';
import type { AssistResult, CancelResponse } from './protocol';
import { REQUEST_ERRORS } from './response-codes';
import { SandboxRefusal } from './sandbox-orders';
import type { RequestErrorCode, SandboxOrderBook } from './sandbox-orders';

/** What Assist answers: a result, or request-level codes. */
export type ApiAnswer<T> = { ok: true; value: T } | { ok: false; codes: RequestErrorCode };

export type CancelAnswer =
  { format: 'json'; answer: ApiAnswer<CancelResponse> } | { format: 'xml'; answer: ApiAnswer<AssistResult> };

/** secondcodes of validation errors (OUR convention, like REQUEST_ERRORS). */
const VALIDATION = { invalidField: '1', unsupportedFormat: '2', refundIdNeedsJsonOrSoap: '3' } as const;

const refused = (firstcode: string, secondcode: string): { ok: false; codes: RequestErrorCode } => ({
  ok: false,
  codes: { firstcode, secondcode },
});
const invalid = (secondcode: string) => refused(REQUEST_ERRORS.validation.firstcode, secondcode);
const unauthenticated = () => refused(REQUEST_ERRORS.authentication.firstcode, '1');

export class SandboxApi {
  constructor(
    private readonly config: Pick<AssistConfig, 'merchantId' | 'login' | 'password'>,
    private readonly book: SandboxOrderBook,
  ) {}

  /** charge.cfm; `format` is how the answer travels (XML over HTTP, or SOAP). */
  charge(body: Record<string, unknown>, format: string): ApiAnswer<AssistResult> {
    const parsed = chargeRequestSchema.safeParse(body);
    if (!parsed.success) return invalid(VALIDATION.invalidField);
    if (parsed.data.Format !== undefined && parsed.data.Format !== format) {
      return invalid(VALIDATION.unsupportedFormat);
    }
    if (!this.authenticated(parsed.data)) return unauthenticated();
    return run(() => this.book.charge(parsed.data));
  }

  /**
   * wscancel.cfm / cancel.cfm, answered in JSON (Format=5) or XML (Format=3; the sandbox speaks no CSV).
   * Externalrefundid is accepted with JSON and SOAP answers only (VERIFIED).
   */
  cancel(body: Record<string, unknown>): CancelAnswer {
    const parsed = cancelRequestSchema.safeParse(body);
    if (!parsed.success) return { format: 'xml', answer: invalid(VALIDATION.invalidField) };
    const req = parsed.data;
    if (req.Format !== RESPONSE_FORMAT.json) {
      if (req.Format !== RESPONSE_FORMAT.xml)
        return { format: 'xml', answer: invalid(VALIDATION.unsupportedFormat) };
      if (req.Externalrefundid !== undefined) {
        return { format: 'xml', answer: invalid(VALIDATION.refundIdNeedsJsonOrSoap) };
      }
      if (!this.authenticated(req)) return { format: 'xml', answer: unauthenticated() };
      return {
        format: 'xml',
        answer: run(() => this.book.orderState(this.book.cancel(req).ordernumber ?? '')),
      };
    }
    if (!this.authenticated(req)) return { format: 'json', answer: unauthenticated() };
    return { format: 'json', answer: run(() => this.book.cancel(req)) };
  }

  /** orderstate.cfm; the sandbox answers in XML only. */
  orderState(body: Record<string, unknown>): ApiAnswer<AssistResult> {
    const parsed = orderStateRequestSchema.safeParse(body);
    if (!parsed.success) return invalid(VALIDATION.invalidField);
    if ((parsed.data.Format ?? RESPONSE_FORMAT.xml) !== RESPONSE_FORMAT.xml) {
      return invalid(VALIDATION.unsupportedFormat);
    }
    if (!this.authenticated(parsed.data)) return unauthenticated();
    return { ok: true, value: this.book.orderState(parsed.data.Ordernumber) };
  }

  private authenticated(c: { Merchant_ID: string; Login: string; Password: string }): boolean {
    return (
      c.Merchant_ID === this.config.merchantId &&
      c.Login === this.config.login &&
      c.Password === this.config.password
    );
  }
}

/** Runs a book operation; a refusal becomes request-level codes. */
export function run<T>(operation: () => T): ApiAnswer<T> {
  try {
    return { ok: true, value: operation() };
  } catch (error) {
    if (error instanceof SandboxRefusal) return { ok: false, codes: error.codes };
    throw error;
  }
}
