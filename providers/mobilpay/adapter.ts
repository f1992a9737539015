/**
 * Our calls to NETOPIA mobilPay, in normalized terms (ProviderAdapter).
 *
 * - createPayment makes no call: it seals the card request for mobilPay's certificate, and the payer's browser
 *   POSTs the envelope (env_key, data, cipher, iv) to the payment URL (VERIFIED, facts §2.3).
 * - capture, void and refund are the payment2 SOAP calls capture, cancel and credit. A code-0 answer is final
 *   enough to report `succeeded`: mobilPay has no status API (a `pending` capture could never be confirmed) and
 *   the IPN that follows (confirmed / canceled / credit) repeats what we already applied.
 * - getStatus: mobilPay classic has no status API (capabilities.statusApi = false); see its comment.
 * - recurrence: provider-scheduled recurrence management (recurrence.ts).
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
  RecurrenceManagement,
  RefundRequest,
  VoidRequest,
} from '../contract';
import { ACCOUNT_QUERY_PARAM, SellerAccounts } from './accounts';
import type { SellerAccount } from './accounts';
import { toMobilpayAmount } from './amounts';
import type { MobilpayConfig } from './config';
import { isCipherAvailable, rc4UnavailableMessage, sealEnvelope } from './envelope';
import { MERCHANT_TOKEN_PARAM, merchantToken } from './merchant-token';
import { Payment2Operations } from './payment2-operations';
import { buildPaymentRequestXml, MAX_ORDER_ID_LENGTH } from './protocol';
import { signatureOf } from './provider-reference';
import { MobilpayRecurrence } from './recurrence';
import { Payment2Client } from './soap-client';
import { orderTimestamp } from './wall-clock';

/** The card request's amount range, 0 to 99999 (VERIFIED); 0 is a card check, which we never ask for. */
const MAX_AMOUNT_MINOR = 9_999_900;
/** No documented limit; long descriptions are cut here rather than refused on the payer's screen (INFERRED). */
const MAX_DETAILS_LENGTH = 255;

const recurrenceSchema = z.object({
  paymentsNo: z.number().int().min(0).max(999_999),
  intervalDays: z.number().int().min(1).max(999_999),
});

export class MobilpayAdapter implements ProviderAdapter {
  /** credit takes no idempotency key and a repeat credits again (payment2-operations.ts). */
  readonly unrepeatable = ['refund'] as const;
  readonly recurrence: RecurrenceManagement;
  private readonly accounts: SellerAccounts;
  private readonly operations: Payment2Operations;

  constructor(
    private readonly config: MobilpayConfig,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (config.cipher === 'rc4' && !isCipherAvailable('rc4')) throw new Error(rc4UnavailableMessage());
    this.accounts = new SellerAccounts(config);
    this.operations = new Payment2Operations(
      new Payment2Client({
        endpoint: config.soapUrl,
        username: config.soapUsername,
        password: config.soapPassword,
        timeoutMs: config.requestTimeoutMs,
        sessionTtlMs: config.sessionTtlMs,
      }),
    );
    this.recurrence = new MobilpayRecurrence(this.operations, this.accounts, config.timeZone);
  }

  async createPayment(req: CreatePaymentRequest): Promise<CreatePaymentResult> {
    const account = this.accounts.forCaptureMode(req.captureMode);
    if (!account) {
      throw ProviderError.final(
        'two_stage_not_configured',
        'two-stage payments need a pre-authorization seller account (MOBILPAY_PREAUTH_SIGNATURE)',
      );
    }
    if (req.paymentId.length > MAX_ORDER_ID_LENGTH) {
      throw ProviderError.final(
        'invalid_request',
        `mobilPay order ids have at most ${MAX_ORDER_ID_LENGTH} characters`,
      );
    }
    const amount = requestAmount(req.amount, req.currency);
    const recurrence = req.recurrence ? recurrenceSchema.safeParse(req.recurrence) : undefined;
    if (recurrence && !recurrence.success) {
      throw ProviderError.final(
        'invalid_request',
        'recurrence needs paymentsNo ≥ 0 and intervalDays ≥ 1, whole numbers',
      );
    }
    const xml = buildPaymentRequestXml({
      orderId: req.paymentId,
      timestamp: orderTimestamp(this.now(), this.config.timeZone),
      signature: account.signature,
      amount,
      currency: req.currency,
      details: (req.description ?? `Order ${req.paymentId}`).slice(0, MAX_DETAILS_LENGTH),
      billing: {
        firstName: req.customer?.firstName,
        lastName: req.customer?.lastName,
        email: req.customer?.email,
        mobilePhone: req.customer?.phone,
      },
      recurrence: recurrence?.data,
      ipnCipher: this.config.cipher,
      params: {
        [MERCHANT_TOKEN_PARAM]: merchantToken(this.config.ipnTokenSecret, {
          orderId: req.paymentId,
          signature: account.signature,
          amount,
          currency: req.currency,
        }),
      },
      // mobilPay has one return URL, shown after success and failure alike; state comes only from the IPN.
      returnUrl: req.returnUrls.success,
      confirmUrl: confirmUrlFor(req.notificationUrl, account),
    });
    const fields = sealEnvelope(xml, account.certificate, this.config.cipher);
    return {
      redirect: { method: 'POST', url: this.paymentUrl(req.language), fields: { ...fields } },
    };
  }

  /**
   * mobilPay classic has no status API: IPNs are the only source (capabilities.statusApi = false tells the
   * workflow not to ask). Reporting `not_found` or `pending` would be a guess, so this refuses, and a workflow
   * that asks anyway records "status unknown" rather than a made-up state.
   */
  async getStatus(_ref: PaymentRef): Promise<ProviderStatus> {
    throw ProviderError.final(
      'no_status_api',
      'mobilPay has no status API; the payment state comes from its IPNs',
    );
  }

  /** SOAP capture; always names the amount (the full remainder for a full capture). */
  async capture(req: CaptureRequest): Promise<OperationResult> {
    const account = this.preauthAccountFor(req);
    await this.operations.capture(
      account.signature,
      req.paymentId,
      requestAmount(req.captureAmount, req.currency),
    );
    return { outcome: 'succeeded', providerReference: req.providerReference };
  }

  /** SOAP cancel: releases the whole pre-authorization. */
  async void(req: VoidRequest): Promise<OperationResult> {
    const account = this.preauthAccountFor(req);
    await this.operations.cancel(account.signature, req.paymentId);
    return { outcome: 'succeeded', providerReference: req.providerReference };
  }

  /** SOAP credit, full or partial; always names the amount. */
  async refund(req: RefundRequest): Promise<OperationResult> {
    const account = this.accounts.bySignature(signatureOf(req.providerReference) ?? '') ?? this.accounts.main;
    await this.operations.credit(
      account.signature,
      req.paymentId,
      requestAmount(req.refundAmount, req.currency),
    );
    return { outcome: 'succeeded', providerReference: req.providerReference };
  }

  /** Only a pre-authorization account holds money to capture or release. */
  private preauthAccountFor(ref: PaymentRef): SellerAccount {
    const named = this.accounts.bySignature(signatureOf(ref.providerReference) ?? '');
    const account = named ?? this.accounts.preauth;
    if (!account) {
      throw ProviderError.final(
        'two_stage_not_configured',
        'no pre-authorization seller account is configured',
      );
    }
    return account;
  }

  private paymentUrl(requested: string | undefined): string {
    const code = requested?.slice(0, 2).toLowerCase();
    const language = code && /^[a-z]{2}$/.test(code) ? code : this.config.language;
    return language ? `${this.config.paymentUrl}/${language}` : this.config.paymentUrl;
  }
}

/** Pre-authorization payments name their account in the confirm URL, so the IPN is opened with its key. */
function confirmUrlFor(notificationUrl: string, account: SellerAccount): string {
  if (account.kind === 'main') return notificationUrl;
  const url = new URL(notificationUrl);
  url.searchParams.set(ACCOUNT_QUERY_PARAM, account.kind);
  return url.toString();
}

/** Minor units → mobilPay text; an amount mobilPay cannot take is our request's fault (final). */
function requestAmount(minor: number, currency: string): string {
  if (minor <= 0 || minor > MAX_AMOUNT_MINOR) {
    throw ProviderError.final('invalid_request', 'mobilPay amounts run from 0.01 to 99999.00');
  }
  try {
    return toMobilpayAmount(minor, currency);
  } catch (error) {
    if (error instanceof MoneyError) throw ProviderError.final('invalid_request', error.message);
    throw error;
  }
}
