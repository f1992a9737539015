/**
 * Every provider's WebhookHandler.handle, fed hostile input directly: random bytes, wrong content
 * types, poisoned keys, invalid UTF-8, XML bombs, absurd numbers, bodies over its cap, truncated
 * authentic notifications, and garbage that carries a valid signature. It never throws and never lets
 * unverifiable input through: refused with a 4xx of the provider's format, or at most ignored.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { WebhookOutcome, WebhookRequest } from '../../providers/contract';
import { PROVIDER_MODULES } from '../../providers/registry';
import { authenticNotification, SAMPLE_PAYMENT_ID } from './support/authentic-notifications';
import { FuzzTally } from './support/fuzz-tally';
import {
  contentType,
  CONTENT_TYPES,
  hostileBody,
  hostileQuery,
  hugeBody,
  truncationOf,
} from './support/hostile-input';
import { signedGarbage } from './support/signed-garbage';

const RUNS = { hostile: 300, truncated: 100, signedGarbage: 150 };
const OVER_ANY_PROVIDER_CAP = 64 * 1024 + 1;

const tally = new FuzzTally('webhook-handlers');
const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));
after(() => tally.write());

function assertRefused(outcome: WebhookOutcome): void {
  assert.notEqual(outcome.kind, 'event', 'unverifiable input became an event');
  if (outcome.kind === 'rejected') {
    assert.ok(outcome.reply.status >= 400 && outcome.reply.status < 500, `answered ${outcome.reply.status}`);
    assert.ok(outcome.reason.length > 0);
  }
}

/** Authentic content may be acted on; anything else must be refused with a 4xx. */
function assertRefusedOrAuthentic(outcome: WebhookOutcome): void {
  if (outcome.kind === 'rejected') {
    assert.ok(outcome.reply.status >= 400 && outcome.reply.status < 500, `answered ${outcome.reply.status}`);
  } else {
    assert.ok(outcome.reply.status < 500, `answered ${outcome.reply.status}`);
  }
}

for (const module of PROVIDER_MODULES) {
  describe(`${module.displayName} webhook handler under hostile input`, () => {
    const config = module.configSchema.parse(module.sandboxConfig('http://127.0.0.1:9'));
    const handler = module.createWebhookHandler(config);
    const handle = (request: WebhookRequest) => handler.handle(request);

    it('refuses random bodies, content types and query strings without throwing', async () => {
      const request = fc.record({ body: hostileBody, type: contentType, query: hostileQuery });
      await tally.check(
        `${module.name}: hostile bodies`,
        fc.asyncProperty(request, async ({ body, type, query }) => {
          assertRefused(
            await handle({
              rawBody: body,
              headers: { 'content-type': type },
              query,
              sourceIp: '198.51.100.1',
            }),
          );
        }),
        RUNS.hostile,
      );
    });

    it('refuses a body over its size cap in any content type', async () => {
      for (const type of CONTENT_TYPES) {
        const outcome = await handle({
          rawBody: hugeBody(OVER_ANY_PROVIDER_CAP),
          headers: { 'content-type': type },
          query: {},
        });
        assertRefused(outcome);
        assert.equal(outcome.kind, 'rejected');
      }
      tally.count(`${module.name}: oversized bodies`, CONTENT_TYPES.length);
    });

    const authentic = authenticNotification(module.name, config);
    it(
      'refuses a truncated authentic notification, or acts on its authentic part only',
      { skip: !authentic },
      async () => {
        const sample = authentic as WebhookRequest;
        const whole = await handle(sample);
        assert.equal(
          whole.kind,
          'event',
          `the untruncated sample verifies (${whole.kind === 'rejected' ? whole.reason : ''})`,
        );
        await tally.check(
          `${module.name}: truncated authentic notifications`,
          fc.asyncProperty(truncationOf(sample.rawBody), async (prefix) => {
            const outcome = await handle({ ...sample, rawBody: prefix });
            assertRefusedOrAuthentic(outcome);
            if (outcome.kind === 'event') assert.equal(outcome.paymentId, SAMPLE_PAYMENT_ID);
          }),
          RUNS.truncated,
        );
      },
    );

    const garbage = signedGarbage(module.name, config);
    it('reads garbage that carries a valid signature without throwing', { skip: !garbage }, async () => {
      await tally.check(
        `${module.name}: signed garbage`,
        fc.asyncProperty(garbage as fc.Arbitrary<WebhookRequest>, async (request) => {
          assertRefusedOrAuthentic(await handle(request));
        }),
        RUNS.signedGarbage,
      );
    });
  });
}

it('left no unhandled promise rejection behind', () => {
  assert.deepEqual(unhandled, []);
});
