/**
 * A fixed number of jobs at a fixed concurrency: `concurrency` slots each take the next job until
 * none are left. A job's merchant-side part runs in its slot; its completion (the workflow closing) is
 * awaited after all slots are done, with a deadline, so nothing can keep the run open for ever.
 * Throughput is completed jobs over the time from the first start to the last completion.
 */
import type { Driven } from './payment-driver';

export type JobOutcome<T> =
  { ok: true; index: number; timings: T; completedAt: number } | { ok: false; index: number; error: string };

export interface LoadResult<T> {
  outcomes: JobOutcome<T>[];
  concurrency: number;
  elapsedSeconds: number;
  /** Completed jobs per second. */
  throughput: number;
  failures: number;
}

export async function runAtConcurrency<T>(
  count: number,
  concurrency: number,
  job: (index: number) => Promise<Driven<T>>,
  completionTimeoutMs: number,
): Promise<LoadResult<T>> {
  const started = performance.now();
  const merchantSide: Array<{
    index: number;
    timings?: T;
    settled?: Promise<number | Error>;
    error?: string;
  }> = [];
  let next = 0;
  const slot = async () => {
    for (let index = next++; index < count; index = next++) {
      try {
        const { timings, completion } = await job(index);
        // Settled at once, so a failing workflow is never an unhandled rejection while others still run.
        const settled = completion.then(
          (at) => at,
          (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
        );
        merchantSide.push({ index, timings, settled });
      } catch (err) {
        merchantSide.push({ index, error: err instanceof Error ? err.message : String(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, slot));

  const outcomes = await Promise.all(
    merchantSide.map(async ({ index, timings, settled, error }): Promise<JobOutcome<T>> => {
      if (!settled || timings === undefined) return { ok: false, index, error: error ?? 'unknown error' };
      const completedAt = await withDeadline(settled, completionTimeoutMs);
      if (completedAt instanceof Error)
        return { ok: false, index, error: `completion: ${completedAt.message}` };
      return { ok: true, index, timings, completedAt };
    }),
  );
  const done = outcomes.filter((o): o is Extract<JobOutcome<T>, { ok: true }> => o.ok);
  const last = done.reduce((max, o) => Math.max(max, o.completedAt), started);
  const elapsedSeconds = (last - started) / 1000;
  return {
    outcomes: outcomes.sort((a, b) => a.index - b.index),
    concurrency,
    elapsedSeconds,
    throughput: elapsedSeconds > 0 ? done.length / elapsedSeconds : 0,
    failures: outcomes.length - done.length,
  };
}

function withDeadline<T>(promise: Promise<T | Error>, ms: number): Promise<T | Error> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Error>((done) => {
    timer = setTimeout(() => done(new Error(`not completed within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
