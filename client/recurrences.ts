/**
 * Recurrences for PaymentsClient: create (the recurrence workflow, then the customer's first payment through
 * the ordinary payment path, so the redirect comes back in the same call), read, move the next charge,
 * change the amount, cancel, and route the provider's later charges to the recurrence. PaymentsClient's
 * methods are thin wrappers over this class; what it needs from them comes in as a port.
 */
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { currencyInfo } from '../domain/currency';
import { formatMinorUnits } from '../domain/money';
import type { ProviderEvent } from '../domain/provider-events';
import { firstPaymentOrderId, recurrenceIdOfFirstPayment } from '../domain/recurrence-ids';
import type {
  MerchantNotificationSettings,
  PaymentTimeouts,
  PaymentView,
  RecurrenceLink,
} from '../workflows/payment-definitions';
import {
  cancelRecurrenceUpdate,
  changeAmountUpdate,
  chargeReportedSignal,
  getRecurrenceQuery,
  moveNextChargeUpdate,
  openRecurrenceUpdate,
  recurrenceWorkflowId,
  RECURRENCE_WORKFLOW_TYPE,
  type RecurrenceSettings,
  type RecurrenceView,
  type RecurrenceWorkflowInput,
} from '../workflows/recurring-definitions';
import { PaymentProviderKey, RecurrenceStatusKey } from '../workflows/search-attributes';
import type { CreatePaymentCommand } from './api-schemas';
import { PaymentsError } from './errors';
import type { NotificationDelivery, ProviderDescription } from './payments-client';
import {
  cancelRecurrenceSchema,
  changeRecurrenceAmountSchema,
  createRecurrenceSchema,
  moveNextChargeSchema,
  type CreateRecurrenceCommand,
  type CreateRecurrenceInput,
} from './recurrence-schemas';
import { parseOrThrow } from './validation';

const DAY_MS = 86_400_000;

/** Recurrence timing, from configuration (RECURRENCE_*; see .env.example). */
export interface RecurrenceClientSettings extends RecurrenceSettings {
  /** Delays before each retry of a declined charge (orchestrator-scheduled). */
  dunningScheduleMs: number[];
  /**
   * How long an `intervalDays` day is: a real day, except against provider sandboxes, whose recurrence "day"
   * is shortened so that schedules can be watched (SANDBOX_RECURRENCE_DAY).
   */
  dayMs: number;
}

export const DEFAULT_RECURRENCE_SETTINGS: RecurrenceClientSettings = {
  dunningScheduleMs: [1, 3, 5].map((days) => days * DAY_MS),
  missedChargeGraceMs: DAY_MS,
  chargeTimeoutMs: 2 * DAY_MS,
  dayMs: DAY_MS,
};

/** What recurrences need from PaymentsClient. */
export interface RecurrencePaymentsPort {
  /** The provider's description, or the client's "unknown provider" error. */
  describeProvider(name: string): ProviderDescription;
  /** Throws when the provider does not take this payment (capture mode, currency, amount limits). */
  checkAccepts(command: CreatePaymentCommand, provider: ProviderDescription): void;
  /** Creates the payment (or returns the same request's payment), linked to its recurrence. */
  openPayment(command: CreatePaymentCommand, link: RecurrenceLink): Promise<PaymentView>;
  fingerprint(value: unknown): string;
  /** Temporal's errors in the client's terms. */
  translate(err: unknown, subject: string): Error;
}

export interface RecurrencesDeps {
  client: Client;
  taskQueue: string;
  providers: ReadonlyMap<string, ProviderDescription>;
  settings: RecurrenceClientSettings;
  timeouts: PaymentTimeouts;
  merchantNotifications?: MerchantNotificationSettings;
  /** Where a provider's notifications go: `<gateway>/webhooks/<provider>`. */
  notificationUrl(provider: string): string;
  payments: RecurrencePaymentsPort;
}

export interface RecurrenceCreated {
  recurrence: RecurrenceView;
  /** The customer's first payment, with the redirect for the payer. */
  firstPayment: PaymentView;
}

export class Recurrences {
  constructor(private readonly deps: RecurrencesDeps) {}

  /**
   * Creates the recurrence and its first payment, or returns both for the same request (a different request
   * with the same recurrence id is a conflict).
   */
  async create(input: CreateRecurrenceInput): Promise<RecurrenceCreated> {
    const command = parseOrThrow(createRecurrenceSchema, input);
    const provider = this.deps.payments.describeProvider(command.provider);
    this.checkRecurring(command, provider);
    const payment = firstPaymentCommand(command);
    this.deps.payments.checkAccepts(payment, provider);
    if (command.firstChargeAt && Date.parse(command.firstChargeAt) <= Date.now()) {
      throw new PaymentsError('validation', 'firstChargeAt must be in the future', {
        firstChargeAt: 'must be in the future',
      });
    }
    const workflowInput = this.workflowInput(command, provider);
    const { recurrence } = workflowInput;
    const workflowId = recurrenceWorkflowId(command.recurrenceId);
    const startWorkflowOperation = new WithStartWorkflowOperation(RECURRENCE_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: this.deps.taskQueue,
      args: [workflowInput],
      workflowIdConflictPolicy: 'USE_EXISTING',
      // A recurrence id names one subscription for good: a closed recurrence's id is never reused.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: RecurrenceStatusKey, value: 'pending' },
        { key: PaymentProviderKey, value: command.provider },
      ],
      staticSummary: `${provider.displayName} · every ${describeInterval(recurrence.intervalMs)} · ${formatMinorUnits(command.amount, recurrence.exponent)} ${command.currency} · recurrence ${command.recurrenceId}`,
    });
    let view: RecurrenceView;
    try {
      view = await this.deps.client.workflow.executeUpdateWithStart(openRecurrenceUpdate, {
        args: [{ requestFingerprint: workflowInput.requestFingerprint }],
        startWorkflowOperation,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError))
        throw this.translate(err, command.recurrenceId);
      view = await this.get(command.recurrenceId);
      if (view.requestFingerprint !== workflowInput.requestFingerprint) {
        throw new PaymentsError(
          'conflict',
          `recurrence ${command.recurrenceId} already exists with a different request`,
        );
      }
    }
    const firstPayment = await this.deps.payments.openPayment(payment, {
      workflowId,
      chargeNumber: 1,
      attempt: 0,
      schedule: { paymentsNo: command.paymentsNo, intervalDays: workflowInput.intervalDays },
    });
    return { recurrence: view, firstPayment };
  }

  async get(recurrenceId: string): Promise<RecurrenceView> {
    try {
      return await this.quick(() => this.handle(recurrenceId).query(getRecurrenceQuery));
    } catch (err) {
      throw this.translate(err, recurrenceId);
    }
  }

  /** Moves the next scheduled charge to `at` (provider-scheduled: at the provider too). */
  moveNextCharge(
    recurrenceId: string,
    input: { at: string },
    idempotencyKey?: string,
  ): Promise<RecurrenceView> {
    const command = parseOrThrow(moveNextChargeSchema, input);
    return this.command(recurrenceId, 'moveNextCharge', (h) =>
      h.executeUpdate(moveNextChargeUpdate, { args: [command], ...updateId('move', idempotencyKey) }),
    );
  }

  /** Changes the amount of the next charges (provider-scheduled: at the provider too). */
  changeAmount(
    recurrenceId: string,
    input: { amount: number },
    idempotencyKey?: string,
  ): Promise<RecurrenceView> {
    const command = parseOrThrow(changeRecurrenceAmountSchema, input);
    return this.command(recurrenceId, 'changeAmount', (h) =>
      h.executeUpdate(changeAmountUpdate, { args: [command], ...updateId('amount', idempotencyKey) }),
    );
  }

  /** Cancels the rest of the schedule; charges already made stand (refund them as payments). */
  cancel(recurrenceId: string, input: { reason?: string } = {}): Promise<RecurrenceView> {
    const command = parseOrThrow(cancelRecurrenceSchema, input);
    return this.command(recurrenceId, 'cancel', (h) =>
      h.executeUpdate(cancelRecurrenceUpdate, { args: [command] }),
    );
  }

  /**
   * A charge the provider made on its own schedule (mobilPay `current_payment_count` ≥ 2). Its notification
   * names the first payment's order, `<recurrenceId>-1` (domain/recurrence-ids.ts), so it goes to that
   * recurrence's workflow rather than to the first payment.
   */
  async deliverCharge(
    orderId: string,
    event: Extract<ProviderEvent, { type: 'recurring_charge' }>,
  ): Promise<NotificationDelivery> {
    const recurrenceId = recurrenceIdOfFirstPayment(orderId);
    if (!recurrenceId) return 'unknown_payment';
    const handle = this.handle(recurrenceId);
    const charge = {
      chargeNumber: event.chargeNumber,
      eventId: event.eventId,
      orderId,
      status: event.status,
    };
    try {
      await this.quick(() => handle.signal(chargeReportedSignal, charge));
      return 'delivered';
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw this.translate(err, recurrenceId);
    }
    try {
      await this.quick(() => handle.describe());
      return 'payment_closed';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 'unknown_payment';
      throw this.translate(err, recurrenceId);
    }
  }

  private checkRecurring(command: CreateRecurrenceCommand, provider: ProviderDescription): void {
    if (provider.capabilities.recurring !== 'none') return;
    const able = [...this.deps.providers]
      .filter(([, d]) => d.capabilities.recurring !== 'none')
      .map(([name]) => name);
    const which = able.length > 0 ? `providers that can: ${able.join(', ')}` : 'no configured provider can';
    throw new PaymentsError(
      'validation',
      `${provider.displayName} does not support recurring payments; ${which}`,
      {
        provider:
          able.length > 0
            ? `must be one of: ${able.join(', ')}`
            : 'no configured provider supports recurring payments',
      },
    );
  }

  private workflowInput(
    command: CreateRecurrenceCommand,
    provider: ProviderDescription,
  ): RecurrenceWorkflowInput {
    const { settings } = this.deps;
    const intervalDays = command.intervalDays ?? 1;
    return {
      recurrence: {
        recurrenceId: command.recurrenceId,
        provider: command.provider,
        scheduling: provider.capabilities.recurring === 'provider_scheduled' ? 'provider' : 'orchestrator',
        amount: command.amount,
        currency: command.currency,
        exponent: currencyInfo(command.currency).exponent,
        intervalMs: command.intervalMs ?? intervalDays * settings.dayMs,
        paymentsNo: command.paymentsNo,
        firstChargeAt: command.firstChargeAt && new Date(command.firstChargeAt).toISOString(),
        dunningScheduleMs: settings.dunningScheduleMs,
      },
      firstPaymentId: firstPaymentOrderId(command.recurrenceId),
      intervalDays,
      charge: {
        details: {
          description: command.description,
          customer: command.customer,
          language: command.language,
          returnUrls: command.returnUrls,
          notificationUrl: this.deps.notificationUrl(command.provider),
        },
        capabilities: provider.capabilities,
        timeouts: this.deps.timeouts,
        merchantNotifications: this.deps.merchantNotifications,
        customerId: command.customer?.id,
        providerDisplayName: provider.displayName,
      },
      settings: {
        missedChargeGraceMs: settings.missedChargeGraceMs,
        chargeTimeoutMs: settings.chargeTimeoutMs,
        historyLimit: settings.historyLimit,
      },
      requestFingerprint: this.deps.payments.fingerprint(command),
    };
  }

  private async command(
    recurrenceId: string,
    name: string,
    run: (handle: WorkflowHandle) => Promise<RecurrenceView>,
  ): Promise<RecurrenceView> {
    try {
      return await run(this.handle(recurrenceId));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        const ended = await this.endedView(recurrenceId);
        if (ended) {
          const why = ended.reason ? ` (${ended.reason})` : '';
          throw new PaymentsError(
            'validation',
            `recurrence ${recurrenceId} is ${ended.status}${why}; ${name} is no longer possible`,
          );
        }
      }
      throw this.translate(err, recurrenceId);
    }
  }

  /** The final view of a recurrence whose workflow has closed; undefined when there is none. */
  private async endedView(recurrenceId: string): Promise<RecurrenceView | undefined> {
    try {
      return await this.get(recurrenceId);
    } catch {
      return undefined;
    }
  }

  private translate(err: unknown, recurrenceId: string): Error {
    if (err instanceof WorkflowNotFoundError) {
      return new PaymentsError('not_found', `no recurrence ${recurrenceId}`);
    }
    return this.deps.payments.translate(err, recurrenceId);
  }

  private handle(recurrenceId: string): WorkflowHandle {
    return this.deps.client.workflow.getHandle(recurrenceWorkflowId(recurrenceId));
  }

  private quick<T>(fn: () => Promise<T>): Promise<T> {
    return this.deps.client.withDeadline(Date.now() + QUICK_CALL_DEADLINE_MS, fn);
  }
}

const QUICK_CALL_DEADLINE_MS = 10_000;

/** The customer's first payment: the recurrence's first charge, paid through the provider's page. */
function firstPaymentCommand(command: CreateRecurrenceCommand): CreatePaymentCommand {
  return {
    orderId: firstPaymentOrderId(command.recurrenceId),
    provider: command.provider,
    amount: command.amount,
    currency: command.currency,
    // Later charges are sales without the payer; the first one is the same kind of payment.
    captureMode: 'one_stage',
    description: command.description,
    customer: command.customer,
    language: command.language,
    returnUrls: command.returnUrls,
  };
}

function describeInterval(intervalMs: number): string {
  if (intervalMs % DAY_MS === 0) return `${intervalMs / DAY_MS} day${intervalMs === DAY_MS ? '' : 's'}`;
  return intervalMs % 1000 === 0 ? `${intervalMs / 1000} s` : `${intervalMs} ms`;
}

/** Temporal deduplicates updates by id: a retried command with the same key returns the first result. */
function updateId(command: string, key: string | undefined): { updateId?: string } {
  return key ? { updateId: `${command}:${key}` } : {};
}
