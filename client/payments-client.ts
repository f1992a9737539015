/**
 * PaymentsClient: the typed API for TypeScript backend services, over @temporalio/client. The REST
 * gateway is a thin HTTP skin over this same class, so both behave identically.
 */
import { createHash } from 'node:crypto';
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  isGrpcServiceError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ProviderCapabilities } from '../domain/capabilities';
import { currencyInfo } from '../domain/currency';
import { FAILURE_TYPES } from '../domain/errors';
import { formatMinorUnits } from '../domain/money';
import type { ProviderEvent } from '../domain/provider-events';
import {
  cancelUpdate,
  captureUpdate,
  getPaymentQuery,
  openPaymentUpdate,
  paymentWorkflowId,
  providerNotificationSignal,
  redeliverNotificationUpdate,
  refundUpdate,
  resolveUpdate,
  voidUpdate,
  PAYMENT_WORKFLOW_TYPE,
  type MerchantNotificationSettings,
  type NotificationRecord,
  type PaymentTimeouts,
  type PaymentView,
  type PaymentWorkflowInput,
  type RecurrenceLink,
} from '../workflows/payment-definitions';
import type { RecurrenceView } from '../workflows/recurring-definitions';
import {
  MERCHANT_NOTIFICATION_WORKFLOW_TYPE,
  type merchantNotificationWorkflow,
} from '../workflows/merchant-notification';
import {
  MerchantOrderIdKey,
  PaymentAmountKey,
  PaymentCurrencyKey,
  PaymentProviderKey,
  PaymentStatusKey,
} from '../workflows/search-attributes';
import {
  cancelSchema,
  captureSchema,
  createPaymentSchema,
  refundSchema,
  resolveSchema,
  type CreatePaymentCommand,
  type CreatePaymentInput,
} from './api-schemas';
import { PaymentsError } from './errors';
import {
  paymentFilterSchema,
  toSummary,
  visibilityQuery,
  type PaymentFilter,
  type PaymentSummary,
} from './payment-search';
import { parseOrThrow } from './validation';
import {
  recurrenceFilterSchema,
  recurrenceVisibilityQuery,
  toRecurrenceSummary,
  type RecurrenceFilter,
  type RecurrenceSummary,
} from './recurrence-search';
import {
  DEFAULT_RECURRENCE_SETTINGS,
  Recurrences,
  type RecurrenceClientSettings,
  type RecurrenceCreated,
} from './recurrences';
import type { CreateRecurrenceInput } from './recurrence-schemas';

export interface ProviderDescription {
  displayName: string;
  /** What a storefront shows as the payment method id (defaults to the provider name). */
  paymentModeId?: string;
  capabilities: ProviderCapabilities;
}

export interface PaymentsClientOptions {
  client: Client;
  taskQueue: string;
  /** The providers this deployment offers, by registry name. */
  providers: ReadonlyMap<string, ProviderDescription>;
  /** The gateway's public base URL: providers send notifications to `<url>/webhooks/<provider>`. */
  gatewayPublicUrl: string;
  timeouts: PaymentTimeouts;
  /** Where payment changes are POSTed (signed by the worker); absent means no notifications. */
  merchantNotifications?: MerchantNotificationSettings;
  /** Dunning, grace periods and the length of a day for recurrences; defaults: real days. */
  recurrence?: RecurrenceClientSettings;
}

export type NotificationDelivery = 'delivered' | 'payment_closed' | 'unknown_payment';

export class PaymentsClient {
  private readonly recurrences: Recurrences;

  constructor(private readonly options: PaymentsClientOptions) {
    this.recurrences = new Recurrences({
      client: options.client,
      taskQueue: options.taskQueue,
      providers: options.providers,
      settings: options.recurrence ?? DEFAULT_RECURRENCE_SETTINGS,
      timeouts: options.timeouts,
      merchantNotifications: options.merchantNotifications,
      notificationUrl: (provider) => this.notificationUrl(provider),
      payments: {
        describeProvider: (name) => this.describeProvider(name),
        checkAccepts: checkProviderAccepts,
        openPayment: (command, link) => this.openPayment(command, link),
        fingerprint,
        translate,
      },
    });
  }

  /**
   * Creates the payment, or returns the existing one for the same order and the same request. The
   * result carries the redirect for the payer, obtained in the same round trip (update-with-start).
   */
  async createPayment(input: CreatePaymentInput): Promise<PaymentView> {
    return this.openPayment(parseOrThrow(createPaymentSchema, input));
  }

  /** createPayment after validation; a recurrence's first payment carries its link to the recurrence. */
  private async openPayment(
    command: CreatePaymentCommand,
    recurrence?: RecurrenceLink,
  ): Promise<PaymentView> {
    const provider = this.describeProvider(command.provider);
    checkProviderAccepts(command, provider);
    const workflowInput = this.workflowInput(command, provider, recurrence);
    const workflowId = paymentWorkflowId(command.orderId);
    const startWorkflowOperation = new WithStartWorkflowOperation(PAYMENT_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: this.options.taskQueue,
      args: [workflowInput],
      workflowIdConflictPolicy: 'USE_EXISTING',
      // An order is paid at most once: a closed payment's id is never reused.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: PaymentStatusKey, value: 'processing' },
        { key: PaymentProviderKey, value: command.provider },
        { key: MerchantOrderIdKey, value: command.orderId },
        { key: PaymentAmountKey, value: command.amount },
        { key: PaymentCurrencyKey, value: command.currency },
      ],
      staticSummary: `${provider.displayName} · ${formatMinorUnits(command.amount, workflowInput.payment.exponent)} ${command.currency} · order ${command.orderId}`,
    });
    try {
      return await this.options.client.workflow.executeUpdateWithStart(openPaymentUpdate, {
        args: [{ requestFingerprint: workflowInput.requestFingerprint }],
        startWorkflowOperation,
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        return this.existingClosedPayment(command.orderId, workflowInput.requestFingerprint);
      }
      throw translate(err, command.orderId);
    }
  }

  async getPayment(orderId: string): Promise<PaymentView> {
    try {
      return await this.quick(() => this.handle(orderId).query(getPaymentQuery));
    } catch (err) {
      throw translate(err, orderId);
    }
  }

  /** Capture all or part of the authorization. `idempotencyKey` makes a retried call return the first result. */
  capture(orderId: string, input: { amount?: number } = {}, idempotencyKey?: string): Promise<PaymentView> {
    const command = parseOrThrow(captureSchema, input);
    return this.command(orderId, 'capture', (h) =>
      h.executeUpdate(captureUpdate, { args: [command], ...updateId('capture', idempotencyKey) }),
    );
  }

  void(orderId: string, idempotencyKey?: string): Promise<PaymentView> {
    return this.command(orderId, 'void', (h) =>
      h.executeUpdate(voidUpdate, updateId('void', idempotencyKey)),
    );
  }

  /** Refund all or part of what was captured. The same `refundId` never refunds twice. */
  refund(orderId: string, input: { amount?: number; refundId: string }): Promise<PaymentView> {
    const command = parseOrThrow(refundSchema, input);
    return this.command(orderId, 'refund', (h) =>
      h.executeUpdate(refundUpdate, { args: [command], ...updateId('refund', command.refundId) }),
    );
  }

  cancel(orderId: string, input: { reason?: string } = {}): Promise<PaymentView> {
    const command = parseOrThrow(cancelSchema, input);
    return this.command(orderId, 'cancel', (h) => h.executeUpdate(cancelUpdate, { args: [command] }));
  }

  /** Operator: settle a payment that needs attention with what the provider's books show. */
  resolve(orderId: string, input: unknown): Promise<PaymentView> {
    const resolution = parseOrThrow(resolveSchema, input);
    return this.command(orderId, 'resolve', (h) => h.executeUpdate(resolveUpdate, { args: [resolution] }));
  }

  /**
   * Operator: send a merchant event again. An open payment redelivers it itself; for a closed one a
   * small workflow does, with the same signing and retries.
   */
  async redeliverNotification(orderId: string, eventId: string): Promise<NotificationRecord> {
    const settings = this.options.merchantNotifications;
    if (!settings) throw new PaymentsError('validation', 'merchant notifications are not configured');
    try {
      return await this.handle(orderId).executeUpdate(redeliverNotificationUpdate, { args: [{ eventId }] });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw translate(err, orderId);
    }
    const view = await this.getPayment(orderId);
    const record = view.notifications.find((n) => n.event.id === eventId);
    if (!record) throw new PaymentsError('not_found', `no merchant event ${eventId} on payment ${orderId}`);
    try {
      return await this.options.client.workflow.execute<typeof merchantNotificationWorkflow>(
        MERCHANT_NOTIFICATION_WORKFLOW_TYPE,
        {
          workflowId: `redeliver-${eventId}-${Date.now()}`,
          taskQueue: this.options.taskQueue,
          args: [settings, record.event],
        },
      );
    } catch (err) {
      throw translate(err, orderId);
    }
  }

  /**
   * Creates a recurrence and the customer's first payment (with its redirect, as createPayment returns it).
   * The same request again returns both; a different request with the same recurrence id is a conflict.
   */
  createRecurrence(input: CreateRecurrenceInput): Promise<RecurrenceCreated> {
    return this.recurrences.create(input);
  }

  /** The schedule, every charge (the latest ones) with its status, and the next charge expected. */
  getRecurrence(recurrenceId: string): Promise<RecurrenceView> {
    return this.recurrences.get(recurrenceId);
  }

  moveNextCharge(
    recurrenceId: string,
    input: { at: string },
    idempotencyKey?: string,
  ): Promise<RecurrenceView> {
    return this.recurrences.moveNextCharge(recurrenceId, input, idempotencyKey);
  }

  changeRecurrenceAmount(
    recurrenceId: string,
    input: { amount: number },
    idempotencyKey?: string,
  ): Promise<RecurrenceView> {
    return this.recurrences.changeAmount(recurrenceId, input, idempotencyKey);
  }

  cancelRecurrence(recurrenceId: string, input: { reason?: string } = {}): Promise<RecurrenceView> {
    return this.recurrences.cancel(recurrenceId, input);
  }

  /** Gateway: hand a verified provider notification to the payment's workflow. */
  async deliverNotification(orderId: string, event: ProviderEvent): Promise<NotificationDelivery> {
    // A charge the provider made on its own schedule belongs to the recurrence, not the first payment.
    if (event.type === 'recurring_charge' && event.chargeNumber >= 2) {
      return this.recurrences.deliverCharge(orderId, event);
    }
    try {
      await this.quick(() => this.handle(orderId).signal(providerNotificationSignal, event));
      return 'delivered';
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw translate(err, orderId);
    }
    // Not running: either it finished (the notification is late, nothing left to do) or it never existed.
    try {
      await this.quick(() => this.handle(orderId).describe());
      return 'payment_closed';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 'unknown_payment';
      throw translate(err, orderId);
    }
  }

  /** Payments matching a filter, newest first, from Temporal visibility (search attributes). */
  async listPayments(filter: PaymentFilter = {}): Promise<PaymentSummary[]> {
    const parsed = parseOrThrow(paymentFilterSchema, filter);
    const query = visibilityQuery(parsed);
    const limit = parsed.limit;
    const found: PaymentSummary[] = [];
    try {
      for await (const info of this.options.client.workflow.list({ query, pageSize: Math.min(limit, 100) })) {
        found.push(toSummary(info));
        if (found.length >= limit) break;
      }
    } catch (err) {
      throw translate(err, '*');
    }
    return found;
  }

  /** Recurrences matching a filter, newest first, from Temporal visibility (search attributes). */
  async listRecurrences(filter: RecurrenceFilter = {}): Promise<RecurrenceSummary[]> {
    const parsed = parseOrThrow(recurrenceFilterSchema, filter);
    const query = recurrenceVisibilityQuery(parsed);
    const found: RecurrenceSummary[] = [];
    try {
      const pageSize = Math.min(parsed.limit, 100);
      for await (const info of this.options.client.workflow.list({ query, pageSize })) {
        found.push(toRecurrenceSummary(info));
        if (found.length >= parsed.limit) break;
      }
    } catch (err) {
      throw translate(err, '*');
    }
    return found;
  }

  /** The providers on offer, for GET /v1/payment-methods. */
  listProviders(): Array<{ name: string } & ProviderDescription> {
    return [...this.options.providers].map(([name, d]) => ({ name, ...d }));
  }

  private describeProvider(name: string): ProviderDescription {
    const provider = this.options.providers.get(name);
    if (!provider) {
      const known = [...this.options.providers.keys()].join(', ');
      throw new PaymentsError('validation', `unknown provider "${name}"; configured providers: ${known}`, {
        provider: `must be one of: ${known}`,
      });
    }
    return provider;
  }

  private notificationUrl(provider: string): string {
    return `${this.options.gatewayPublicUrl.replace(/\/$/, '')}/webhooks/${provider}`;
  }

  private workflowInput(
    command: CreatePaymentCommand,
    provider: ProviderDescription,
    recurrence?: RecurrenceLink,
  ): PaymentWorkflowInput {
    const { orderId, provider: providerName, amount, currency, captureMode, ...details } = command;
    return {
      payment: {
        paymentId: orderId,
        provider: providerName,
        captureMode,
        amount,
        currency,
        exponent: currencyInfo(currency).exponent,
      },
      details: { ...details, notificationUrl: this.notificationUrl(providerName) },
      capabilities: provider.capabilities,
      timeouts: this.options.timeouts,
      // A recurrence's first payment is a different request from a plain payment of the same order.
      requestFingerprint: fingerprint(recurrence ? { ...command, recurrence } : command),
      merchantNotifications: this.options.merchantNotifications,
      recurrence,
    };
  }

  /** A create for an order whose payment has finished: the same request gets the payment back. */
  private async existingClosedPayment(orderId: string, requestFingerprint: string): Promise<PaymentView> {
    const view = await this.getPayment(orderId);
    if (view.requestFingerprint !== requestFingerprint) {
      throw new PaymentsError(
        'conflict',
        `order ${orderId} already has a payment created with a different request`,
      );
    }
    return view;
  }

  private handle(orderId: string): WorkflowHandle {
    return this.options.client.workflow.getHandle(paymentWorkflowId(orderId));
  }

  private async command(
    orderId: string,
    name: string,
    run: (handle: WorkflowHandle) => Promise<PaymentView>,
  ): Promise<PaymentView> {
    try {
      return await run(this.handle(orderId));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError && (await this.exists(orderId))) {
        throw new PaymentsError(
          'validation',
          `the payment for order ${orderId} is closed; ${name} is no longer possible`,
        );
      }
      throw translate(err, orderId);
    }
  }

  private async exists(orderId: string): Promise<boolean> {
    try {
      await this.quick(() => this.handle(orderId).describe());
      return true;
    } catch {
      return false;
    }
  }

  /** Reads and signals should answer fast; when Temporal does not, callers get `unavailable` quickly. */
  private quick<T>(fn: () => Promise<T>): Promise<T> {
    return this.options.client.withDeadline(Date.now() + QUICK_CALL_DEADLINE_MS, fn);
  }
}

const QUICK_CALL_DEADLINE_MS = 10_000;

/** Temporal deduplicates updates by id: a retried command with the same key returns the first result. */
function updateId(command: string, key: string | undefined): { updateId?: string } {
  return key ? { updateId: `${command}:${key}` } : {};
}

function checkProviderAccepts(command: CreatePaymentCommand, provider: ProviderDescription): void {
  const caps = provider.capabilities;
  const name = provider.displayName;
  if (!caps.captureModes.includes(command.captureMode)) {
    throw new PaymentsError('validation', `${name} does not support ${command.captureMode} payments`, {
      captureMode: `must be one of: ${caps.captureModes.join(', ')}`,
    });
  }
  if (caps.currencies && !caps.currencies.includes(command.currency)) {
    throw new PaymentsError('validation', `${name} does not accept ${command.currency}`, {
      currency: `must be one of: ${caps.currencies.join(', ')}`,
    });
  }
  const limits = caps.amountLimits?.[command.currency];
  if (limits && (command.amount < limits.min || command.amount > limits.max)) {
    const exponent = currencyInfo(command.currency).exponent;
    const range = `${formatMinorUnits(limits.min, exponent)}–${formatMinorUnits(limits.max, exponent)} ${command.currency}`;
    throw new PaymentsError('validation', `${name} accepts ${range} per payment`, {
      amount: `must be between ${limits.min} and ${limits.max} minor units`,
    });
  }
}

/** Stable hash of the validated request: key order and defaults do not change it. */
function fingerprint(command: unknown): string {
  return createHash('sha256').update(canonicalJson(command)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Temporal's errors, in the payment terms callers act on. */
function translate(err: unknown, orderId: string): Error {
  if (err instanceof PaymentsError) return err;
  if (err instanceof WorkflowNotFoundError)
    return new PaymentsError('not_found', `no payment for order ${orderId}`);
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    return new PaymentsError(codeFor(err.cause.type), err.cause.message);
  }
  if (isGrpcServiceError(err) || isUnavailable(err)) {
    return new PaymentsError(
      'unavailable',
      'the payment engine (Temporal) is unavailable; retry (with the same idempotency key for commands: an accepted command is never applied twice)',
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}

function codeFor(type: string | undefined | null): PaymentsError['code'] {
  switch (type) {
    case FAILURE_TYPES.validation:
      return 'validation';
    case FAILURE_TYPES.conflict:
      return 'conflict';
    case FAILURE_TYPES.providerFinal:
      return 'provider_declined';
    default:
      return 'provider_unavailable';
  }
}

function isUnavailable(err: unknown): boolean {
  const text = err instanceof Error ? `${err.name} ${err.message}` : '';
  return /ServiceError|UNAVAILABLE|ECONNREFUSED|DEADLINE_EXCEEDED|Connection/i.test(text);
}
