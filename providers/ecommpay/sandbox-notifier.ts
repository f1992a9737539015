/**
 * Delivers the sandbox's callbacks the way ECommPay does (VERIFIED, en_PP_Callbacks.html, §1.5): a signed JSON
 * POST sent at once; delivery is done only when the merchant answers HTTP 200; otherwise 6 attempts 10 s apart,
 * then a period of 70 + 10·1.12^(n−4) seconds before attempt n until it reaches 4 h, then every 4 h, at most
 * 120 attempts. Which attempt the formula's n counts from is INFERRED (we count the first delivery as n = 1).
 * `timeScale` shrinks every interval for tests.
 */
import type { SandboxFaults } from '../contract';
import { postJson } from '../shared/http';
import { signCallback } from './callback';
import type { JsonObject } from './json-reader';

const MAX_ATTEMPTS = 120;
const FAST_ATTEMPTS = 6;
const FAST_PERIOD_S = 10;
const MAX_PERIOD_S = 4 * 60 * 60;
const DELIVERY_TIMEOUT_MS = 10_000;

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

export class SandboxNotifier {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly settings: NotifierSettings) {}

  /** Signs and sends one callback to `url`, honouring the notification faults in force. Never throws. */
  send(url: string, body: JsonObject): void {
    const signed = signCallback(body, this.settings.secretKey);
    const { notificationMode = 'normal', notificationDelayMs = 0 } = this.settings.faults();
    switch (notificationMode) {
      case 'drop':
        return;
      case 'duplicate':
        this.schedule(() => this.deliver(url, signed, 1), 0);
        this.schedule(() => this.deliver(url, signed, 1), 0);
        return;
      case 'delay':
        this.schedule(() => this.deliver(url, signed, 1), notificationDelayMs);
        return;
      case 'normal':
        this.schedule(() => this.deliver(url, signed, 1), 0);
        return;
    }
  }

  close(): void {
    this.closed = true;
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
  }

  private async deliver(url: string, body: JsonObject, attempt: number): Promise<void> {
    if (this.closed) return;
    if (await this.delivered(url, body)) return;
    const seconds = retryDelaySeconds(attempt);
    if (seconds === undefined) return; // ECommPay gives up after the last attempt.
    this.schedule(() => this.deliver(url, body, attempt + 1), seconds * 1000 * this.settings.timeScale);
  }

  private async delivered(url: string, body: JsonObject): Promise<boolean> {
    try {
      return (await postJson(url, body, DELIVERY_TIMEOUT_MS)).status === 200;
    } catch {
      return false;
    }
  }

  private schedule(task: () => Promise<void>, delayMs: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void task();
    }, delayMs);
    this.timers.add(timer);
  }
}
