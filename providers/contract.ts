/**
 * The contract every provider folder implements. A provider is added by writing one folder
 * (protocol.ts, adapter.ts, webhook.ts, sandbox.ts, index.ts) and one line in registry.ts;
 * nothing else in the code base knows a provider's name.
 */
import type { z } from 'zod';
import type { CaptureMode, PaymentDetails, RedirectInstruction } from '../domain/payment-types';
import type { ProviderEvent, ProviderStatus } from '../domain/provider-events';
import type { ProviderCapabilities } from '../domain/capabilities';

export type { ProviderCapabilities } from '../domain/capabilities';

export interface CreatePaymentRequest extends PaymentDetails {
  /** Our payment id (the merchant's order id); every provider reference maps back to it. */
  paymentId: string;
  amount: number;
  currency: string;
  captureMode: CaptureMode;
  /** Stable across retries of the same call. */
  idempotencyKey: string;
  /**
   * Ask the provider to schedule later charges itself (mobilPay `payments_no` / `interval_day`), or,
   * for merchant-initiated recurrence (BIG FISH), to register the card for later charges.
   */
  recurrence?: RecurrenceRequest;
}

export interface RecurrenceRequest {
  /** Total number of payments including this first one; 0 means unlimited. */
  paymentsNo: number;
  intervalDays: number;
}

/** A merchant-initiated charge on a registration made by an earlier customer-initiated payment. */
export interface RegisteredChargeRequest {
  /** Our id for this charge. */
  paymentId: string;
  /** The provider reference of the payment that created the registration (BIG FISH TransactionId). */
  registrationReference: string;
  /** The merchant's id for the customer, where the provider wants it (BIG FISH UserId). */
  customerId?: string;
  amount: number;
  currency: string;
  captureMode: CaptureMode;
  notificationUrl: string;
  idempotencyKey: string;
}

/** Management of a provider-scheduled recurrence (mobilPay SOAP). Dates are ISO 8601 (UTC). */
export interface RecurrenceManagement {
  moveNextCharge(req: { paymentId: string; providerReference?: string; nextChargeAt: string }): Promise<void>;
  changeAmount(req: {
    paymentId: string;
    providerReference?: string;
    amount: number;
    currency: string;
  }): Promise<void>;
  cancel(req: { paymentId: string; providerReference?: string }): Promise<void>;
}

export interface CreatePaymentResult {
  /** The redirect, when the provider gives it synchronously. */
  redirect?: RedirectInstruction;
  /** True when the redirect arrives later as a `redirect_ready` event (ECommPay Gate). */
  redirectFollows?: boolean;
  providerReference?: string;
}

export interface PaymentRef {
  paymentId: string;
  providerReference?: string;
  currency: string;
  /** The amount originally requested, in minor units (some status APIs need it to interpret answers). */
  amount: number;
}

export interface CaptureRequest extends PaymentRef {
  captureAmount: number;
  /** True when capturing everything that is still authorized. */
  isFullCapture: boolean;
  idempotencyKey: string;
}

export interface VoidRequest extends PaymentRef {
  idempotencyKey: string;
}

export interface RefundRequest extends PaymentRef {
  refundId: string;
  refundAmount: number;
  isFullRefund: boolean;
  idempotencyKey: string;
}

/**
 * The result of a money-moving call. `succeeded` means the provider confirmed it synchronously;
 * `pending` means it was accepted and the outcome follows (notification or status API).
 * Refusals and errors are thrown as ProviderError (see domain/errors.ts), never returned.
 */
export interface OperationResult {
  outcome: 'succeeded' | 'pending';
  providerReference?: string;
}

/** Money calls that an adapter may declare unrepeatable (see ProviderAdapter.unrepeatable). */
export type UnrepeatableCall = 'capture' | 'void' | 'refund';

/** Our outgoing calls to the provider, in normalized terms. Implementations throw ProviderError. */
export interface ProviderAdapter {
  /**
   * Calls the provider cannot deduplicate (no idempotency key, no state that refuses a repeat), for which
   * the adapter reports every unclear failure as unknown. They are never attempted twice: a retry after a
   * lost attempt (worker killed mid-call) reports an unknown outcome instead (activities/unrepeatable-calls.ts).
   */
  readonly unrepeatable?: readonly UnrepeatableCall[];
  createPayment(req: CreatePaymentRequest): Promise<CreatePaymentResult>;
  getStatus(ref: PaymentRef): Promise<ProviderStatus>;
  capture(req: CaptureRequest): Promise<OperationResult>;
  void(req: VoidRequest): Promise<OperationResult>;
  refund(req: RefundRequest): Promise<OperationResult>;
  /** Merchant-initiated charge without the payer (capability recurring: 'merchant_initiated'). */
  chargeRegistered?(
    req: RegisteredChargeRequest,
  ): Promise<{ providerReference: string; status: ProviderStatus }>;
  /** Provider-scheduled recurrence management (capability recurring: 'provider_scheduled'). */
  recurrence?: RecurrenceManagement;
}

/** A notification exactly as it reached the gateway. Verification always works on the raw bytes. */
export interface WebhookRequest {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string>;
  sourceIp?: string;
}

/** The HTTP answer the provider expects, in its own format. */
export interface WebhookReply {
  status: number;
  contentType: string;
  body: string;
}

export type WebhookOutcome =
  /** Verified and normalized: signal the payment's workflow, then send `reply`. */
  | { kind: 'event'; paymentId: string; event: ProviderEvent; reply: WebhookReply }
  /** Verified but nothing to do (an operation type we do not track); acknowledge with `reply`. */
  | { kind: 'ignored'; paymentId?: string; reason: string; reply: WebhookReply }
  /** Failed verification or malformed: nothing is signaled. `reason` is for logs (no personal data). */
  | { kind: 'rejected'; reason: string; reply: WebhookReply };

/** Incoming notifications: verify, normalize, and answer in the provider's format. */
export interface WebhookHandler {
  /** Async so that a provider may decrypt or look something up; most answer synchronously. */
  handle(req: WebhookRequest): Promise<WebhookOutcome>;
  /** The answer when the notification names a payment we do not know. */
  unknownPaymentReply(paymentId: string): WebhookReply;
  /** The answer when we could not record the notification (Temporal unavailable): the provider should retry. */
  temporaryFailureReply(): WebhookReply;
}

/** One money movement as the provider's own books would show it (sandbox ledgers). */
export interface LedgerEntry {
  paymentId: string;
  providerReference: string;
  kind: 'authorize' | 'capture' | 'release' | 'sale' | 'refund';
  amount: number;
  currency: string;
  /** The idempotency key or operation id the provider saw, for double-movement checks. */
  operationKey?: string;
  at: string;
}

/** Faults a sandbox can inject, for tests and the chaos run. */
export interface SandboxFaults {
  /** Answer the next N API calls with HTTP 500. */
  failNextCalls?: number;
  /** Add this much latency to every API call. */
  latencyMs?: number;
  /** What happens to the next notifications: drop, send twice, or delay by `notificationDelayMs`. */
  notificationMode?: 'normal' | 'drop' | 'duplicate' | 'delay';
  notificationDelayMs?: number;
}

export type PayerAction = 'approve' | 'decline' | 'abandon';

/** A local stand-in of the provider speaking its real wire format. */
export interface ProviderSandbox {
  /** Base URL the adapter should be configured with. */
  readonly url: string;
  ledger(): readonly LedgerEntry[];
  setFaults(faults: SandboxFaults): void;
  /**
   * Act as the payer's browser would: follow the redirect instruction over HTTP and press Pay or Decline
   * on the sandbox's payer page (or walk away). Used by tests and the chaos run.
   */
  actAsPayer(redirect: RedirectInstruction, action: PayerAction): Promise<void>;
  /**
   * Send the gateway a notification for `paymentId` that claims success but carries a wrong signature
   * (or checkvalue), as an attacker would. Returns the gateway's HTTP status.
   */
  sendForgedNotification(paymentId: string): Promise<number>;
  close(): Promise<void>;
}

export interface SandboxOptions {
  /** 0 for a random free port. */
  port: number;
  host?: string;
  /** Where the sandbox posts notifications (our gateway's webhook URL for this provider). */
  notificationUrl: string;
  /** How long an unpaid order stays payable before the provider expires it (tests use about a second). */
  unpaidOrderTtlMs?: number;
  /** Scales the provider's notification retry intervals (1 = real timing; tests use e.g. 0.001). */
  retryTimeScale?: number;
}

/** Everything one provider brings, registered by name in registry.ts. */
export interface ProviderModule<Config = unknown> {
  /** Registry key and URL segment: `/webhooks/<name>`. Lowercase, no spaces. */
  name: string;
  displayName: string;
  /**
   * The payment-mode id a storefront shows the payer (OpenTrade's GetPaymentModes, e.g.
   * `opentao.custom`); defaults to `name`.
   */
  paymentModeId?: string;
  capabilities: ProviderCapabilities;
  /** zod schema of the provider's configuration, read from environment variables with `envPrefix`. */
  configSchema: z.ZodType<Config>;
  envPrefix: string;
  /** Configuration that talks to a sandbox at `sandboxUrl` (npm start and tests). */
  sandboxConfig(sandboxUrl: string): Config;
  createAdapter(config: Config): ProviderAdapter;
  createWebhookHandler(config: Config): WebhookHandler;
  startSandbox(config: Config, options: SandboxOptions): Promise<ProviderSandbox>;
}
