/**
 * Calls a transaction's NotificationUrl the way the sandbox assumes BIG FISH does: a JSON POST once the
 * transaction reaches a final state (VERIFIED: "asynchronously, when the final status is set"), repeated while
 * the merchant does not answer HTTP 2xx. The body (protocol.ts) and the retry intervals are INFERRED: BIG FISH
 * documents neither. `timeScale` shrinks the intervals for tests.
 */
import type { SandboxFaults } from '../contract';
import { post } from '../shared/http';
import { minuteSchedule, RetryingNotifier } from '../shared/sandbox/notifier';

/** Minutes between repeats (INFERRED): five more attempts over about four and a half hours. */
const RETRY_INTERVALS_MINUTES = [1, 5, 15, 60, 180] as const;

export interface NotifierSettings {
  timeScale: number;
  faults: () => SandboxFaults;
}

/** One NotificationUrl call: the JSON `body` to `url`. */
export interface Notification {
  url: string;
  body: string;
}

export class SandboxNotifier extends RetryingNotifier<Notification> {
  constructor(settings: NotifierSettings) {
    super({
      schedule: minuteSchedule(RETRY_INTERVALS_MINUTES),
      timeScale: settings.timeScale,
      faults: settings.faults,
      build: (notification) => notification,
      post: ({ url, body }, timeoutMs) => post(url, { body, contentType: 'application/json', timeoutMs }),
      delivered: (answer) => answer.status >= 200 && answer.status < 300,
    });
  }
}
