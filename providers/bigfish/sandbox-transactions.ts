/**
 * The sandbox's books: BIG FISH transactions, card registrations and a ledger of every money movement. No HTTP
 * here; sandbox-api.ts turns wire requests into these calls. Behaviour follows the VERIFIED facts (one Close per
 * transaction, partial Close releases the rest, Approved=false releases everything, partial refunds, InitRP needs
 * an active registration); where the sources are silent the choice is INFERRED and marked.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { currencyInfo } from '../../domain/currency';
import { MoneyError } from '../../domain/money';
import type { LedgerEntry } from '../contract';
import { SandboxLedger } from '../shared/sandbox/ledger';
import { fromBigfishAmount } from './amounts';
import { fromUrlSafeBase64, ONE_CLICK_PROVIDERS, recurringInfoSchema } from './protocol';
import type { InitRequest, InitRpRequest } from './protocol';
import { COMMIT_STATES } from './result-codes';

export type SandboxResultCode = 'OPEN' | 'PENDING' | 'SUCCESSFUL' | 'ERROR' | 'CANCELED' | 'TIMEOUT';
export type CommitState = '' | typeof COMMIT_STATES.approved | typeof COMMIT_STATES.refused;
export type PayerChoice = 'approve' | 'decline' | 'cancel';
/** How the sandbox's acquirer answers StartRP (a test control; the real outcome is the issuer's). */
export type RecurringOutcome = 'approve' | 'decline' | 'pending';

export interface SandboxTransaction {
  transactionId: string;
  storeName: string;
  providerName: string;
  orderId: string;
  userId: string;
  amount: number;
  currency: string;
  autoCommit: boolean;
  responseUrl: string;
  notificationUrl: string;
  resultCode: SandboxResultCode;
  commitState: CommitState;
  /** Authorized and neither captured nor released. */
  held: number;
  captured: number;
  refunded: number;
  anum?: string;
  providerTransactionId?: string;
  /**
   * Present when Init asked to register the card for merchant-initiated charges; active once the payment
   * succeeded. InitRP may refer to this transaction until `expireDate` (YYYY-MM-DD).
   */
  registration?: { expireDate: string; active: boolean };
  /** For InitRP transactions: the registering transaction. */
  referenceTransactionId?: string;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * A refusal, answered with this ResultCode. `ERROR` is a transaction-level refusal (INFERRED wording);
 * `UnknownTransaction` is VERIFIED; `InvalidRequest` is our name for a request the sandbox cannot read (INFERRED).
 */
export class SandboxRefusal extends Error {
  constructor(
    readonly resultCode: 'ERROR' | 'UnknownTransaction' | 'InvalidRequest',
    message: string,
  ) {
    super(message);
  }
}

/** What `open` fills in itself. */
type GeneratedField =
  | 'transactionId'
  | 'storeName'
  | 'resultCode'
  | 'commitState'
  | 'held'
  | 'captured'
  | 'refunded'
  | 'createdAt'
  | 'expiresAt';

export interface TransactionBookSettings {
  storeName: string;
  wholeUnitCurrencies: readonly string[];
  /** How long an unstarted or unfinished transaction stays payable before it times out. */
  unpaidLifetimeMs: number;
  now?: () => Date;
}

export class SandboxTransactionBook {
  private readonly transactions = new Map<string, SandboxTransaction>();
  private readonly movements = new SandboxLedger(() => this.now());
  private readonly now: () => Date;

  constructor(private readonly settings: TransactionBookSettings) {
    this.now = settings.now ?? (() => new Date());
  }

  ledger(): readonly LedgerEntry[] {
    return this.movements.list();
  }

  /** Init: a new OPEN transaction. The same OrderId may be initialized again (INFERRED: BIG FISH does not say). */
  init(req: InitRequest): SandboxTransaction {
    const amount = this.amountOf(req.Amount, req.Currency, 'Amount');
    const registers =
      Number(req.PaymentRegistration ?? 0) === 1 &&
      req.PaymentRegistrationType === 'MIT' &&
      // Registration fields count only for one-click providers (VERIFIED, SDK filter).
      ONE_CLICK_PROVIDERS.includes(req.ProviderName);
    return this.open({
      providerName: req.ProviderName,
      orderId: req.OrderId,
      userId: req.UserId,
      amount,
      currency: req.Currency,
      autoCommit: req.AutoCommit ?? true,
      responseUrl: req.ResponseUrl,
      notificationUrl: req.NotificationUrl,
      ...(registers
        ? { registration: { expireDate: registrationExpiry(req.Info, this.now()), active: false } }
        : {}),
    });
  }

  /** The payer opened Start: the transaction is now PENDING at the provider's page (INFERRED). */
  start(transactionId: string): SandboxTransaction {
    const tx = this.get(transactionId);
    if (tx.referenceTransactionId)
      throw new SandboxRefusal('ERROR', 'a recurring transaction has no payer page');
    if (tx.resultCode === 'OPEN') tx.resultCode = 'PENDING';
    if (tx.resultCode !== 'PENDING') throw new SandboxRefusal('ERROR', `the transaction is ${tx.resultCode}`);
    return tx;
  }

  /** The payer pressed Pay, Decline (the issuer refuses: ERROR) or Cancel (CANCELED). */
  pay(transactionId: string, choice: PayerChoice): SandboxTransaction {
    const tx = this.get(transactionId);
    if (tx.resultCode !== 'PENDING') throw new SandboxRefusal('ERROR', `the transaction is ${tx.resultCode}`);
    if (choice === 'approve') this.approve(tx);
    else tx.resultCode = choice === 'decline' ? 'ERROR' : 'CANCELED';
    return tx;
  }

  /** Result: the transaction as it stands, after applying its lifetime. */
  result(transactionId: string): SandboxTransaction {
    return this.get(transactionId);
  }

  /**
   * Close (VERIFIED): once per successful two-step transaction. Approved: no amount or 0 captures everything;
   * a smaller ApprovedAmount captures that and releases the rest. Not approved: the whole hold is released.
   */
  close(transactionId: string, approved: boolean, approvedAmount?: number | string): SandboxTransaction {
    const tx = this.get(transactionId);
    if (tx.resultCode !== 'SUCCESSFUL' || tx.autoCommit) {
      throw new SandboxRefusal('ERROR', 'only a successful two-step transaction can be closed');
    }
    if (tx.commitState !== '') throw new SandboxRefusal('ERROR', 'the transaction has already been closed');
    if (!approved) {
      this.record(tx, 'release', tx.held);
      tx.held = 0;
      tx.commitState = COMMIT_STATES.refused;
      return tx;
    }
    const requested =
      approvedAmount === undefined ? 0 : this.amountOf(approvedAmount, tx.currency, 'ApprovedAmount', true);
    const amount = requested === 0 ? tx.held : requested;
    if (amount > tx.held) throw new SandboxRefusal('ERROR', 'ApprovedAmount exceeds the reserved amount');
    tx.captured = amount;
    this.record(tx, 'capture', amount);
    if (tx.held > amount) this.record(tx, 'release', tx.held - amount);
    tx.held = 0;
    tx.commitState = COMMIT_STATES.approved;
    return tx;
  }

  /**
   * Refund (VERIFIED): full or partial, of captured money only; for two-step payments only after Close.
   * Several partial refunds up to the captured amount are allowed (INFERRED).
   */
  refund(transactionId: string, amountValue: number | string): SandboxTransaction {
    const tx = this.get(transactionId);
    if (tx.resultCode !== 'SUCCESSFUL' || tx.captured === 0) {
      throw new SandboxRefusal('ERROR', 'only captured money can be refunded');
    }
    const amount = this.amountOf(amountValue, tx.currency, 'Amount');
    if (amount > tx.captured - tx.refunded)
      throw new SandboxRefusal('ERROR', 'Amount exceeds the refundable amount');
    tx.refunded += amount;
    this.record(tx, 'refund', amount);
    return tx;
  }

  /**
   * InitRP (VERIFIED checks): the reference must be this store's, successful, and carry an active registration.
   * The currency must be the registration's (INFERRED); AutoCommit, when absent, is the reference's (INFERRED).
   */
  initRp(req: InitRpRequest): SandboxTransaction {
    const reference = this.transactions.get(req.ReferenceTransactionId.toLowerCase());
    if (!reference || reference.storeName !== this.settings.storeName) {
      throw new SandboxRefusal('UnknownTransaction', `Ismeretlen tranzakció (${req.ReferenceTransactionId})`);
    }
    const registration = reference.registration;
    if (!registration?.active || registration.expireDate < this.now().toISOString().slice(0, 10)) {
      throw new SandboxRefusal('ERROR', 'the reference transaction has no active payment registration');
    }
    if (req.Currency !== reference.currency) {
      throw new SandboxRefusal('ERROR', 'the currency differs from the registration');
    }
    return this.open({
      providerName: reference.providerName,
      orderId: req.OrderId,
      userId: req.UserId,
      amount: this.amountOf(req.Amount, req.Currency, 'Amount'),
      currency: req.Currency,
      autoCommit: req.AutoCommit ?? reference.autoCommit,
      responseUrl: req.ResponseUrl,
      notificationUrl: req.NotificationUrl,
      referenceTransactionId: reference.transactionId,
    });
  }

  /** StartRP: the acquirer charges the registered card with no payer present (VERIFIED: server to server). */
  startRp(transactionId: string, outcome: RecurringOutcome): SandboxTransaction {
    const tx = this.get(transactionId);
    if (!tx.referenceTransactionId)
      throw new SandboxRefusal('ERROR', 'StartRP needs a transaction made by InitRP');
    if (tx.resultCode !== 'OPEN') throw new SandboxRefusal('ERROR', `the transaction is ${tx.resultCode}`);
    if (outcome === 'approve') this.approve(tx);
    else tx.resultCode = outcome === 'decline' ? 'ERROR' : 'PENDING';
    return tx;
  }

  /** The acquirer's late answer to a StartRP that was PENDING. */
  completeRecurring(transactionId: string): SandboxTransaction | undefined {
    const tx = this.transactions.get(transactionId);
    if (!tx || tx.resultCode !== 'PENDING' || !tx.referenceTransactionId) return undefined;
    this.approve(tx);
    return tx;
  }

  /** Transactions whose lifetime ended unpaid: now TIMEOUT (VERIFIED code; the lifetime is INFERRED). */
  expireDue(): SandboxTransaction[] {
    return [...this.transactions.values()].filter((tx) => this.expireIfDue(tx));
  }

  /** The newest transaction of an OrderId, for the forged-notification helper. */
  latestForOrder(orderId: string): SandboxTransaction | undefined {
    return [...this.transactions.values()].filter((tx) => tx.orderId === orderId).at(-1);
  }

  private get(transactionId: string): SandboxTransaction {
    const tx = this.transactions.get(transactionId.toLowerCase());
    if (!tx || tx.storeName !== this.settings.storeName) {
      // The VERIFIED answer text of BIG FISH's own tests.
      throw new SandboxRefusal('UnknownTransaction', `Ismeretlen tranzakció (${transactionId})`);
    }
    this.expireIfDue(tx);
    return tx;
  }

  private open(fields: Omit<SandboxTransaction, GeneratedField>): SandboxTransaction {
    const createdAt = this.now();
    const tx: SandboxTransaction = {
      ...fields,
      transactionId: this.newTransactionId(),
      storeName: this.settings.storeName,
      resultCode: 'OPEN',
      commitState: '',
      held: 0,
      captured: 0,
      refunded: 0,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + this.settings.unpaidLifetimeMs),
    };
    this.transactions.set(tx.transactionId, tx);
    return tx;
  }

  /** Success: a sale with AutoCommit, a hold without; a registering payment activates its registration. */
  private approve(tx: SandboxTransaction): void {
    tx.resultCode = 'SUCCESSFUL';
    tx.anum = String(randomInt(0, 1_000_000)).padStart(6, '0');
    tx.providerTransactionId = `sbx_${randomBytes(12).toString('hex')}`;
    if (tx.autoCommit) {
      tx.captured = tx.amount;
      this.record(tx, 'sale', tx.amount);
    } else {
      tx.held = tx.amount;
      this.record(tx, 'authorize', tx.amount);
    }
    if (tx.registration) tx.registration.active = true;
  }

  private expireIfDue(tx: SandboxTransaction): boolean {
    const unfinished =
      tx.resultCode === 'OPEN' || (tx.resultCode === 'PENDING' && !tx.referenceTransactionId);
    if (!unfinished || this.now() < tx.expiresAt) return false;
    tx.resultCode = 'TIMEOUT';
    return true;
  }

  /** Amounts as BIG FISH reads them; whole-unit currencies refuse fractions (INFERRED, see config.ts). */
  private amountOf(value: number | string, currency: string, field: string, zeroAllowed = false): number {
    let minor: number;
    try {
      minor = fromBigfishAmount(value, currency, field);
    } catch (error) {
      if (error instanceof MoneyError) throw new SandboxRefusal('InvalidRequest', error.message);
      throw error;
    }
    if (minor === 0 && !zeroAllowed) throw new SandboxRefusal('InvalidRequest', `${field} must be positive`);
    const unit = 10 ** currencyInfo(currency).exponent;
    if (this.settings.wholeUnitCurrencies.includes(currency) && minor % unit !== 0) {
      throw new SandboxRefusal('InvalidRequest', `${field} must be whole ${currency}`);
    }
    return minor;
  }

  private record(tx: SandboxTransaction, kind: LedgerEntry['kind'], amount: number): void {
    if (amount === 0) return;
    this.movements.record({
      paymentId: tx.orderId,
      providerReference: tx.transactionId,
      kind,
      amount,
      currency: tx.currency,
    });
  }

  /** 32 lowercase hex digits, like BIG FISH's md5-style ids (VERIFIED format). */
  private newTransactionId(): string {
    for (;;) {
      const candidate = randomBytes(16).toString('hex');
      if (!this.transactions.has(candidate)) return candidate;
    }
  }
}

/** ExpireDate from a registering Init's Info, or one year when Info says nothing (INFERRED). */
function registrationExpiry(info: string | undefined, now: Date): string {
  const fallback = new Date(now.getTime() + 365 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  if (info === undefined) return fallback;
  try {
    const parsed = recurringInfoSchema.safeParse(JSON.parse(fromUrlSafeBase64(info)));
    return parsed.success ? parsed.data.Order.RecurringPayment.ExpireDate : fallback;
  } catch {
    return fallback;
  }
}
