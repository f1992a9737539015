/**
 * One workflow per recurrence (a subscription), over both kinds of schedule:
 * - provider-scheduled (mobilPay): the provider charges on its own; each charge arrives as a signal routed from
 *   the first payment's notifications. We record each once, check it, and flag a charge that does not arrive
 *   within the grace period. Move, re-price and cancel are calls to the provider.
 * - orchestrator-scheduled (BIG FISH): we sleep on a durable timer until each charge is due and run it as a
 *   child payment workflow on the first payment's registration; a declined charge goes through dunning.
 * Every change goes through the pure reducer (domain/recurrence-state.ts); history stays bounded by
 * continue-as-new. Deterministic: all I/O happens in activities and child workflows.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, type SearchAttributeUpdatePair } from '@temporalio/common';
import type { RecurrenceActivities } from '../activities/recurrence-activities';
import { FAILURE_TYPES } from '../domain/errors';
import { formatMinorUnits } from '../domain/money';
import type { ProviderStatus } from '../domain/provider-events';
import { checkCancelRecurrence, checkChangeAmount, checkMoveNextCharge } from '../domain/recurrence-commands';
import { chargeOrderId } from '../domain/recurrence-ids';
import { nextExpectedCharge } from '../domain/recurrence-schedule';
import {
  applyRecurrenceEvent,
  initialRecurrenceState,
  type ChargeOutcome,
  type RecurrenceEvent,
} from '../domain/recurrence-state';
import { displayStatus, isFinalRecurrence, type RecurrenceState } from '../domain/recurrence-types';
import type { paymentWorkflow } from './payment';
import { PAYMENT_WORKFLOW_TYPE, paymentWorkflowId, type PaymentWorkflowInput } from './payment-definitions';
import {
  cancelRecurrenceUpdate,
  changeAmountUpdate,
  chargeReportedSignal,
  chargeSettledSignal,
  getRecurrenceQuery,
  moveNextChargeUpdate,
  openRecurrenceUpdate,
  type RecurrenceView,
  type RecurrenceWorkflowInput,
} from './recurring-definitions';
import { createMutex } from './mutex';
import {
  MerchantOrderIdKey,
  NextChargeAtKey,
  PaymentAmountKey,
  PaymentCurrencyKey,
  PaymentProviderKey,
  PaymentStatusKey,
  RecurrenceStatusKey,
} from './search-attributes';

/**
 * Schedule changes at the provider set absolute values, so retrying them is safe; the merchant waits for the
 * answer, so a provider that stays down fails the command quickly ("retry later") rather than hanging.
 */
const management = proxyActivities<RecurrenceActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 3,
    nonRetryableErrorTypes: [FAILURE_TYPES.providerFinal, FAILURE_TYPES.providerUnknown],
  },
});

/** Below the server's 4,096-event suggestion: a recurrence's replay stays cheap. */
const DEFAULT_HISTORY_LIMIT = 2_000;

export async function recurrenceWorkflow(input: RecurrenceWorkflowInput): Promise<RecurrenceView> {
  const { settings, charge } = input;
  const workflowId = workflowInfo().workflowId;
  const run = input.run ?? 1;
  const mutex = createMutex();
  let state: RecurrenceState = input.carried ?? initialRecurrenceState(input.recurrence, now());
  let commandInFlight: string | undefined;
  let published: { status?: string; nextAt?: string | null } = {};

  const provider = state.provider;
  const firstPaymentRef = () => ({
    paymentId: input.firstPaymentId,
    providerReference: state.firstPayment?.providerReference,
  });
  const money = (minor: number) => `${formatMinorUnits(minor, state.exponent)} ${state.currency}`;

  function view(): RecurrenceView {
    const { status: _stored, acceptedAmounts: _amounts, ...rest } = state;
    return {
      ...rest,
      status: displayStatus(state),
      firstPaymentId: input.firstPaymentId,
      intervalDays: input.intervalDays,
      nextCharge: upcoming(),
      requestFingerprint: input.requestFingerprint,
      run,
    };
  }

  /** The next charge: a dunning retry if one is waiting, else the next scheduled charge. */
  function upcoming(): RecurrenceView['nextCharge'] {
    if (isFinalRecurrence(state.status)) return undefined;
    if (state.dunning) {
      const { number, attempt, retryAt } = state.dunning;
      return { kind: 'retry', number, attempt, expectedAt: retryAt, amount: state.amount };
    }
    const next = nextExpectedCharge(state);
    return next && { kind: 'scheduled', attempt: 0, ...next };
  }

  // ---- state changes: always through the reducer ----

  function apply(event: RecurrenceEvent): void {
    const next = applyRecurrenceEvent(state, event, now());
    if (next === state) {
      log.info('recurrence event changed nothing', { event: event.type });
      return;
    }
    state = next;
    publish();
  }

  /** Search attributes and the UI's current details follow every change (upserted only when they differ). */
  function publish(): void {
    const status = displayStatus(state);
    const nextAt = upcoming()?.expectedAt ?? null;
    const updates: SearchAttributeUpdatePair[] = [];
    // Each run states its provider once, so a run after continue-as-new is found by it as well.
    if (published.status === undefined) updates.push({ key: PaymentProviderKey, value: provider });
    if (status !== published.status) updates.push({ key: RecurrenceStatusKey, value: status });
    if (nextAt !== published.nextAt) {
      updates.push({ key: NextChargeAtKey, value: nextAt === null ? null : new Date(nextAt) });
    }
    if (updates.length > 0) upsertSearchAttributes(updates);
    published = { status, nextAt };
    const last = state.charges.at(-1);
    setCurrentDetails(
      [
        `**${status}**${state.attention ? ` — ${state.attention.reason}` : state.reason ? ` — ${state.reason}` : ''}`,
        `${money(state.amount)} every ${describeInterval(state.intervalMs)} · ${state.paymentsNo === 0 ? 'until canceled' : `${state.paymentsNo} payments`} · ${state.scheduling}-scheduled`,
        `paid ${state.totals.paid} (${money(state.totals.paidAmount)}) · declined ${state.totals.declined}`,
        last ? `last: ${last.orderId} ${last.status} at ${last.at}` : 'no charge yet',
        nextAt ? `next: ${nextAt}` : 'no charge due',
      ].join('\n\n'),
    );
  }

  // ---- handlers: registered before the first await so that no message is ever missed ----

  setHandler(getRecurrenceQuery, view);

  setHandler(openRecurrenceUpdate, () => view(), {
    validator: ({ requestFingerprint }) => {
      if (requestFingerprint !== input.requestFingerprint) {
        throw ApplicationFailure.nonRetryable(
          `recurrence ${state.recurrenceId} already exists with a different request`,
          FAILURE_TYPES.conflict,
        );
      }
    },
  });

  setHandler(chargeSettledSignal, (s) => {
    apply({
      type: 'charge_settled',
      number: s.chargeNumber,
      attempt: s.attempt,
      orderId: s.orderId,
      outcome: {
        status: settlingStatus(s.status),
        amount: s.amount,
        currency: s.currency,
        providerReference: s.providerReference,
        reason: s.reason,
      },
      scheduled: s.recurrenceScheduled,
    });
  });

  setHandler(chargeReportedSignal, (r) => {
    if (state.scheduling !== 'provider') {
      log.warn('a provider charge report for an orchestrator-scheduled recurrence; ignored', {
        chargeNumber: r.chargeNumber,
      });
      return;
    }
    const outcome = reportedOutcome(r.status);
    if (!outcome) {
      log.info('provider report is not a charge outcome; nothing recorded', { state: r.status.state });
      return;
    }
    apply({ type: 'charge_reported', number: r.chargeNumber, orderId: r.orderId, outcome });
  });

  setHandler(
    moveNextChargeUpdate,
    ({ at }) =>
      command('moveNextCharge', async () => {
        recheck(checkMoveNextCharge(state, at, Date.now()));
        const iso = new Date(at).toISOString();
        if (state.scheduling === 'provider') {
          await management.moveProviderRecurrence.executeWithOptions(
            { summary: `${provider} move next charge to ${iso}` },
            [provider, firstPaymentRef(), iso],
          );
        }
        apply({ type: 'next_charge_moved', at: iso });
      }),
    { validator: ({ at }) => rejectIf(checkMoveNextCharge(state, at, Date.now())) },
  );

  setHandler(
    changeAmountUpdate,
    ({ amount }) =>
      command('changeAmount', async () => {
        recheck(checkChangeAmount(state, charge.capabilities, amount));
        if (state.scheduling === 'provider') {
          await management.changeProviderRecurrenceAmount.executeWithOptions(
            { summary: `${provider} change price to ${money(amount)}` },
            [provider, firstPaymentRef(), amount, state.currency],
          );
        }
        apply({ type: 'amount_changed', amount });
      }),
    { validator: ({ amount }) => rejectIf(checkChangeAmount(state, charge.capabilities, amount)) },
  );

  setHandler(
    cancelRecurrenceUpdate,
    ({ reason }) =>
      command('cancel', async () => {
        recheck(checkCancelRecurrence(state));
        // A provider schedule exists only once the first payment is paid; before that, the first-payment
        // phase cancels it at the provider if the payment is paid after all.
        if (state.scheduling === 'provider' && state.firstPayment?.scheduled) {
          await management.cancelProviderRecurrence.executeWithOptions(
            { summary: `${provider} cancel recurrence` },
            [provider, firstPaymentRef()],
          );
        }
        apply({ type: 'canceled', reason: reason ?? 'canceled by the merchant' });
      }),
    { validator: (_command) => rejectIf(checkCancelRecurrence(state)) },
  );

  /** Update handlers: validated first (nothing recorded on rejection), then run one at a time. */
  function command(name: string, body: () => Promise<void>): Promise<RecurrenceView> {
    commandInFlight = name;
    return mutex
      .exclusive(body)
      .then(
        () => view(),
        (err: unknown) => {
          throw asCommandFailure(err);
        },
      )
      .finally(() => {
        commandInFlight = undefined;
      });
  }

  function rejectIf(check: string | null): void {
    if (commandInFlight) {
      throw ApplicationFailure.nonRetryable(
        `another command (${commandInFlight}) is in progress on this recurrence; retry when it completes`,
        FAILURE_TYPES.conflict,
      );
    }
    recheck(check);
  }

  function recheck(check: string | null): void {
    if (check) throw ApplicationFailure.nonRetryable(check, FAILURE_TYPES.validation);
  }

  // ---- phases ----

  /** Until the customer's first payment settles: it creates the schedule (or ends the recurrence). */
  async function awaitFirstPayment(): Promise<void> {
    if (input.carried) return; // a run after continue-as-new starts past the first payment
    const settledOrMoot = () =>
      state.firstPayment !== undefined ||
      (state.status === 'canceled' && state.scheduling === 'orchestrator');
    if (!settledOrMoot()) {
      const settled = await condition(settledOrMoot, settings.chargeTimeoutMs);
      if (!settled) {
        apply({ type: 'charge_unsettled', number: 1, attempt: 0, orderId: input.firstPaymentId });
        await condition(settledOrMoot);
      }
    }
    if (state.scheduling !== 'provider' || !state.firstPayment?.scheduled) return;
    if (state.status === 'canceled') {
      // Canceled before the customer paid: the provider scheduled the charges anyway, so cancel them there.
      await mutex.exclusive(() =>
        callProvider('cancel the schedule', () =>
          management.cancelProviderRecurrence.executeWithOptions(
            { summary: `${provider} cancel recurrence` },
            [provider, firstPaymentRef()],
          ),
        ),
      );
    } else if (state.firstChargeAt && state.status === 'active') {
      // The provider schedules charge 2 one interval after the payment; the merchant asked for another date.
      const at = state.firstChargeAt;
      await mutex.exclusive(() =>
        callProvider(`move charge 2 to ${at}`, () =>
          management.moveProviderRecurrence.executeWithOptions(
            { summary: `${provider} move charge 2 to ${at}` },
            [provider, firstPaymentRef(), at],
          ),
        ),
      );
    }
  }

  /** A schedule call made on our own initiative: a failure is for an operator, never a crash. */
  async function callProvider(what: string, call: () => Promise<void>): Promise<void> {
    try {
      await call();
    } catch (err) {
      apply({
        type: 'provider_call_failed',
        reason: `could not ${what} at ${provider}: ${describeFailure(err)}`,
      });
    }
  }

  /** Provider-scheduled: record what arrives; flag the next charge when it is late beyond the grace period. */
  async function followProviderSchedule(): Promise<void> {
    while (!isFinalRecurrence(state.status)) {
      const version = state.version;
      const next = nextExpectedCharge(state);
      const changed = () => isFinalRecurrence(state.status) || state.version !== version;
      const flagged = state.attention?.kind === 'missed_charge' && state.attention.number === next?.number;
      if (!next || flagged) {
        await condition(changed);
      } else {
        const lateAt = Date.parse(next.expectedAt) + settings.missedChargeGraceMs;
        const arrived = await condition(changed, Math.max(1, lateAt - Date.now()), {
          summary: `charge ${next.number} expected by ${new Date(lateAt).toISOString()}`,
        });
        if (!arrived) apply({ type: 'charge_overdue', number: next.number, expectedAt: next.expectedAt });
      }
      await continueAsNewIfLong();
    }
  }

  /** Orchestrator-scheduled: sleep until the next charge or retry is due, then run it. */
  async function runOwnSchedule(): Promise<void> {
    while (!isFinalRecurrence(state.status)) {
      const version = state.version;
      const due = upcoming();
      if (!due) {
        await condition(() => isFinalRecurrence(state.status) || state.version !== version);
        continue;
      }
      const waitMs = Date.parse(due.expectedAt) - Date.now();
      if (waitMs > 0) {
        const changed = await condition(
          () => isFinalRecurrence(state.status) || state.version !== version,
          waitMs,
          {
            summary: `${due.kind === 'retry' ? `retry ${due.attempt} of ` : ''}charge ${due.number} at ${due.expectedAt}`,
          },
        );
        if (changed) continue; // moved, re-priced, canceled: look again
      }
      await runCharge(due.number, due.attempt);
      await continueAsNewIfLong();
    }
  }

  /** One charge attempt as its own payment workflow, whose id makes a second run of it impossible. */
  async function runCharge(number: number, attempt: number): Promise<void> {
    const orderId = chargeOrderId(state.recurrenceId, number, attempt);
    const registrationReference = state.registrationReference;
    if (!registrationReference) {
      apply({
        type: 'canceled',
        reason: 'the first payment left no registration to charge; nothing more can be charged',
      });
      return;
    }
    apply({ type: 'charge_started', number, attempt, orderId });
    try {
      await startChild<typeof paymentWorkflow>(PAYMENT_WORKFLOW_TYPE, {
        workflowId: paymentWorkflowId(orderId),
        args: [chargeInput(orderId, number, attempt, registrationReference)],
        // Charges outlive this run (continue-as-new) and stay open for refunds: never tie them to the parent.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: PaymentStatusKey, value: 'processing' },
          { key: PaymentProviderKey, value: provider },
          { key: MerchantOrderIdKey, value: orderId },
          { key: PaymentAmountKey, value: state.amount },
          { key: PaymentCurrencyKey, value: state.currency },
        ],
        staticSummary: `${charge.providerDisplayName} · ${money(state.amount)} · charge ${number}${attempt ? ` retry ${attempt}` : ''} of recurrence ${state.recurrenceId}`,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      // Started before (a retried task): that payment will report; a charge never runs twice.
      log.info('charge already started; waiting for its outcome', { orderId });
    }
    const known = () => isFinalRecurrence(state.status) || isSettled(orderId);
    if (!(await condition(known, settings.chargeTimeoutMs))) {
      apply({ type: 'charge_unsettled', number, attempt, orderId });
      await condition(known);
    }
  }

  function isSettled(orderId: string): boolean {
    const record = state.charges.find((c) => c.orderId === orderId);
    return record?.status === 'paid' || record?.status === 'declined';
  }

  function chargeInput(
    orderId: string,
    number: number,
    attempt: number,
    registrationReference: string,
  ): PaymentWorkflowInput {
    return {
      payment: {
        paymentId: orderId,
        provider,
        captureMode: 'one_stage',
        amount: state.amount,
        currency: state.currency,
        exponent: state.exponent,
      },
      details: {
        ...charge.details,
        description:
          `${charge.details.description ?? `recurrence ${state.recurrenceId}`} (charge ${number})`.slice(
            0,
            255,
          ),
      },
      capabilities: charge.capabilities,
      timeouts: charge.timeouts,
      // Not created through the API: a create for this order id with any body is a conflict.
      requestFingerprint: `recurrence:${state.recurrenceId}:${number}:${attempt}`,
      merchantNotifications: charge.merchantNotifications,
      recurrence: { workflowId, chargeNumber: number, attempt },
      origin: { kind: 'registered_charge', registrationReference, customerId: charge.customerId },
    };
  }

  /** Keep each run's history short: carry the state into a new run once this one has grown long. */
  async function continueAsNewIfLong(): Promise<void> {
    const info = workflowInfo();
    if (isFinalRecurrence(state.status)) return; // this run is about to end anyway
    if (!info.continueAsNewSuggested && info.historyLength < (settings.historyLimit ?? DEFAULT_HISTORY_LIMIT))
      return;
    await condition(() => allHandlersFinished() && !commandInFlight);
    log.info('continuing as new', { historyLength: info.historyLength, run });
    await continueAsNew<typeof recurrenceWorkflow>({ ...input, carried: state, run: run + 1 });
  }

  // ---- the lifecycle ----

  publish();
  await awaitFirstPayment();
  if (state.scheduling === 'provider') await followProviderSchedule();
  else await runOwnSchedule();
  await condition(() => allHandlersFinished() && !commandInFlight);
  return view();
}

function now(): string {
  return new Date().toISOString();
}

/** The payment statuses a recurrence's payment reports; anything else would be a bug, read as unsettled. */
function settlingStatus(status: string): ChargeOutcome['status'] {
  switch (status) {
    case 'captured':
    case 'declined':
    case 'expired':
    case 'failed':
    case 'canceled':
      return status;
    default:
      return 'needs_attention';
  }
}

/** A provider's report of a charge it made: paid, declined, or (in review, refunded) not an outcome yet. */
function reportedOutcome(status: ProviderStatus): ChargeOutcome | undefined {
  const base = { currency: status.currency, providerReference: status.providerReference };
  switch (status.state) {
    case 'captured':
    case 'authorized':
      return { ...base, status: 'captured', amount: status.capturedAmount ?? status.authorizedAmount ?? 0 };
    case 'declined':
    case 'expired':
    case 'voided':
      return {
        ...base,
        status: 'declined',
        amount: 0,
        reason: [status.declineCode, status.declineReason].filter(Boolean).join(' ') || undefined,
      };
    default:
      return undefined;
  }
}

function describeInterval(ms: number): string {
  const day = 86_400_000;
  if (ms % day === 0) return `${ms / day} day${ms === day ? '' : 's'}`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

function describeFailure(err: unknown): string {
  const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}

/** What the caller of an update sees: the provider's refusal or our own rule, never a stack trace. */
function asCommandFailure(err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  const cause = err instanceof ActivityFailure ? err.cause : undefined;
  const type =
    (cause instanceof ApplicationFailure ? cause.type : undefined) ?? FAILURE_TYPES.providerTransient;
  const message =
    type === FAILURE_TYPES.providerTransient
      ? `the provider is unavailable, nothing was changed; retry later (${describeFailure(err)})`
      : describeFailure(err);
  return ApplicationFailure.nonRetryable(message, type);
}
