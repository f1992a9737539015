/**
 * The webhook endpoints over HTTP (app.inject), with every provider's real handler behind the gateway:
 * hostile bodies, content types and query strings always get a 4xx and never a signal; so do unknown
 * provider names and bodies over the gateway's limit. No request leaves an unhandled rejection behind.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { WebhookHandler } from '../../providers/contract';
import { PROVIDER_MODULES } from '../../providers/registry';
import { fakePayments } from '../gateway/fakes';
import { BODY_LIMIT, testGateway } from '../gateway/harness';
import { FuzzTally } from './support/fuzz-tally';
import { contentType, CONTENT_TYPES, hostileBody, hostileQuery, hugeBody } from './support/hostile-input';

const RUNS_PER_PROVIDER = 250;
const RUNS_UNKNOWN_PROVIDER = 100;

const tally = new FuzzTally('webhook-gateway');
const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));
after(() => tally.write());

const handlers = new Map<string, WebhookHandler>(
  PROVIDER_MODULES.map((m) => [
    m.name,
    m.createWebhookHandler(m.configSchema.parse(m.sandboxConfig('http://127.0.0.1:9'))),
  ]),
);
const { api, calls } = fakePayments();
const { app } = testGateway({ payments: api, webhooks: handlers });
const signals = () => calls.filter((c) => c.method === 'deliverNotification');

describe('webhooks over HTTP under hostile input', () => {
  for (const module of PROVIDER_MODULES) {
    it(`/webhooks/${module.name}: a 4xx for every hostile request, and no signal`, async () => {
      const request = fc.record({ body: hostileBody, type: contentType, query: hostileQuery });
      await tally.check(
        `${module.name}: hostile requests over HTTP`,
        fc.asyncProperty(request, async ({ body, type, query }) => {
          const search = new URLSearchParams(query).toString();
          const res = await app.inject({
            method: 'POST',
            url: `/webhooks/${module.name}${search ? `?${search}` : ''}`,
            headers: type === undefined ? {} : { 'content-type': type },
            payload: body,
          });
          assert.ok(
            res.statusCode >= 400 && res.statusCode < 500,
            `${res.statusCode}: ${res.body.slice(0, 200)}`,
          );
          assert.deepEqual(signals(), [], 'a hostile notification was signaled');
        }),
        RUNS_PER_PROVIDER,
      );
    });

    it(`/webhooks/${module.name}: a body over the gateway limit is refused unread in any content type`, async () => {
      for (const type of CONTENT_TYPES) {
        const res = await app.inject({
          method: 'POST',
          url: `/webhooks/${module.name}`,
          headers: { 'content-type': type },
          payload: hugeBody(BODY_LIMIT + 1),
        });
        // An empty Content-Type is refused as such (415) before the body is read; both refuse unread.
        assert.ok(
          res.statusCode === 413 || (type === '' && res.statusCode === 415),
          `${type}: ${res.statusCode}`,
        );
      }
      assert.deepEqual(signals(), []);
      tally.count(`${module.name}: oversized bodies over HTTP`, CONTENT_TYPES.length);
    });
  }

  it('unknown or malformed provider names: 404 or 400, never a handler', async () => {
    const known = new Set(PROVIDER_MODULES.map((m) => m.name));
    const name = fc
      .oneof(
        fc.string({ maxLength: 30 }).map(encodeURIComponent),
        fc.constantFrom('%E0%A4%A', '..', '%00', '__proto__'),
      )
      .filter((n) => !known.has(n));
    await tally.check(
      'unknown providers over HTTP',
      fc.asyncProperty(name, hostileBody, async (provider, body) => {
        const res = await app.inject({ method: 'POST', url: `/webhooks/${provider}`, payload: body });
        assert.ok([400, 404].includes(res.statusCode), `${provider}: ${res.statusCode}`);
      }),
      RUNS_UNKNOWN_PROVIDER,
    );
    assert.deepEqual(signals(), []);
  });

  it('left no unhandled promise rejection behind', () => {
    assert.deepEqual(unhandled, []);
  });
});
