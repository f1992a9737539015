/**
 * Delivers the sandbox's result notifications the way Assist does (VERIFIED §2.5): a form-encoded POST; when
 * there is no valid answer it is repeated with growing intervals, at most 8 times over about 4 hours; an XML
 * `pushpaymentresult` answer ends delivery even when it reports failure.
 *
 * The individual intervals are INFERRED (the docs give only "increasing", "8 times", "4 hours"). `timeScale`
 * shrinks them for tests, e.g. 0.0001 turns 4 hours into about 1.4 seconds.
 */
import type { SandboxFaults } from '../contract';
import { postForm } from '../shared/http';
import { parsePushPaymentResult } from './protocol';

/** Minutes between attempts: 8 repeats adding up to 240 minutes. */
const RETRY_INTERVALS_MINUTES = [1, 2, 5, 10, 20, 40, 60, 102] as const;

const DELIVERY_TIMEOUT_MS = 10_000;

export interface NotifierSettings {
  url: string;
  timeScale: number;
  faults: () => SandboxFaults;
}

export class SandboxNotifier {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly settings: NotifierSettings) {}

  /** Sends one notification, honouring the notification faults in force. Never throws. */
  send(fields: Record<string, string>): void {
    const { notificationMode = 'normal', notificationDelayMs = 0 } = this.settings.faults();
    switch (notificationMode) {
      case 'drop':
        return;
      case 'duplicate':
        this.schedule(() => this.deliver(fields, 0), 0);
        this.schedule(() => this.deliver(fields, 0), 0);
        return;
      case 'delay':
        this.schedule(() => this.deliver(fields, 0), notificationDelayMs);
        return;
      case 'normal':
        this.schedule(() => this.deliver(fields, 0), 0);
        return;
    }
  }

  close(): void {
    this.closed = true;
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
  }

  private async deliver(fields: Record<string, string>, attempt: number): Promise<void> {
    if (this.closed) return;
    if (await this.answeredValidly(fields)) return;
    const minutes = RETRY_INTERVALS_MINUTES[attempt];
    if (minutes === undefined) return; // Assist gives up after the last repeat.
    this.schedule(() => this.deliver(fields, attempt + 1), minutes * 60_000 * this.settings.timeScale);
  }

  /** HTTP 200 with a readable pushpaymentresult, success or failure, counts as an answer. */
  private async answeredValidly(fields: Record<string, string>): Promise<boolean> {
    try {
      const answer = await postForm(this.settings.url, fields, DELIVERY_TIMEOUT_MS);
      if (answer.status !== 200) return false;
      parsePushPaymentResult(answer.body);
      return true;
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
