/**
 * The payment2 calls we make, in domain terms: each returns when mobilPay answered OK and otherwise throws a
 * classified ProviderError (soap-codes.ts for answer codes, transport failures below). One rule decides every
 * transport failure: a call is retried (transient) only when repeating it cannot move money twice.
 * - capture and cancel are protected by the order's state: a repeat after success is refused (52/51), which
 *   soap-codes.ts reports as `unknown`. So a timeout or fault is transient.
 * - credit has no idempotency key at mobilPay: once the request may have arrived, a repeat could refund twice, so
 *   anything but "never sent" is `unknown` (an operator checks the console; mobilPay has no status API).
 * - the recurrence calls set absolute values (a date, a price, canceled): always safe to repeat.
 */
import { z } from 'zod';
import { ProviderError } from '../../domain/errors';
import type { Payment2Call, Payment2Client } from './soap-client';
import { SoapFailure } from './soap-client';
import { expectPaymentOk, expectRecurrenceOk, parseAnswerCode } from './soap-codes';
import type { PaymentCall } from './soap-codes';

const paymentResultSchema = z.object({ code: z.string().min(1), message: z.string().optional() });
const recurrenceResultSchema = z.object({
  action: z.string().optional(),
  code: z.string().min(1),
  message: z.string().optional(),
});

const NOT_REPEATABLE: ReadonlySet<Payment2Call> = new Set(['credit']);

export class Payment2Operations {
  constructor(private readonly client: Payment2Client) {}

  /** Captures `amount` ("12.50") of a pre-authorized order; at most the pre-authorized amount (55, VERIFIED). */
  async capture(sacId: string, orderId: string, amount: string): Promise<void> {
    await this.payment('capture', { sacId, orderId, amount });
  }

  /** Releases a pre-authorization (request shape INFERRED, like cancelRecurrence). */
  async cancel(sacId: string, orderId: string): Promise<void> {
    await this.payment('cancel', { sacId, orderId });
  }

  /** Refunds `amount`, fully or in part (VERIFIED). */
  async credit(sacId: string, orderId: string, amount: string): Promise<void> {
    await this.payment('credit', { sacId, orderId, amount });
  }

  /** seed 004: the next charge moves to `recurrenceDate` ("YYYY-MM-dd HH:mm:ss"). */
  async moveRecurrence(sacId: string, orderId: string, recurrenceDate: string): Promise<void> {
    await this.recurrence('moveRecurrence', { sacId, orderId, recurrenceDate });
  }

  /** seed 004: later charges take `price` ("12.50"). */
  async modifyRecurrencePrice(sacId: string, orderId: string, price: string): Promise<void> {
    await this.recurrence('modifyRecurrencePrice', { sacId, orderId, price });
  }

  /** seed 004: no further charges. */
  async cancelRecurrence(sacId: string, orderId: string): Promise<void> {
    await this.recurrence('cancelRecurrence', { sacId, orderId });
  }

  private async payment(call: PaymentCall, request: Record<string, string>): Promise<void> {
    const answer = await this.send(call, request);
    const parsed = paymentResultSchema.safeParse(answer);
    if (!parsed.success) throw unreadable(call);
    expectPaymentOk(call, parsed.data.code);
  }

  private async recurrence(call: Payment2Call, request: Record<string, string>): Promise<void> {
    const answer = await this.send(call, request);
    const parsed = recurrenceResultSchema.safeParse(answer);
    const code = parsed.success ? parseAnswerCode(parsed.data.code) : undefined;
    if (code === undefined) throw unreadable(call);
    expectRecurrenceOk(call, code);
  }

  private async send(call: Payment2Call, request: Record<string, string>): Promise<Record<string, unknown>> {
    try {
      return await this.client.call(call, request);
    } catch (error) {
      if (error instanceof SoapFailure) throw classify(call, error);
      throw error;
    }
  }
}

function classify(call: Payment2Call, failure: SoapFailure): ProviderError {
  const code = failure.status !== undefined ? `http_${failure.status}` : `soap_${failure.reason}`;
  if (failure.reason === 'unreachable') return ProviderError.transient(code, failure.message);
  if (failure.reason === 'login_refused') return ProviderError.final('login_refused', failure.message);
  const status = failure.status;
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return ProviderError.final(code, `${failure.message}: refused before processing`);
  }
  if (NOT_REPEATABLE.has(call)) {
    return ProviderError.unknown(
      code,
      `${failure.message}; the ${call} may have been made, check in the mobilPay console`,
    );
  }
  return ProviderError.transient(code, failure.message);
}

function unreadable(call: Payment2Call): ProviderError {
  const message = `mobilPay ${call} answer did not validate`;
  return NOT_REPEATABLE.has(call)
    ? ProviderError.unknown('invalid_response', `${message}; the ${call} may have been made`)
    : ProviderError.transient('invalid_response', message);
}
