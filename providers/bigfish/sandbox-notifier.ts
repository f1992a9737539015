/**
 * Calls a transaction's NotificationUrl the way the sandbox assumes BIG FISH does: a JSON POST once the
 * transaction reaches a final state (VERIFIED: "asynchronously, when the final status is set"), repeated while
 * the merchant does not answer HTTP 2xx. The body (protocol.ts) and the retry intervals are INFERRED: BIG FISH
 * documents neither. `timeScale` shrinks the intervals for tests.
 */
import type { SandboxFaults } from '../contract';
import { post } from '../shared/http';

/** Minutes between repeats (INFERRED): five more attempts over about four and a half hours. */
const RETRY_INTERVALS_MINUTES = [1, 5, 15, 60, 180] as const;
const DELIVERY_TIMEOUT_MS = 10_000;

export interface NotifierSettings {
  timeScale: number;
  faults: () => SandboxFaults;
}

export class SandboxNotifier {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly settings: NotifierSettings) {}

  /** Sends one notification to `url`, honouring the notification faults in force. Never throws. */
  send(url: string, body: string): void {
    const { notificationMode = 'normal', notificationDelayMs = 0 } = this.settings.faults();
    const deliver = () => this.deliver(url, body, 0);
    switch (notificationMode) {
      case 'drop':
        return;
      case 'duplicate':
        this.schedule(deliver, 0);
        this.schedule(deliver, 0);
        return;
      case 'delay':
        this.schedule(deliver, notificationDelayMs);
        return;
      case 'normal':
        this.schedule(deliver, 0);
        return;
    }
  }

  close(): void {
    this.closed = true;
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
  }

  private async deliver(url: string, body: string, attempt: number): Promise<void> {
    if (this.closed || (await this.accepted(url, body))) return;
    const minutes = RETRY_INTERVALS_MINUTES[attempt];
    if (minutes === undefined) return;
    this.schedule(() => this.deliver(url, body, attempt + 1), minutes * 60_000 * this.settings.timeScale);
  }

  private async accepted(url: string, body: string): Promise<boolean> {
    try {
      const answer = await post(url, {
        body,
        contentType: 'application/json',
        timeoutMs: DELIVERY_TIMEOUT_MS,
      });
      return answer.status >= 200 && answer.status < 300;
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
