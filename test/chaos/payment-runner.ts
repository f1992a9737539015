/**
 * Drives one payment through its plan the way the outside world would: the merchant's backend over
 * the REST API, the payer through the provider's own pages (the sandbox), and forgers posting fake
 * "paid" notifications. It records what it did and what it was told (journal.ts); judging is the
 * verifier's job.
 */
import type { RedirectInstruction } from '../../domain/payment-types';
import type { ProviderSandbox } from '../../providers/contract';
import { type CommandRecord, customerOf, newRecord, type PaymentRecord } from './journal';
import type { NotificationFaults } from './notification-faults';
import type { MerchantStep, PaymentPlan } from './plan';
import type { ApiAnswer, RestClient } from './rest-client';

export interface RunnerDeps {
  api: RestClient;
  sandboxes: ReadonlyMap<string, ProviderSandbox>;
  notifications: NotificationFaults;
  /** How long a paid payment may take to leave awaiting_payer/processing (deadline, polls, restarts). */
  decisionBudgetMs: number;
  /**
   * The redirect as the payer's browser reaches the provider: straight to the sandbox, not through the
   * faulty link the worker's API calls take (provider-link.ts).
   */
  payerRoute: (provider: string, redirect: RedirectInstruction) => RedirectInstruction;
}

/** A 502 means the provider stayed unreachable and nothing changed: a careful merchant tries again later. */
const PROVIDER_UNAVAILABLE_RETRIES = 3;
const UNDECIDED = new Set(['awaiting_payer', 'processing']);
const MONEY_HELD = new Set(['authorized', 'partially_captured', 'captured', 'partially_refunded']);

export async function runPayment(plan: PaymentPlan, deps: RunnerDeps): Promise<PaymentRecord> {
  const record = newRecord(plan);
  try {
    await drive(plan, deps, record);
  } catch (err) {
    record.driverError = err instanceof Error ? err.message : String(err);
  }
  return record;
}

async function drive(plan: PaymentPlan, deps: RunnerDeps, record: PaymentRecord): Promise<void> {
  const sandbox = deps.sandboxes.get(plan.provider) as ProviderSandbox;
  const created = await deps.api.create(createBody(plan));
  record.createStatus = created.status;
  if (created.status !== 201) return;
  const issued = (created.body as { redirect?: RedirectInstruction }).redirect;
  const redirect = issued && deps.payerRoute(plan.provider, issued);
  record.hadRedirect = redirect !== undefined;

  const forgeries = plan.payer.kind === 'forged_only' ? plan.payer.forgeries : plan.forgeriesFirst;
  for (let i = 0; i < forgeries; i++) {
    record.forgeries.push(
      await sandbox.sendForgedNotification(plan.orderId).catch(() => 'no answer' as const),
    );
    await sleep(200 + 300 * i);
  }

  await sleep(plan.payerDelayMs);
  switch (plan.payer.kind) {
    case 'pay':
    case 'decline':
      if (!redirect) return;
      await payerActs(plan, deps, record, redirect, plan.payer.kind === 'pay' ? 'approve' : 'decline');
      break;
    case 'abandon':
      if (redirect) await sandbox.actAsPayer(redirect, 'abandon').catch(() => undefined);
      return;
    case 'forged_only':
      return;
    case 'cancel': {
      const answer = await deps.api.command(plan.orderId, 'cancel', {
        reason: 'customer changed their mind',
      });
      record.commands.push({ op: 'cancel', statuses: [answer.status], attempts: answer.attempts });
      if (plan.payer.payAnyway && redirect) await payerActs(plan, deps, record, redirect, 'approve');
      return;
    }
  }
  if (plan.payer.kind !== 'pay') return;

  const decided = await waitForDecision(plan.orderId, deps);
  record.statusAfterPayer = decided;
  if (!decided || !MONEY_HELD.has(decided)) return;
  for (const step of plan.steps) {
    const command = await runStep(plan.orderId, step, deps.api);
    record.commands.push(command);
    await sleep(100 + (plan.index % 5) * 100);
  }
}

async function payerActs(
  plan: PaymentPlan,
  deps: RunnerDeps,
  record: PaymentRecord,
  redirect: RedirectInstruction,
  action: 'approve' | 'decline',
): Promise<void> {
  // A notification is only faulted when the payer's own choice triggers it (not for a pay-after-cancel).
  const fault = plan.payer.kind === 'cancel' ? { kind: 'none' as const } : plan.notificationFault;
  try {
    await deps.notifications.actAsPayer(plan.provider, redirect, action, fault);
    record.payerActed = true;
  } catch (err) {
    record.payerError = err instanceof Error ? err.message : String(err);
  }
}

/** Polls until the payment is out of awaiting_payer/processing; undefined if that never happens. */
async function waitForDecision(orderId: string, deps: RunnerDeps): Promise<string | undefined> {
  const deadline = Date.now() + deps.decisionBudgetMs;
  while (Date.now() < deadline) {
    const answer = await deps.api.get(orderId);
    const status = answer.status === 200 ? (answer.body as { status?: string }).status : undefined;
    if (status && !UNDECIDED.has(status)) return status;
    await sleep(500);
  }
  return undefined;
}

async function runStep(orderId: string, step: MerchantStep, api: RestClient): Promise<CommandRecord> {
  const record: CommandRecord = {
    op: step.op,
    key: step.op === 'refund' ? step.refundId : step.key,
    amount: step.op === 'void' ? undefined : step.amount,
    statuses: [],
    attempts: 0,
  };
  for (let retry = 0; retry <= PROVIDER_UNAVAILABLE_RETRIES; retry++) {
    // After a 502 nothing changed, so the next try is a new operation with a new key.
    const key = retry === 0 ? record.key : `${record.key}-r${retry}`;
    const send = () => sendStep(orderId, step, key as string, api);
    const answers = await Promise.all(step.sendTwice ? [send(), send()] : [send()]);
    record.key = key;
    record.statuses = answers.map((a) => a?.status ?? 'no answer');
    record.attempts += answers.reduce((sum, a) => sum + (a?.attempts ?? 0), 0);
    const ok = answers.find((a) => a?.status === 200)?.body as CommandRecord['confirmed'] | undefined;
    if (ok)
      record.confirmed = {
        status: ok.status,
        capturedAmount: ok.capturedAmount,
        refundedAmount: ok.refundedAmount,
      };
    if (!record.statuses.includes(502)) break;
    await sleep(1_000 * (retry + 1));
  }
  return record;
}

function sendStep(
  orderId: string,
  step: MerchantStep,
  key: string,
  api: RestClient,
): Promise<ApiAnswer | undefined> {
  const sent =
    step.op === 'capture'
      ? api.command(orderId, 'capture', step.amount === undefined ? {} : { amount: step.amount }, key)
      : step.op === 'void'
        ? api.command(orderId, 'void', {}, key)
        : api.command(orderId, 'refunds', {
            refundId: key,
            ...(step.amount === undefined ? {} : { amount: step.amount }),
          });
  return sent.catch(() => undefined);
}

function createBody(plan: PaymentPlan): Record<string, unknown> {
  const { email, phone } = customerOf(plan);
  return {
    orderId: plan.orderId,
    provider: plan.provider,
    amount: plan.amount,
    currency: plan.currency,
    captureMode: plan.captureMode,
    description: `chaos payment ${plan.index}`,
    customer: { email, phone, ipAddress: '198.51.100.23', firstName: 'Chaos', lastName: 'Payer' },
    returnUrls: { success: 'https://merchant.example/paid', failure: 'https://merchant.example/failed' },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
