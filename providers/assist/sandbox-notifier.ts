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
import { minuteSchedule, RetryingNotifier } from '../shared/sandbox/notifier';
import { parsePushPaymentResult } from './protocol';

/** Minutes between attempts: 8 repeats adding up to 240 minutes; Assist gives up after the last. */
const RETRY_INTERVALS_MINUTES = [1, 2, 5, 10, 20, 40, 60, 102] as const;

export interface NotifierSettings {
  url: string;
  timeScale: number;
  faults: () => SandboxFaults;
}

/** `send(fields)` posts one notification's form fields to the configured URL. */
export class SandboxNotifier extends RetryingNotifier<Record<string, string>> {
  constructor(settings: NotifierSettings) {
    super({
      schedule: minuteSchedule(RETRY_INTERVALS_MINUTES),
      timeScale: settings.timeScale,
      faults: settings.faults,
      build: (fields) => fields,
      post: (fields, timeoutMs) => postForm(settings.url, fields, timeoutMs),
      delivered: answeredValidly,
    });
  }
}

/** HTTP 200 with a readable pushpaymentresult, success or failure, counts as an answer. */
function answeredValidly(answer: { status: number; body: string }): boolean {
  if (answer.status !== 200) return false;
  parsePushPaymentResult(answer.body);
  return true;
}
