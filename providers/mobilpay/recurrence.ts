/**
 * Provider-scheduled recurrence management (seed 004): after a first payment that carried `payments_no` and
 * `interval_day`, mobilPay charges on its own schedule, and the merchant can move the next charge, change the
 * price of later charges, or cancel the rest, over SOAP. Errors follow seed 004's code table (soap-codes.ts).
 */
import { ProviderError } from '../../domain/errors';
import { MoneyError } from '../../domain/money';
import type { RecurrenceManagement } from '../contract';
import type { SellerAccounts } from './accounts';
import { toMobilpayAmount } from './amounts';
import type { Payment2Operations } from './payment2-operations';
import { signatureOf } from './provider-reference';
import { recurrenceDate } from './wall-clock';

/** The price's upper bound is the card request's (VERIFIED 99999); a zero price is not a charge. */
const MAX_PRICE_MINOR = 9_999_900;

export class MobilpayRecurrence implements RecurrenceManagement {
  constructor(
    private readonly operations: Payment2Operations,
    private readonly accounts: SellerAccounts,
    private readonly timeZone: string,
  ) {}

  async moveNextCharge(req: {
    paymentId: string;
    providerReference?: string;
    nextChargeAt: string;
  }): Promise<void> {
    const at = new Date(req.nextChargeAt);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(req.nextChargeAt) || Number.isNaN(at.getTime())) {
      throw ProviderError.final('invalid_request', 'nextChargeAt must be an ISO 8601 date-time');
    }
    await this.operations.moveRecurrence(
      this.sacId(req.providerReference),
      req.paymentId,
      recurrenceDate(at, this.timeZone),
    );
  }

  async changeAmount(req: {
    paymentId: string;
    providerReference?: string;
    amount: number;
    currency: string;
  }): Promise<void> {
    if (req.amount <= 0 || req.amount > MAX_PRICE_MINOR) {
      throw ProviderError.final('invalid_request', 'a recurrence price runs from 0.01 to 99999.00');
    }
    let price: string;
    try {
      price = toMobilpayAmount(req.amount, req.currency);
    } catch (error) {
      if (error instanceof MoneyError) throw ProviderError.final('invalid_request', error.message);
      throw error;
    }
    await this.operations.modifyRecurrencePrice(this.sacId(req.providerReference), req.paymentId, price);
  }

  async cancel(req: { paymentId: string; providerReference?: string }): Promise<void> {
    await this.operations.cancelRecurrence(this.sacId(req.providerReference), req.paymentId);
  }

  /** The account of the first payment; recurrences normally run on the main (one-stage) account. */
  private sacId(providerReference: string | undefined): string {
    return (this.accounts.bySignature(signatureOf(providerReference) ?? '') ?? this.accounts.main).signature;
  }
}
