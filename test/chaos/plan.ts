/**
 * What each payment of a chaos run goes through, drawn from the seed: the provider and capture mode,
 * what the payer does, which fault hits the payer's notification, whether forgeries arrive first, and
 * what the merchant does once the money is there (captures, voids, refunds, repeated requests).
 * Only what the provider's capabilities allow is planned, so every command is one a merchant could send.
 */
import type { ProviderCapabilities } from '../../domain/capabilities';
import type { CaptureMode } from '../../domain/payment-types';
import type { ProviderModule } from '../../providers/contract';
import type { NotificationFault } from './notification-faults';
import type { Random } from './random';

export type PayerPlan =
  /** Pays (or declines) on the provider's page. */
  | { kind: 'pay' }
  | { kind: 'decline' }
  /** Opens the page and walks away: the payment must expire. */
  | { kind: 'abandon' }
  /** Never comes; only forged "paid" notifications arrive. The payment must expire untouched. */
  | { kind: 'forged_only'; forgeries: number }
  /** The merchant cancels before the payer pays; with `payAnyway` the payer still pays. */
  | { kind: 'cancel'; payAnyway: boolean };

export type MerchantStep =
  | { op: 'capture'; amount?: number; key: string; sendTwice: boolean }
  | { op: 'void'; key: string; sendTwice: boolean }
  | { op: 'refund'; amount?: number; refundId: string; sendTwice: boolean };

export interface PaymentPlan {
  index: number;
  orderId: string;
  provider: string;
  capabilities: ProviderCapabilities;
  captureMode: CaptureMode;
  amount: number;
  currency: string;
  payer: PayerPlan;
  notificationFault: NotificationFault;
  /** Forged notifications sent before the payer acts. */
  forgeriesFirst: number;
  /** How long the payer takes before acting, ms. */
  payerDelayMs: number;
  /** Only once the payment is authorized or captured. */
  steps: MerchantStep[];
}

/** Money each provider's sandbox takes: a currency it accepts, and an amount range inside its limits. */
const CURRENCY_PREFERENCE = ['USD', 'EUR', 'RON', 'RUB', 'KES'] as const;

export function planPayments(
  count: number,
  modules: readonly ProviderModule[],
  root: Random,
  payerTimeoutMs: number,
  runId: string,
): PaymentPlan[] {
  return Array.from({ length: count }, (_, index) => {
    const random = root.fork(`payment-${index}`);
    const module = modules[index % modules.length] as ProviderModule;
    return planPayment(index, module, random, payerTimeoutMs, runId);
  });
}

function planPayment(
  index: number,
  module: ProviderModule,
  random: Random,
  payerTimeoutMs: number,
  runId: string,
): PaymentPlan {
  const caps = module.capabilities;
  const orderId = `chaos-${runId}-${String(index).padStart(4, '0')}`;
  const currency = CURRENCY_PREFERENCE.find((c) => !caps.currencies || caps.currencies.includes(c)) ?? 'USD';
  const limits = caps.amountLimits?.[currency] ?? { min: 100, max: 10_000_000 };
  const amount = random.int(Math.max(limits.min, 1_000), Math.min(limits.max, 90_000));
  const captureMode = random.pick(caps.captureModes);
  const payer = random.weighted<PayerPlan>([
    [{ kind: 'pay' }, 66],
    [{ kind: 'decline' }, 8],
    [{ kind: 'abandon' }, 6],
    [{ kind: 'forged_only', forgeries: random.int(1, 3) }, 8],
    [{ kind: 'cancel', payAnyway: random.chance(0.6) }, 7],
  ]);
  return {
    index,
    orderId,
    provider: module.name,
    capabilities: caps,
    captureMode,
    amount,
    currency,
    payer,
    notificationFault: notificationFault(random, caps, payerTimeoutMs),
    forgeriesFirst: payer.kind === 'pay' && random.chance(0.1) ? random.int(1, 2) : 0,
    payerDelayMs: random.int(0, 1_500),
    steps: payer.kind === 'pay' ? merchantSteps(random, caps, captureMode, amount, orderId) : [],
  };
}

function notificationFault(
  random: Random,
  caps: ProviderCapabilities,
  payerTimeoutMs: number,
): NotificationFault {
  const fault = random.weighted<NotificationFault['kind']>([
    ['none', 50],
    ['duplicate', 15],
    ['reorder', 13],
    ['late', 10],
    ['drop', 12],
  ]);
  switch (fault) {
    case 'none':
    case 'duplicate':
      return { kind: fault };
    case 'drop':
      // A notification that never arrives is unknowable without a status API; those providers
      // resend until answered, which the gateway and Temporal restarts exercise instead.
      return caps.statusApi ? { kind: 'drop' } : { kind: 'duplicate' };
    case 'reorder':
      return { kind: 'reorder', delayMs: random.int(1_000, 4_000) };
    case 'late':
      return { kind: 'late', delayMs: payerTimeoutMs + random.int(1_000, 5_000) };
  }
}

function merchantSteps(
  random: Random,
  caps: ProviderCapabilities,
  mode: CaptureMode,
  amount: number,
  orderId: string,
): MerchantStep[] {
  const twice = () => random.chance(0.2);
  const steps: MerchantStep[] = [];
  let captured = mode === 'one_stage' ? amount : 0;
  if (mode === 'two_stage') {
    const choice = random.weighted<'full' | 'partial' | 'void' | 'deadline'>([
      ['full', 45],
      ['partial', caps.partialCapture ? 25 : 0],
      ['void', caps.void ? 18 : 0],
      ['deadline', 12],
    ]);
    if (choice === 'void') return [{ op: 'void', key: `void-${orderId}`, sendTwice: twice() }];
    if (choice === 'deadline') return [];
    const part = choice === 'partial' ? Math.floor(amount * (0.3 + random.next() * 0.6)) : undefined;
    steps.push({ op: 'capture', amount: part, key: `capture-${orderId}`, sendTwice: twice() });
    captured = part ?? amount;
  }
  if (caps.refunds === 'none' || !random.chance(0.55)) return steps;
  if (caps.refunds === 'full_only' || !random.chance(0.6)) {
    steps.push({ op: 'refund', refundId: `rf1-${orderId}`, sendTwice: twice() });
    return steps;
  }
  const first = Math.max(1, Math.floor(captured * (0.2 + random.next() * 0.5)));
  steps.push({ op: 'refund', amount: first, refundId: `rf1-${orderId}`, sendTwice: twice() });
  if (caps.multipleRefunds && random.chance(0.5)) {
    steps.push({ op: 'refund', amount: captured - first, refundId: `rf2-${orderId}`, sendTwice: twice() });
  }
  return steps;
}
