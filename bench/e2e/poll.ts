/**
 * Bounded polling: how the merchant learns that a notification has been handled (GET until the status
 * moves), and how the floor's driver mirrors it (a query until the step has passed). Every wait has a
 * deadline, so a stuck payment fails the run instead of hanging it.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions {
  pollIntervalMs: number;
  stepTimeoutMs: number;
}

export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: PollOptions,
): Promise<T> {
  const deadline = performance.now() + options.stepTimeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (performance.now() > deadline) {
      throw new Error(`still not there after ${options.stepTimeoutMs} ms (last: ${JSON.stringify(value)})`);
    }
    await sleep(options.pollIntervalMs);
  }
}
