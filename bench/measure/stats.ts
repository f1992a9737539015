/** Summaries of latency samples: nearest-rank percentiles, in milliseconds. */

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { n: 0, mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const rank = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))] as number;
  return {
    n,
    mean: sorted.reduce((sum, x) => sum + x, 0) / n,
    p50: rank(50),
    p95: rank(95),
    p99: rank(99),
    max: sorted[n - 1] as number,
  };
}

export function median(values: readonly number[]): number {
  return summarize(values).p50;
}
