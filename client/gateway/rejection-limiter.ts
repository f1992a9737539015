/**
 * Per-source limit on unverified webhooks. Every notification the provider's handler rejects (bad
 * signature, malformed) costs its sender one token from a bucket that holds `limitPerMinute` tokens and
 * refills at that rate; a source with an empty bucket gets 429 before any verification work (decryption,
 * HMAC, parsing). A provider's real notifications verify, so they never spend tokens: one noisy source
 * cannot slow verification for the others, nor lock out a provider sending from another address.
 *
 * Memory stays bounded: a bucket that has refilled completely is the same as no bucket, so it is
 * dropped, and past MAX_TRACKED_SOURCES the fullest buckets go first.
 */

const MAX_TRACKED_SOURCES = 10_000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RejectionLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(
    private readonly limitPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(limitPerMinute) || limitPerMinute < 1) {
      throw new RangeError('limitPerMinute must be a positive integer');
    }
    this.refillPerMs = limitPerMinute / 60_000;
  }

  /** True when `source` has used up its rejections: answer 429 without looking at the request. */
  isLimited(source: string): boolean {
    const bucket = this.refilled(source);
    return bucket !== undefined && bucket.tokens < 1;
  }

  /** Charge `source` for one rejected (unverified) notification. */
  recordRejection(source: string): void {
    const bucket = this.refilled(source) ?? { tokens: this.limitPerMinute, updatedAt: this.now() };
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    this.buckets.delete(source); // re-inserted last: Map order is then least recently charged first
    this.buckets.set(source, bucket);
    if (this.buckets.size > MAX_TRACKED_SOURCES) this.evict();
  }

  /** Seconds until `source` may try again (for Retry-After). */
  retryAfterSeconds(source: string): number {
    const tokens = this.refilled(source)?.tokens ?? this.limitPerMinute;
    return Math.max(1, Math.ceil((1 - tokens) / this.refillPerMs / 1000));
  }

  /** Sources currently tracked (tests and diagnostics). */
  get trackedSources(): number {
    return this.buckets.size;
  }

  private refilled(source: string): Bucket | undefined {
    const bucket = this.buckets.get(source);
    if (!bucket) return undefined;
    const now = this.now();
    bucket.tokens = Math.min(
      this.limitPerMinute,
      bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs,
    );
    bucket.updatedAt = now;
    if (bucket.tokens >= this.limitPerMinute) {
      this.buckets.delete(source);
      return undefined;
    }
    return bucket;
  }

  /** Drops refilled buckets, then the least recently charged ones, until a tenth of the room is free. */
  private evict(): void {
    for (const source of [...this.buckets.keys()]) this.refilled(source);
    const target = Math.floor(MAX_TRACKED_SOURCES * 0.9);
    for (const source of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(source);
    }
  }
}
