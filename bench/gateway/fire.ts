/**
 * A fixed number of calls at a fixed concurrency, timed one by one: the load generator of the gateway
 * phase (undici at fixed concurrency rather than autocannon, so no new dependency; the figures are
 * the same kind: requests per second and latency percentiles).
 */
import { Pool } from 'undici';
import { summarize, type Summary } from '../measure/stats';
import type { RecordedNotification } from '../stack/notification-tap';

export interface RateFigures {
  calls: number;
  perSecond: number;
  latency: Summary;
  failures: number;
  firstFailure?: string;
}

export async function fire(
  calls: number,
  concurrency: number,
  call: (index: number) => Promise<void>,
): Promise<RateFigures> {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const started = performance.now();
  const slot = async () => {
    for (let i = next++; i < calls; i = next++) {
      const begin = performance.now();
      try {
        await call(i);
        latencies.push(performance.now() - begin);
      } catch (err) {
        failures += 1;
        firstFailure ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, slot));
  const seconds = (performance.now() - started) / 1000;
  return {
    calls,
    perSecond: latencies.length / seconds,
    latency: summarize(latencies),
    failures,
    firstFailure,
  };
}

/** Posts recorded notifications (in turn) to gateways (in turn); anything but 2xx is a failure. */
export class NotificationPoster {
  private readonly pools: Pool[];

  constructor(gatewayUrls: readonly string[], connections: number) {
    this.pools = gatewayUrls.map((url) => new Pool(url, { connections, keepAliveTimeout: 10_000 }));
  }

  async post(index: number, notification: RecordedNotification): Promise<void> {
    const pool = this.pools[index % this.pools.length] as Pool;
    const answer = await pool.request({
      method: 'POST',
      path: notification.path,
      headers: notification.headers,
      body: notification.body,
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const text = await answer.body.text();
    if (answer.statusCode >= 300) throw new Error(`HTTP ${answer.statusCode}: ${text.slice(0, 200)}`);
  }

  close(): Promise<void> {
    return Promise.all(this.pools.map((p) => p.close())).then(() => undefined);
  }
}
