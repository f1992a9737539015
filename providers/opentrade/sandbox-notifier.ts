/**
 * Delivers the sandbox's signed results to resultUrl. The real payment system's retry habit is a GAP; ours
 * (INFERRED, the common practice of Russian payment systems of the protocol's era): the result is POSTed at once
 * and, until an answer is HTTP 2xx with the body `OK`, repeated after 1, 5, 15, 30, 60, 120, 240, 480 and 960
 * minutes (9 repeats, about 32 hours in all). Any other answer, including a 4xx, counts as not delivered.
 * `timeScale` shrinks the intervals for tests (0.001 turns 32 hours into about 2 minutes).
 */
import type { SandboxFaults } from '../contract';
import { postForm } from '../shared/http';
import { minuteSchedule, RetryingNotifier } from '../shared/sandbox/notifier';
import { RESULT_ACKNOWLEDGEMENT } from './protocol';

/** Then given up after the last repeat. */
const RETRY_INTERVALS_MINUTES = [1, 5, 15, 30, 60, 120, 240, 480, 960] as const;

export interface ResultDelivery {
  url: string;
  fields: Record<string, string>;
  headers: Record<string, string>;
}

export interface NotifierSettings {
  timeScale: number;
  faults: () => SandboxFaults;
}

export class SandboxNotifier extends RetryingNotifier<ResultDelivery> {
  constructor(settings: NotifierSettings) {
    super({
      schedule: minuteSchedule(RETRY_INTERVALS_MINUTES),
      timeScale: settings.timeScale,
      faults: settings.faults,
      build: (delivery) => delivery,
      post: (delivery, timeoutMs) => postForm(delivery.url, delivery.fields, timeoutMs, delivery.headers),
      delivered: (answer) => {
        const ok = answer.status >= 200 && answer.status < 300;
        return ok && answer.body.trim().toUpperCase() === RESULT_ACKNOWLEDGEMENT;
      },
    });
  }
}
