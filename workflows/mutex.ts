/**
 * A workflow-local mutex. Update handlers, timers and the notification pump interleave at every
 * await; money-moving steps and the reconciliation that follows them must not, or a status report
 * could count a capture that its own handler is about to record.
 */
import { condition } from '@temporalio/workflow';

export interface Mutex {
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

export function createMutex(): Mutex {
  let held = false;
  return {
    async exclusive<T>(fn: () => Promise<T>): Promise<T> {
      await condition(() => !held);
      held = true;
      try {
        return await fn();
      } finally {
        held = false;
      }
    },
  };
}
