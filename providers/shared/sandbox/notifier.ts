/**
 * Delivers a sandbox's notifications the way its provider does: each one is built once (sealed, signed), POSTed at
 * once, and POSTed again on the provider's retry schedule until an answer counts as delivered or the schedule ends.
 * The notification faults in force when it is sent apply: drop it, send it twice, or send it late. `timeScale`
 * shrinks every retry interval for tests; nothing is sent once the notifier is closed.
 */
import type { SandboxFaults } from '../../contract';
import type { HttpAnswer } from '../http';

/** How long one delivery attempt may take. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** The wait in ms (real time) after failed attempt `attempt` (1 = the first delivery), undefined to give up. */
export type RetrySchedule = (attempt: number) => number | undefined;

export interface RetryingNotifierSettings<Message, Built> {
  /** The provider's retry habit. */
  schedule: RetrySchedule;
  /** Multiplies every retry interval (1 = real timing). */
  timeScale: number;
  faults: () => SandboxFaults;
  /** Builds what goes on the wire (body, headers, target URL), once per notification: resends repeat it. */
  build: (message: Message) => Built;
  /** One delivery attempt. */
  post: (built: Built, timeoutMs: number) => Promise<HttpAnswer>;
  /** Whether the provider would stop resending after this answer. A throw counts as not delivered. */
  delivered: (answer: HttpAnswer) => boolean;
}

/** A schedule from a list of minutes: after failed attempt n, wait `minutes[n - 1]`; give up after the list. */
export function minuteSchedule(minutes: readonly number[]): RetrySchedule {
  return (attempt) => {
    const wait = minutes[attempt - 1];
    return wait === undefined ? undefined : wait * 60_000;
  };
}

export class RetryingNotifier<Message, Built = Message> {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly delivery: RetryingNotifierSettings<Message, Built>) {}

  /** Sends one notification, honouring the notification faults in force. Never throws. */
  send(message: Message): void {
    const built = this.delivery.build(message);
    const { notificationMode = 'normal', notificationDelayMs = 0 } = this.delivery.faults();
    const first = () => this.deliver(built, 1);
    switch (notificationMode) {
      case 'drop':
        return;
      case 'duplicate':
        this.schedule(first, 0);
        this.schedule(first, 0);
        return;
      case 'delay':
        this.schedule(first, notificationDelayMs);
        return;
      case 'normal':
        this.schedule(first, 0);
        return;
    }
  }

  close(): void {
    this.closed = true;
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
  }

  private async deliver(built: Built, attempt: number): Promise<void> {
    if (this.closed) return;
    if (await this.delivered(built)) return;
    const waitMs = this.delivery.schedule(attempt);
    if (waitMs === undefined) return; // the provider gives up after its last attempt
    this.schedule(() => this.deliver(built, attempt + 1), waitMs * this.delivery.timeScale);
  }

  private async delivered(built: Built): Promise<boolean> {
    try {
      return this.delivery.delivered(await this.delivery.post(built, DELIVERY_TIMEOUT_MS));
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
