/**
 * One workflow per payment (an entity): it creates the payment at the provider, waits for the payer,
 * confirms every notification against the provider's status API, and then serves capture, void and
 * refund commands until its windows close. Deterministic: all I/O happens in activities.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ProviderActivities } from '../activities/provider-activities';
import { merchantEventFor } from '../domain/merchant-events';
import { FAILURE_TYPES } from '../domain/errors';
import { formatMinorUnits } from '../domain/money';
import {
  checkCancel,
  checkCapture,
  checkRefund,
  checkResolution,
  checkVoid,
  type CommandCheck,
} from '../domain/payment-commands';
import {
  applyPaymentEvent,
  initialPaymentState,
  isTerminal,
  PaymentTransitionError,
  type PaymentEvent,
  type PaymentState,
} from '../domain/payment-state';
import type { OperationKind, PaymentOperation, RedirectInstruction } from '../domain/payment-types';
import type { ProviderEvent, ProviderStatus } from '../domain/provider-events';
import { reconcile } from '../domain/reconcile';
import {
  cancelUpdate,
  captureUpdate,
  getPaymentQuery,
  openPaymentUpdate,
  providerNotificationSignal,
  redeliverNotificationUpdate,
  refundUpdate,
  resolveUpdate,
  voidUpdate,
  type NotificationRecord,
  type PaymentView,
  type PaymentWorkflowInput,
  type RegisteredChargeOrigin,
} from './payment-definitions';
import { createMerchantNotifier } from './merchant-notifier';
import { chargeSettledSignal } from './recurring-definitions';
import { PaymentStatusKey } from './search-attributes';
import { createMutex } from './mutex';

/** Provider calls: short attempts, retried with back-off while the failure is transient. */
const provider = proxyActivities<ProviderActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 8,
    nonRetryableErrorTypes: [FAILURE_TYPES.providerFinal, FAILURE_TYPES.providerUnknown],
  },
});

const REFUNDABLE = new Set(['captured', 'partially_captured', 'partially_refunded']);
/** Statuses a recurrence's payment reports to its recurrence: each settles the charge or asks for a look. */
const RECURRENCE_SETTLING = new Set([
  'captured',
  'declined',
  'expired',
  'failed',
  'canceled',
  'needs_attention',
]);
/** Final statuses in which money should not have moved; a late payment is given back. */
const LATE_PAYMENT_GUARDED = new Set(['canceled', 'expired']);

export async function paymentWorkflow(input: PaymentWorkflowInput): Promise<PaymentView> {
  const { payment, capabilities: caps, timeouts } = input;
  const workflowId = workflowInfo().workflowId;
  const startedAt = Date.now();
  const mutex = createMutex();
  let state: PaymentState = initialPaymentState(payment, now());
  let redirect: RedirectInstruction | undefined;
  /** Set when the caller should stop waiting for a redirect (it failed, or an async redirect is late). */
  let redirectWaitOver = false;
  const inbox: ProviderEvent[] = [];
  const seenEventIds = new Set<string>();
  const refundResults = new Map<string, Extract<ProviderEvent, { type: 'refund_result' }>>();
  let commandInFlight: string | undefined;
  /** Statuses already reported to the recurrence this payment belongs to, and the signals in flight. */
  const toldRecurrence = new Set<string>();
  const recurrenceSignals: Promise<void>[] = [];
  /** The provider said it could not schedule the recurrence this first payment asked for (mobilPay count 0). */
  let recurrenceNotScheduled = false;

  const merchant = createMerchantNotifier(input.merchantNotifications);
  const view = (): PaymentView => ({
    ...state,
    redirect,
    requestFingerprint: input.requestFingerprint,
    notifications: merchant.records(),
  });
  const money = (minor: number) => `${formatMinorUnits(minor, payment.exponent)} ${payment.currency}`;

  // ---- state changes: always through the reducer ----

  function apply(event: PaymentEvent): boolean {
    let next: PaymentState;
    try {
      next = applyPaymentEvent(state, event, now());
    } catch (err) {
      if (!(err instanceof PaymentTransitionError)) throw err;
      // Late or out-of-order reports are normal; the reducer keeps the invariants, we keep a trace.
      log.info('event not applied', { event: event.type, reason: err.message });
      return false;
    }
    const changed = next !== state;
    const statusChanged = next.status !== state.status;
    state = next;
    if (statusChanged) publishStatus();
    if (changed) merchant.announce(merchantEventFor(state, workflowId, now()));
    if (statusChanged && input.recurrence) tellRecurrence();
    return true;
  }

  /**
   * A recurrence learns its charges' outcomes from these signals only: a payment stays open for its refund
   * window, so the recurrence never waits for it to complete. Sent once per settling status.
   */
  function tellRecurrence(): void {
    const link = input.recurrence;
    if (!link || !RECURRENCE_SETTLING.has(state.status) || toldRecurrence.has(state.status)) return;
    toldRecurrence.add(state.status);
    const signal = getExternalWorkflowHandle(link.workflowId)
      .signal(chargeSettledSignal, {
        chargeNumber: link.chargeNumber,
        attempt: link.attempt,
        orderId: payment.paymentId,
        status: state.status,
        amount: state.capturedAmount > 0 ? state.capturedAmount : payment.amount,
        currency: payment.currency,
        providerReference: state.providerReference,
        reason: state.reason,
        recurrenceScheduled: recurrenceNotScheduled ? false : undefined,
      })
      .catch((err: unknown) => {
        // The recurrence has ended (canceled, completed): this payment stands on its own.
        log.warn('could not tell the recurrence about this charge', { error: describeFailure(err) });
      });
    recurrenceSignals.push(signal);
  }

  function publishStatus(): void {
    upsertSearchAttributes([{ key: PaymentStatusKey, value: state.status }]);
    setCurrentDetails(
      [
        `**${state.status}**${state.reason ? ` — ${state.reason}` : ''}`,
        `authorized ${money(state.authorizedAmount)} · captured ${money(state.capturedAmount)} · refunded ${money(state.refundedAmount)}`,
      ].join('\n\n'),
    );
  }

  function startOperation(kind: OperationKind, id: string, amount?: number): PaymentOperation {
    const op: PaymentOperation = { id, kind, status: 'pending', amount, at: now() };
    state = { ...state, operations: [...state.operations, op] };
    return op;
  }

  function finishOperation(op: PaymentOperation, update: Partial<PaymentOperation>): void {
    state = {
      ...state,
      operations: state.operations.map((o) => (o.id === op.id ? { ...o, ...update, at: now() } : o)),
    };
  }

  const nextOperationId = (kind: OperationKind) =>
    `${kind}-${state.operations.filter((o) => o.kind === kind).length + 1}`;
  const idempotencyKey = (operationId: string) => `${workflowId}/${operationId}`;
  const paymentRef = () => ({
    paymentId: payment.paymentId,
    providerReference: state.providerReference,
    currency: payment.currency,
    amount: payment.amount,
  });

  // ---- talking to the provider ----

  async function fetchStatus(): Promise<ProviderStatus | undefined> {
    try {
      return await provider.fetchProviderStatus.executeWithOptions(
        { ...statusCallOptions, summary: `${payment.provider} status` },
        [payment.provider, paymentRef()],
      );
    } catch (err) {
      log.warn('status check failed', { error: describeFailure(err) });
      return undefined;
    }
  }

  /** Bring our state up to a provider report; an unexplainable report goes to an operator. */
  function applyReport(report: ProviderStatus): void {
    const outcome = reconcile(state, report, { multipleCaptures: caps.multipleCaptures });
    if (outcome.kind === 'events') outcome.events.forEach(apply);
    if (outcome.kind === 'unexplained') apply({ type: 'attention_needed', reason: outcome.reason });
  }

  async function confirmWithProvider(): Promise<void> {
    const report = await fetchStatus();
    if (report) await applyOrCompensate(report);
  }

  /** A report on a canceled or expired payment can only mean money moved that must go back. */
  async function applyOrCompensate(report: ProviderStatus): Promise<void> {
    if (LATE_PAYMENT_GUARDED.has(state.status)) return compensateLatePayment(report);
    applyReport(report);
  }

  async function handleNotification(event: ProviderEvent): Promise<void> {
    if (event.type === 'recurring_charge' && event.chargeNumber === 0 && input.recurrence) {
      // Seed 004: the first payment stands, but the provider will make no later charges.
      recurrenceNotScheduled = true;
    }
    if (event.type === 'recurring_charge' && event.chargeNumber >= 2) {
      // A later charge of a provider-scheduled recurrence is a payment of its own, not a change of this one.
      log.info('recurring charge notification is not about this payment', {
        chargeNumber: event.chargeNumber,
      });
      return;
    }
    if ((event.type === 'payment_state' || event.type === 'recurring_charge') && !caps.statusApi) {
      // No status API (mobilPay): the verified notification is the only source; check it against
      // what we asked for, since anyone holding our public certificate can encrypt one.
      const mismatch = reportMismatch(event.status);
      if (mismatch) return void apply({ type: 'attention_needed', reason: mismatch });
      // In review at the provider (mobilPay *_pending): the payer paid; wait for the outcome.
      if (event.status.state === 'pending' && state.status === 'awaiting_payer')
        apply({ type: 'provider_processing' });
      return applyOrCompensate(event.status);
    }
    if (state.status === 'awaiting_payer') apply({ type: 'provider_processing' });
    // Notifications are hints: the status API is the authority wherever the provider has one.
    await confirmWithProvider();
  }

  /** Every notification is handled one at a time, in arrival order, for the payment's whole life. */
  async function notificationPump(): Promise<never> {
    for (;;) {
      await condition(() => inbox.length > 0);
      const event = inbox.shift() as ProviderEvent;
      await mutex.exclusive(() => handleNotification(event));
    }
  }

  // ---- phases ----

  async function createAtProvider(): Promise<void> {
    if (input.origin?.kind === 'registered_charge') return chargeRegistration(input.origin);
    const op = startOperation('create', 'create-1');
    try {
      const created = await provider.createAtProvider.executeWithOptions(
        { ...moneyCallOptions, summary: `${payment.provider} create ${money(payment.amount)}` },
        [
          payment.provider,
          {
            ...input.details,
            paymentId: payment.paymentId,
            amount: payment.amount,
            currency: payment.currency,
            captureMode: payment.captureMode,
            idempotencyKey: idempotencyKey(op.id),
            recurrence: input.recurrence?.schedule,
          },
        ],
      );
      finishOperation(op, { status: 'succeeded', providerReference: created.providerReference });
      if (created.redirect && !redirect) {
        redirect = created.redirect;
        apply({ type: 'redirect_issued', providerReference: created.providerReference });
      }
      if (!redirect && created.redirectFollows) {
        const arrived = await condition(() => redirect !== undefined, timeouts.redirectTimeoutMs);
        if (!arrived) log.warn('redirect not received in time; the payment stays open', {});
      }
    } catch (err) {
      const reason = `could not create the payment at ${payment.provider}: ${describeFailure(err)}`;
      finishOperation(op, {
        status: failureType(err) === FAILURE_TYPES.providerUnknown ? 'unknown' : 'failed',
        error: reason,
      });
      apply(
        failureType(err) === FAILURE_TYPES.providerUnknown
          ? { type: 'attention_needed', reason }
          : { type: 'failed', reason },
      );
    } finally {
      redirectWaitOver = true;
    }
  }

  /**
   * A recurrence's charge without the payer: one call charges the registration (BIG FISH InitRP → StartRP), and
   * its answer is the charge's status. A pending answer is settled like a payer's payment: by notification, or
   * by the status checks after the deadline.
   */
  async function chargeRegistration(origin: RegisteredChargeOrigin): Promise<void> {
    const op = startOperation('create', 'create-1');
    try {
      const charged = await provider.chargeRegisteredAtProvider.executeWithOptions(
        { ...moneyCallOptions, summary: `${payment.provider} charge registration ${money(payment.amount)}` },
        [
          payment.provider,
          {
            paymentId: payment.paymentId,
            registrationReference: origin.registrationReference,
            customerId: origin.customerId,
            amount: payment.amount,
            currency: payment.currency,
            captureMode: payment.captureMode,
            notificationUrl: input.details.notificationUrl,
            idempotencyKey: idempotencyKey(op.id),
          },
        ],
      );
      finishOperation(op, { status: 'succeeded', providerReference: charged.providerReference });
      await mutex.exclusive(async () => {
        // No redirect carries the reference here, and status checks need it even while the charge is pending.
        state = { ...state, providerReference: charged.providerReference };
        if (isUndecided()) applyReport(charged.status);
      });
    } catch (err) {
      const reason = `could not charge the registration at ${payment.provider}: ${describeFailure(err)}`;
      const unknown = failureType(err) === FAILURE_TYPES.providerUnknown;
      finishOperation(op, { status: unknown ? 'unknown' : 'failed', error: reason });
      apply(unknown ? { type: 'attention_needed', reason } : { type: 'failed', reason });
    } finally {
      redirectWaitOver = true;
    }
  }

  /** Wait for the payer until the deadline, then ask the provider on a back-off schedule. */
  async function awaitPayerOutcome(): Promise<void> {
    const remaining = Math.max(0, startedAt + timeouts.payerTimeoutMs - Date.now());
    const decided = await condition(() => !isUndecided(), remaining);
    if (decided) return;
    if (!caps.statusApi) return awaitNotificationOnly();
    let lastReport: ProviderStatus | undefined;
    const checks = timeouts.statusPollScheduleMs.length + 1;
    for (let i = 0; i < checks && isUndecided(); i++) {
      if (i > 0) {
        const settled = await condition(() => !isUndecided(), timeouts.statusPollScheduleMs[i - 1] ?? 0);
        if (settled) return;
      }
      lastReport = await mutex.exclusive(async () => {
        const report = await fetchStatus();
        if (report && isUndecided()) applyReport(report);
        return report;
      });
      // The provider has never seen the payer: nothing can have moved, the payment simply expired.
      if (isUndecided() && lastReport?.state === 'not_found') {
        apply({ type: 'expired', reason: 'the payer did not reach the provider before the deadline' });
      }
    }
    if (isUndecided()) {
      apply({
        type: 'attention_needed',
        reason: `no final outcome after ${checks} status checks (last: ${lastReport?.state ?? 'status API unreachable'})`,
      });
    }
  }

  /**
   * A provider without a status API tells us only by notification. None by the deadline: expired (and
   * a late payment is given back). One saying "in review": wait as long as status checks would have
   * taken, then an operator decides.
   */
  async function awaitNotificationOnly(): Promise<void> {
    if (state.status === 'awaiting_payer') {
      apply({ type: 'expired', reason: 'no notification from the provider before the payer deadline' });
      return;
    }
    const patience = timeouts.statusPollScheduleMs.reduce((sum, ms) => sum + ms, 0);
    if (await condition(() => !isUndecided(), patience)) return;
    apply({
      type: 'attention_needed',
      reason: 'the provider reported the payment in review and never concluded',
    });
  }

  function isUndecided(): boolean {
    return state.status === 'processing' || state.status === 'awaiting_payer';
  }

  function isCapturable(): boolean {
    return (state.status === 'authorized' || state.status === 'partially_captured') && !state.captureClosed;
  }

  /** Serve captures and voids until the capture deadline, then apply the configured default. */
  async function captureWindow(): Promise<void> {
    const done = await condition(() => !isCapturable(), timeouts.captureDeadlineMs);
    if (done) return;
    await mutex.exclusive(async () => {
      if (!isCapturable()) return;
      try {
        if (timeouts.captureDeadlineAction === 'capture') {
          await capture(state.authorizedAmount - state.capturedAmount, 'capture deadline');
        } else {
          await releaseHold('capture deadline');
        }
      } catch (err) {
        apply({
          type: 'attention_needed',
          reason: `the capture deadline passed and the automatic ${timeouts.captureDeadlineAction} failed: ${describeFailure(err)}`,
        });
      }
    });
  }

  /** Money that moved after a cancel or expiry is given back: the merchant has no payment to honour. */
  async function compensateLatePayment(report: ProviderStatus): Promise<void> {
    const ref = { ...paymentRef(), providerReference: report.providerReference ?? state.providerReference };
    const done = (id: string) => state.operations.some((o) => o.id === id && o.status === 'succeeded');
    const cannot = (id: string, kind: OperationKind, what: string) => {
      if (state.operations.some((o) => o.id === id)) return;
      const op = startOperation(kind, id, report.capturedAmount ?? report.authorizedAmount);
      finishOperation(op, {
        status: 'failed',
        error: `paid after ${state.status}, but ${payment.provider} cannot ${what}: give it back in the provider's back office`,
      });
      log.error('late payment cannot be given back automatically', { provider: payment.provider });
    };
    if (report.state === 'authorized' && !caps.void) return cannot('void-late-payment', 'void', 'void');
    if (report.state === 'captured' && caps.refunds === 'none') {
      return cannot('refund-late-payment', 'refund', 'refund');
    }
    try {
      if (report.state === 'authorized' && !done('void-late-payment')) {
        const op = startOperation('void', 'void-late-payment');
        await provider.voidAtProvider.executeWithOptions(
          { ...moneyCallOptions, summary: `${payment.provider} void (paid after ${state.status})` },
          [payment.provider, { ...ref, idempotencyKey: idempotencyKey(op.id) }],
        );
        finishOperation(op, { status: 'succeeded' });
      } else if (report.state === 'captured' && !done('refund-late-payment')) {
        const amount = (report.capturedAmount ?? payment.amount) - (report.refundedAmount ?? 0);
        const op = startOperation('refund', 'refund-late-payment', amount);
        await provider.refundAtProvider.executeWithOptions(
          {
            ...moneyCallOptions,
            summary: `${payment.provider} refund ${money(amount)} (paid after ${state.status})`,
          },
          [
            payment.provider,
            {
              ...ref,
              refundId: op.id,
              refundAmount: amount,
              isFullRefund: true,
              idempotencyKey: idempotencyKey(op.id),
            },
          ],
        );
        finishOperation(op, { status: 'succeeded' });
      }
    } catch (err) {
      // The payment is final, so it cannot go to needs_attention; the failed operation and this log
      // line are what an operator sees.
      const pending = state.operations.find((o) => o.status === 'pending' && o.id.endsWith('late-payment'));
      if (pending) finishOperation(pending, { status: 'failed', error: describeFailure(err) });
      log.error('could not give back a payment made after cancel or expiry', { error: describeFailure(err) });
    }
  }

  /**
   * After a cancel or expiry the payer may still finish on the provider's page. For the late-payment
   * window (default: one more payer timeout), late notifications are handled by the pump (which gives the money back); then, where the
   * provider has a status API, one last check.
   */
  async function guardAgainstLatePayment(): Promise<void> {
    await sleep(timeouts.latePaymentWindowMs ?? timeouts.payerTimeoutMs);
    if (caps.statusApi) await mutex.exclusive(confirmWithProvider);
  }

  /** Why a notification's figures cannot be about this payment, if they cannot. */
  function reportMismatch(report: ProviderStatus): string | undefined {
    if (report.currency && report.currency !== payment.currency) {
      return `notification in ${report.currency} for a ${payment.currency} payment`;
    }
    if (
      state.providerReference &&
      report.providerReference &&
      report.providerReference !== state.providerReference
    ) {
      return `notification names provider reference ${report.providerReference}, not this payment's`;
    }
    const largest = Math.max(report.authorizedAmount ?? 0, report.capturedAmount ?? 0);
    if (largest > payment.amount) {
      return `notification reports ${money(largest)}, more than the ${money(payment.amount)} requested`;
    }
    return undefined;
  }

  // ---- commands ----

  async function capture(amount: number, origin: string): Promise<void> {
    const op = startOperation('capture', nextOperationId('capture'), amount);
    const remaining = state.authorizedAmount - state.capturedAmount;
    const capturedBefore = state.capturedAmount;
    try {
      const result = await provider.captureAtProvider.executeWithOptions(
        { ...moneyCallOptions, summary: `${payment.provider} capture ${money(amount)} (${origin})` },
        [
          payment.provider,
          {
            ...paymentRef(),
            captureAmount: amount,
            isFullCapture: amount === remaining,
            idempotencyKey: idempotencyKey(op.id),
          },
        ],
      );
      finishOperation(op, { status: 'succeeded', providerReference: result.providerReference });
      if (result.outcome === 'succeeded') {
        apply({ type: 'capture_succeeded', amount, closesCapture: !caps.multipleCaptures });
      } else {
        await confirmWithProvider();
      }
    } catch (err) {
      if (!(await settleFailedOperation(op, err, () => state.capturedAmount > capturedBefore))) throw err;
    }
  }

  async function releaseHold(origin: string): Promise<void> {
    const op = startOperation('void', nextOperationId('void'));
    try {
      const result = await provider.voidAtProvider.executeWithOptions(
        { ...moneyCallOptions, summary: `${payment.provider} void (${origin})` },
        [payment.provider, { ...paymentRef(), idempotencyKey: idempotencyKey(op.id) }],
      );
      finishOperation(op, { status: 'succeeded', providerReference: result.providerReference });
      if (result.outcome === 'succeeded') apply({ type: 'hold_released' });
      else await confirmWithProvider();
    } catch (err) {
      if (!(await settleFailedOperation(op, err, () => state.captureClosed))) throw err;
    }
  }

  async function refund(amount: number, refundId: string): Promise<void> {
    const op = startOperation('refund', `refund-${refundId}`, amount);
    const refundable = state.capturedAmount - state.refundedAmount;
    const refundedBefore = state.refundedAmount;
    try {
      const result = await provider.refundAtProvider.executeWithOptions(
        { ...moneyCallOptions, summary: `${payment.provider} refund ${money(amount)}` },
        [
          payment.provider,
          {
            ...paymentRef(),
            refundId,
            refundAmount: amount,
            isFullRefund: amount === refundable,
            idempotencyKey: idempotencyKey(op.id),
          },
        ],
      );
      if (result.outcome === 'succeeded') {
        finishOperation(op, { status: 'succeeded', providerReference: result.providerReference });
        apply({ type: 'refund_succeeded', amount });
        return;
      }
      // Accepted; the provider confirms later by notification (ECommPay) or in its status API.
      const confirmed = await condition(() => refundResults.has(refundId), timeouts.redirectTimeoutMs);
      const outcome = refundResults.get(refundId);
      if (confirmed && outcome) {
        finishOperation(op, {
          status: outcome.succeeded ? 'succeeded' : 'failed',
          providerReference: outcome.providerReference ?? result.providerReference,
          error: outcome.succeeded ? undefined : outcome.reason,
        });
        if (outcome.succeeded) apply({ type: 'refund_succeeded', amount });
        else
          throw ApplicationFailure.nonRetryable(
            `refund declined: ${outcome.reason ?? 'no reason given'}`,
            FAILURE_TYPES.providerFinal,
          );
        return;
      }
      await confirmWithProvider();
      finishOperation(op, { status: state.refundedAmount > refundedBefore ? 'succeeded' : 'unknown' });
    } catch (err) {
      if (!(await settleFailedOperation(op, err, () => state.refundedAmount > refundedBefore))) throw err;
    }
  }

  /**
   * After a failed money call: when the outcome is unknown, ask the provider whether it happened.
   * The operation is recorded as succeeded, failed or (if even that cannot be told) unknown, and an
   * unknown money movement puts the payment in front of an operator. Returns whether it took effect.
   */
  async function settleFailedOperation(
    op: PaymentOperation,
    err: unknown,
    tookEffect: () => boolean,
  ): Promise<boolean> {
    const message = describeFailure(err);
    if (err instanceof ApplicationFailure || failureType(err) !== FAILURE_TYPES.providerUnknown) {
      finishOperation(op, { status: 'failed', error: message });
      return false;
    }
    const askable = caps.statusApi && (op.kind !== 'refund' || caps.statusShowsRefunds !== false);
    const report = askable ? await fetchStatus() : undefined;
    if (report) applyReport(report);
    if (report && tookEffect()) {
      finishOperation(op, {
        status: 'succeeded',
        error: `outcome confirmed by status check after: ${message}`,
      });
      return true;
    }
    if (report) {
      finishOperation(op, { status: 'failed', error: `the provider shows no effect after: ${message}` });
    } else {
      finishOperation(op, { status: 'unknown', error: message });
      apply({ type: 'attention_needed', reason: `${op.kind} outcome unknown: ${message}` });
    }
    return false;
  }

  /** Update handlers: validated first (nothing recorded on rejection), then run one at a time. */
  function command(name: string, body: () => Promise<void>): Promise<PaymentView> {
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

  function rejectIf(check: CommandCheck): void {
    if (commandInFlight) {
      throw ApplicationFailure.nonRetryable(
        `another command (${commandInFlight}) is in progress on this payment; retry when it completes`,
        FAILURE_TYPES.conflict,
      );
    }
    if (check) throw ApplicationFailure.nonRetryable(check, FAILURE_TYPES.validation);
  }

  /** Re-check inside the lock: the state may have moved while the command waited its turn. */
  function recheck(check: CommandCheck): void {
    if (check) throw ApplicationFailure.nonRetryable(check, FAILURE_TYPES.validation);
  }

  // ---- handlers: registered before the first await so that no message is ever missed ----

  setHandler(getPaymentQuery, view);

  setHandler(providerNotificationSignal, (event) => {
    if (seenEventIds.has(event.eventId)) return; // duplicates are normal; each is handled once
    seenEventIds.add(event.eventId);
    if (event.type === 'refund_result') {
      refundResults.set(event.refundId, event);
    } else if (event.type === 'redirect_ready') {
      if (!redirect && state.status === 'processing') {
        redirect = event.redirect;
        apply({ type: 'redirect_issued', providerReference: event.providerReference });
      }
    } else {
      inbox.push(event);
    }
  });

  setHandler(
    openPaymentUpdate,
    async () => {
      await condition(() => redirect !== undefined || redirectWaitOver || state.status !== 'processing');
      return view();
    },
    {
      validator: ({ requestFingerprint }) => {
        if (requestFingerprint !== input.requestFingerprint) {
          throw ApplicationFailure.nonRetryable(
            `order ${payment.paymentId} already has a payment created with a different request`,
            FAILURE_TYPES.conflict,
          );
        }
      },
    },
  );

  setHandler(
    captureUpdate,
    ({ amount }) =>
      command('capture', async () => {
        recheck(checkCapture(state, caps, amount));
        await capture(amount ?? state.authorizedAmount - state.capturedAmount, 'merchant');
      }),
    { validator: ({ amount }) => rejectIf(checkCapture(state, caps, amount)) },
  );

  setHandler(
    voidUpdate,
    () =>
      command('void', async () => {
        recheck(checkVoid(state, caps));
        await releaseHold('merchant');
      }),
    { validator: () => rejectIf(checkVoid(state, caps)) },
  );

  const refundSeen = (refundId: string) => state.operations.some((o) => o.id === `refund-${refundId}`);
  setHandler(
    refundUpdate,
    ({ amount, refundId }) => {
      if (refundSeen(refundId)) return Promise.resolve(view()); // the same refund asked again: idempotent
      return command('refund', async () => {
        recheck(checkRefund(state, caps, amount));
        await refund(amount ?? state.capturedAmount - state.refundedAmount, refundId);
      });
    },
    {
      validator: ({ amount, refundId }) => {
        if (!refundSeen(refundId)) rejectIf(checkRefund(state, caps, amount));
      },
    },
  );

  setHandler(
    cancelUpdate,
    ({ reason }) =>
      command('cancel', async () => {
        recheck(checkCancel(state));
        apply({ type: 'canceled', reason: reason ?? 'canceled by the merchant' });
      }),
    { validator: (_command) => rejectIf(checkCancel(state)) },
  );

  setHandler(
    resolveUpdate,
    (resolution) =>
      command('resolve', async () => {
        recheck(checkResolution(state, resolution));
        apply({ type: 'operator_resolved', resolution });
      }),
    { validator: (resolution) => rejectIf(checkResolution(state, resolution)) },
  );

  setHandler(
    redeliverNotificationUpdate,
    ({ eventId }): Promise<NotificationRecord> => merchant.redeliver(eventId),
    {
      validator: ({ eventId }) => {
        if (!merchant.has(eventId)) {
          throw ApplicationFailure.nonRetryable(
            `no merchant event ${eventId} on this payment`,
            FAILURE_TYPES.validation,
          );
        }
      },
    },
  );

  // ---- the lifecycle ----

  publishStatus();
  void notificationPump();
  await createAtProvider();

  let payerPhaseDone = false;
  for (;;) {
    if (isUndecided() && !payerPhaseDone) {
      await awaitPayerOutcome();
      payerPhaseDone = true;
    } else if (state.status === 'needs_attention') {
      await condition(() => state.status !== 'needs_attention');
    } else if (isCapturable()) {
      await captureWindow();
    } else if (LATE_PAYMENT_GUARDED.has(state.status)) {
      await guardAgainstLatePayment();
      break;
    } else if (REFUNDABLE.has(state.status)) {
      await condition(() => isTerminal(state.status), timeouts.refundWindowMs);
      break;
    } else {
      break;
    }
  }
  await condition(() => allHandlersFinished() && !commandInFlight);
  // The payment is settled; it closes once the merchant has been told (or delivery gave up).
  await merchant.settled();
  if (input.recurrence) await Promise.all(recurrenceSignals);
  return view();
}

// Status checks are cheap and idempotent; money calls carry an idempotency key, so both may retry.
const statusCallOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
} as const;
const moneyCallOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 8,
    nonRetryableErrorTypes: [FAILURE_TYPES.providerFinal, FAILURE_TYPES.providerUnknown],
  },
};

function now(): string {
  return new Date().toISOString();
}

/** The ApplicationFailure type behind an activity failure, if any. */
function failureType(err: unknown): string | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

function describeFailure(err: unknown): string {
  const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}

/** What the caller of an update sees: the provider's refusal or our own rule, never a stack trace. */
function asCommandFailure(err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  const type = failureType(err) ?? FAILURE_TYPES.providerTransient;
  const message =
    type === FAILURE_TYPES.providerTransient
      ? `the provider is unavailable, nothing was changed; retry later (${describeFailure(err)})`
      : describeFailure(err);
  return ApplicationFailure.nonRetryable(message, type);
}
