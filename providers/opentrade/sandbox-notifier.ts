/**
 * Delivers the sandbox's signed results to resultUrl. The real payment system's retry habit is a GAP; ours
 * (INFERRED, the common practice of Russian payment systems of the protocol's era): the result is POSTed at once
 * and, until an answer is HTTP 2xx with the body `OK`, repeated after 1, 5, 15, 30, 60, 120, 240, 480 and 960
 * minutes (9 repeats, about 32 hours in all). Any other answer, including a 4xx, counts as not delivered.
 * `timeScale` shrinks the intervals for tests (0.001 turns 32 hours into about 2 minutes).
 */
import type { SandboxFaults } from '../contract';
import { postForm } from '../shared/http';
import { RESULT_ACKNOWLEDGEMENT } from './protocol';

const RETRY_INTERVALS_MINUTES = [1, 5, 15, 30, 60, 120, 240, 480, 960] as const;

const DELIVERY_TIMEOUT_MS = 10_000;

export interface ResultDelivery {
  url: string;
  fields: Record<string, string>;
  headers: Record<string, string>;
}

export interface NotifierSettings {
  timeScale: number;
  faults: () => SandboxFaults;
}

export class SandboxNotifier {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly settings: NotifierSettings) {}

  /** Sends one result, honouring the notification faults in force. Never throws. */
  send(delivery: ResultDelivery): void {
    const { notificationMode = 'normal', notificationDelayMs = 0 } = this.settings.faults();
    switch (notificationMode) {
      case 'drop':
        return;
      case 'duplicate':
        this.schedule(() => this.deliver(delivery, 0), 0);
        this.schedule(() => this.deliver(delivery, 0), 0);
        return;
      case 'delay':
        this.schedule(() => this.deliver(delivery, 0), notificationDelayMs);
        return;
      case 'normal':
        this.schedule(() => this.deliver(delivery, 0), 0);
        return;
    }
  }

  close(): void {
    this.closed = true;
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
  }

  private async deliver(delivery: ResultDelivery, attempt: number): Promise<void> {
    if (this.closed) return;
    if (await this.acknowledged(delivery)) return;
    const minutes = RETRY_INTERVALS_MINUTES[attempt];
    if (minutes === undefined) return; // given up after the last repeat
    this.schedule(() => this.deliver(delivery, attempt + 1), minutes * 60_000 * this.settings.timeScale);
  }

  private async acknowledged(delivery: ResultDelivery): Promise<boolean> {
    try {
      const answer = await postForm(delivery.url, delivery.fields, DELIVERY_TIMEOUT_MS, delivery.headers);
      const ok = answer.status >= 200 && answer.status < 300;
      return ok && answer.body.trim().toUpperCase() === RESULT_ACKNOWLEDGEMENT;
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
