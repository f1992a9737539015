/**
 * Malformed notifications posted to every provider's webhook during the run, from a second loopback
 * address (127.0.0.2) as a stranger on the internet would: random bytes, broken JSON and forms, XML bombs,
 * wrong content types (the fuzz tests' hostile inputs, drawn from the run's seed). Each must be refused
 * with a 4xx; once that address has used up its allowance the gateway answers 429, while the providers'
 * real notifications, from 127.0.0.1, carry on.
 */
import fc from 'fast-check';
import { Agent, request } from 'undici';
import { CONTENT_TYPES, hostileBody } from '../fuzz/support/hostile-input';
import type { Random } from './random';

export const STRANGER_ADDRESS = '127.0.0.2';

export interface MalformedCounts {
  sent: number;
  refused4xx: number;
  rateLimited429: number;
  /** Anything but a 4xx: an invariant violation, listed by status. */
  unexpected: Array<{ provider: string; status: number }>;
}

export class MalformedNotifications {
  readonly counts: MalformedCounts = { sent: 0, refused4xx: 0, rateLimited429: 0, unexpected: [] };
  private readonly agent = new Agent({ localAddress: STRANGER_ADDRESS, keepAliveTimeout: 1_000 });

  constructor(
    private readonly gatewayUrl: string,
    private readonly providers: readonly string[],
    private readonly random: Random,
  ) {}

  /** A burst of `count` malformed notifications to one provider; refused connections are not counted. */
  async burst(count: number): Promise<void> {
    const provider = this.random.pick(this.providers);
    const bodies = fc.sample(hostileBody, { seed: this.random.int(0, 2 ** 30), numRuns: count });
    for (const body of bodies) {
      const contentType = this.random.pick(CONTENT_TYPES);
      let status: number;
      try {
        const answer = await request(`${this.gatewayUrl}/webhooks/${provider}`, {
          method: 'POST',
          dispatcher: this.agent,
          headers: contentType ? { 'content-type': contentType } : {},
          body,
          headersTimeout: 10_000,
          bodyTimeout: 10_000,
        });
        await answer.body.dump();
        status = answer.statusCode;
      } catch {
        continue; // the gateway is restarting: nothing was delivered, nothing to judge
      }
      this.counts.sent += 1;
      if (status === 429) this.counts.rateLimited429 += 1;
      else if (status >= 400 && status < 500) this.counts.refused4xx += 1;
      else this.counts.unexpected.push({ provider, status });
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
