/**
 * Delivers the sandbox's callbacks the way ECommPay does (VERIFIED, en_PP_Callbacks.html, §1.5): a signed JSON
 * POST sent at once; delivery is done only when the merchant answers HTTP 200; otherwise 6 attempts 10 s apart,
 * then a period of 70 + 10·1.12^(n−4) seconds before attempt n until it reaches 4 h, then every 4 h, at most
 * 120 attempts. Which attempt the formula's n counts from is INFERRED (we count the first delivery as n = 1).
 * `timeScale` shrinks every interval for tests.
 */
import type { SandboxFaults } from '../contract';
import { postJson } from '../shared/http';
import { RetryingNotifier } from '../shared/sandbox/notifier';
import { signCallback } from './callback';
import type { JsonObject } from './json-reader';

const MAX_ATTEMPTS = 120;
const FAST_ATTEMPTS = 6;
const FAST_PERIOD_S = 10;
const MAX_PERIOD_S = 4 * 60 * 60;

/** Seconds to wait after attempt `n` (1-based) before attempt n + 1; undefined after the last attempt. */
export function retryDelaySeconds(n: number): number | undefined {
  if (n >= MAX_ATTEMPTS) return undefined;
  const next = n + 1;
  if (next <= FAST_ATTEMPTS) return FAST_PERIOD_S;
  return Math.min(70 + 10 * 1.12 ** (next - 4), MAX_PERIOD_S);
}

export interface NotifierSettings {
  secretKey: string;
  timeScale: number;
  faults: () => SandboxFaults;
}

/** One callback: the unsigned `body` for `url`; the notifier signs it once, every resend repeats it. */
export interface Callback {
  url: string;
  body: JsonObject;
}

export class SandboxNotifier extends RetryingNotifier<Callback> {
  constructor(settings: NotifierSettings) {
    super({
      schedule: (attempt) => {
        const seconds = retryDelaySeconds(attempt);
        return seconds === undefined ? undefined : seconds * 1000;
      },
      timeScale: settings.timeScale,
      faults: settings.faults,
      build: ({ url, body }) => ({ url, body: signCallback(body, settings.secretKey) }),
      post: ({ url, body }, timeoutMs) => postJson(url, body, timeoutMs),
      delivered: (answer) => answer.status === 200,
    });
  }
}
