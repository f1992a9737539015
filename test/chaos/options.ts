/**
 * What a chaos run does and how long everything may take. `npm run chaos` reads the CHAOS_* knobs; the
 * smoke test in npm test uses a small fixed profile. Payment timings are seconds instead of hours so
 * that every payment, deadlines and late payments included, settles within the run.
 */
import { randomSeed } from './random';

export interface ChaosTimings {
  payerTimeout: string;
  statusPollSchedule: string;
  redirectTimeout: string;
  captureDeadline: string;
  refundWindow: string;
  latePaymentWindow: string;
  /** How long an unpaid order stays payable at the sandbox. */
  unpaidOrderTtlMs: number;
  /** Provider HTTP deadline in the worker: a held answer turns into a timeout after this. */
  providerRequestTimeoutMs: number;
  /** Scales the sandboxes' notification retry intervals (minutes become fractions of a second). */
  notificationRetryScale: number;
}

export interface ChaosOptions {
  payments: number;
  seed: number;
  /** Payments driven at the same time. */
  concurrency: number;
  /** The whole run, setup to verdict, must end within this. */
  deadlineMs: number;
  workerKills: number;
  restartTemporal: boolean;
  restartGateway: boolean;
  /** 5xx, timeouts and latency on provider API calls. */
  providerFaults: boolean;
  /** Forged and malformed notifications sent to the gateway. */
  hostileNotifications: boolean;
  timings: ChaosTimings;
  /** Progress lines; the smoke test keeps them quiet. */
  log: (line: string) => void;
}

const FULL_TIMINGS: ChaosTimings = {
  // The payer's window counts from the workflow's start; a worker killed while creating the payment
  // eats up to an activity timeout (30 s) of it, so it is not much shorter than that.
  payerTimeout: '25s',
  statusPollSchedule: '2s,4s,8s,16s',
  redirectTimeout: '8s',
  captureDeadline: '20s',
  refundWindow: '20s',
  // As .env.example asks: long enough to cover the providers' resends of a late notification. Scaled
  // by 0.001, mobilPay resends for about 50 s and OpenTrade for about 115 s; shorter, a late payment
  // whose notification is delayed by a restart would arrive after its payment closed.
  latePaymentWindow: '120s',
  // Longer than an activity timeout, so a create retried after a worker kill still finds its order
  // open; shorter than the payer deadline plus the status checks, so an abandoned order is seen expiring.
  unpaidOrderTtlMs: 35_000,
  providerRequestTimeoutMs: 3_000,
  notificationRetryScale: 0.001,
};

/** `npm run chaos`: CHAOS_PAYMENTS (300), CHAOS_SEED (random), CHAOS_CONCURRENCY (10), CHAOS_DEADLINE_MINUTES (25). */
export function chaosOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ChaosOptions {
  const payments = positiveInteger(env, 'CHAOS_PAYMENTS', 300);
  return {
    payments,
    seed: positiveInteger(env, 'CHAOS_SEED', randomSeed(), 0),
    concurrency: positiveInteger(env, 'CHAOS_CONCURRENCY', 10),
    deadlineMs: positiveInteger(env, 'CHAOS_DEADLINE_MINUTES', 25) * 60_000,
    workerKills: Math.max(3, Math.min(8, Math.round(payments / 60))),
    restartTemporal: true,
    restartGateway: true,
    providerFaults: true,
    hostileNotifications: true,
    timings: FULL_TIMINGS,
    log: (line) => console.log(`[chaos] ${line}`),
  };
}

/** The fast version npm test runs: the same driver, a handful of payments, one worker kill. */
export function smokeOptions(seed = randomSeed()): ChaosOptions {
  return {
    payments: 20,
    seed,
    concurrency: 8,
    deadlineMs: 150_000,
    workerKills: 1,
    restartTemporal: false,
    restartGateway: false,
    providerFaults: true,
    hostileNotifications: true,
    timings: {
      ...FULL_TIMINGS,
      payerTimeout: '6s',
      statusPollSchedule: '1s,2s,4s',
      captureDeadline: '8s',
      refundWindow: '6s',
      // Without gateway or Temporal restarts, late notifications need no resends to arrive.
      latePaymentWindow: '20s',
      unpaidOrderTtlMs: 4_000,
    },
    log: () => undefined,
  };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer ≥ ${min}, not "${text}"`);
  return value;
}
