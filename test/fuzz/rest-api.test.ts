/**
 * Every REST endpoint, fed hostile requests over HTTP (app.inject) through the real PaymentsClient: random
 * and malformed bodies, wrong content types, poisoned keys, absurd numbers, oversized bodies, broken
 * path segments and idempotency keys. The answer is always a specific 4xx problem document, never a
 * 5xx or a crash, and nothing reaches Temporal unless the request was valid.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { z } from 'zod';
import { z as zod } from 'zod';
import {
  cancelSchema,
  captureSchema,
  createPaymentSchema,
  orderIdSchema,
  refundSchema,
  resolveSchema,
} from '../../client/api-schemas';
import { BODY_LIMIT, PROBLEM_JSON, testGateway } from '../gateway/harness';
import { FuzzTally } from './support/fuzz-tally';
import {
  contentType,
  hostileBody,
  hostileQuery,
  hugeBody,
  NASTY_NUMBERS,
  POISON_KEYS,
} from './support/hostile-input';
import { recordingTemporal } from './support/recording-temporal';

const RUNS_PER_COMMAND = 250;
const RUNS_PER_READ = 150;

const tally = new FuzzTally('rest-api');
const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));
after(() => tally.write());

const temporal = recordingTemporal();
const { app } = testGateway({ payments: temporal.payments, recurrences: temporal.payments });
/** Every route the gateway registers, so that routes added later are fuzzed without anyone listing them. */
const routes: Array<{ method: string; url: string }> = [];
app.addHook('onRoute', ({ method, url }) => {
  for (const m of [method].flat()) routes.push({ method: m, url });
});
const RUNS_PER_ROUTE = 100;

interface Command {
  name: string;
  path: (orderId: string) => string;
  /** What the body must satisfy for the request to be allowed through to Temporal. */
  schema: z.ZodType;
}

const COMMANDS: Command[] = [
  { name: 'create', path: () => '/v1/payments', schema: createPaymentSchema },
  { name: 'capture', path: (id) => `/v1/payments/${id}/capture`, schema: captureSchema },
  { name: 'void', path: (id) => `/v1/payments/${id}/void`, schema: zod.object({}).strict() },
  { name: 'refund', path: (id) => `/v1/payments/${id}/refunds`, schema: refundSchema },
  { name: 'cancel', path: (id) => `/v1/payments/${id}/cancel`, schema: cancelSchema },
  { name: 'resolve', path: (id) => `/v1/payments/${id}/resolve`, schema: resolveSchema },
];

/** Path segments: valid ids, junk, traversal, broken percent-encoding, overlong. */
const orderIdSegment = fc.oneof(
  fc.constantFrom('A-1001', 'order_2.x'),
  fc.string({ maxLength: 70 }).map(encodeURIComponent),
  fc.constantFrom('..', '%2e%2e%2f', '%E0%A4%A', '%', '%00', 'a'.repeat(300), ...POISON_KEYS),
);

/** Bodies that look like the real thing but are wrong in one hostile way. */
const nearlyValidBody = fc
  .tuple(
    fc.constantFrom(
      'amount',
      'currency',
      'orderId',
      'refundId',
      'captureMode',
      'returnUrls',
      'status',
      ...POISON_KEYS,
    ),
    fc.oneof(
      fc.constantFrom(...NASTY_NUMBERS.filter(Boolean)),
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
    ),
  )
  .map(([key, raw]) =>
    Buffer.from(
      `{"orderId":"A-1","provider":"assist","amount":100,"currency":"USD","refundId":"r1",` +
        `"returnUrls":{"success":"https://m.example/ok","failure":"https://m.example/no"},"${key}":${raw}}`,
    ),
  );

const idempotencyKey = fc.option(fc.stringMatching(/^[\x20-\x7e]{0,300}$/), { nil: undefined });

function isJsonType(type: string | undefined): boolean {
  return type?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** Whether the request was valid enough that it may have reached Temporal. */
function wasValid(
  command: Command,
  request: { type: string | undefined; body: Buffer; orderId: string; key: string | undefined },
): boolean {
  const { type, body, orderId, key } = request;
  if (command.name !== 'create' && !orderIdSchema.safeParse(safeDecode(orderId)).success) return false;
  if (body.length > 0 && !isJsonType(type)) return false;
  let parsed: unknown = {};
  if (body.length > 0) {
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return false;
    }
  }
  // A refund's Idempotency-Key stands in for a missing refundId (routes/payments.ts).
  if (command.name === 'refund' && key !== undefined && isObject(parsed) && parsed.refundId === undefined) {
    parsed = { ...parsed, refundId: key };
  }
  return command.schema.safeParse(parsed ?? {}).success;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

describe('REST API under hostile input', () => {
  for (const command of COMMANDS) {
    it(`${command.name}: a specific 4xx problem for every hostile request, and nothing invalid reaches Temporal`, async () => {
      const request = fc.record({
        body: fc.oneof(hostileBody, nearlyValidBody),
        type: fc.oneof(contentType, fc.constant('application/json')),
        orderId: orderIdSegment,
        key: idempotencyKey,
      });
      await tally.check(
        `${command.name}: hostile requests`,
        fc.asyncProperty(request, async ({ body, type, orderId, key }) => {
          temporal.reset();
          const headers: Record<string, string> = {};
          if (type !== undefined) headers['content-type'] = type;
          if (key !== undefined) headers['idempotency-key'] = key;
          const res = await app.inject({
            method: 'POST',
            url: command.path(orderId),
            headers,
            payload: body,
          });
          assert.ok(
            res.statusCode >= 400 && res.statusCode < 500,
            `${res.statusCode}: ${res.body.slice(0, 300)}`,
          );
          assert.equal(res.headers['content-type'], PROBLEM_JSON);
          const problem = res.json<{ status: number; type: string; detail: string }>();
          assert.equal(problem.status, res.statusCode);
          assert.ok(problem.detail.length > 0);
          if (temporal.calls.length > 0) {
            const valid = wasValid(command, { type, body, orderId, key });
            assert.ok(valid, `an invalid request reached Temporal: ${temporal.calls}`);
          }
        }),
        RUNS_PER_COMMAND,
      );
    });

    it(`${command.name}: a body over the limit is a 413 before anything else`, async () => {
      temporal.reset();
      const res = await app.inject({
        method: 'POST',
        url: command.path('A-1'),
        headers: { 'content-type': 'application/json' },
        payload: hugeBody(BODY_LIMIT + 1),
      });
      assert.equal(res.statusCode, 413);
      assert.deepEqual(temporal.calls, []);
      tally.count(`${command.name}: oversized bodies`, 1);
    });
  }

  it('GET /v1/payments/:orderId and /pay: 4xx for every hostile id', async () => {
    await tally.check(
      'read: hostile order ids',
      fc.asyncProperty(orderIdSegment, fc.boolean(), async (orderId, payPage) => {
        const res = await app.inject({
          method: 'GET',
          url: `/v1/payments/${orderId}${payPage ? '/pay' : ''}`,
        });
        assert.ok(
          res.statusCode >= 400 && res.statusCode < 500,
          `${res.statusCode}: ${res.body.slice(0, 300)}`,
        );
        assert.equal(res.headers['content-type'], PROBLEM_JSON);
      }),
      RUNS_PER_READ,
    );
  });

  it('GET /v1/payments?…: a hostile filter is a 4xx; a valid one lists', async () => {
    await tally.check(
      'list: hostile filters',
      fc.asyncProperty(hostileQuery, async (query) => {
        temporal.reset();
        const search = new URLSearchParams(query).toString();
        const res = await app.inject({ method: 'GET', url: `/v1/payments?${search}` });
        assert.ok(res.statusCode < 500, `${res.statusCode}: ${res.body.slice(0, 300)}`);
        if (res.statusCode === 200) assert.deepEqual(temporal.calls, ['list']);
        else assert.deepEqual(temporal.calls, []);
      }),
      RUNS_PER_READ,
    );
  });

  it('GET /v1/payment-methods ignores whatever query it is sent', async () => {
    await tally.check(
      'payment methods: hostile queries',
      fc.asyncProperty(hostileQuery, async (query) => {
        const res = await app.inject({
          method: 'GET',
          url: `/v1/payment-methods?${new URLSearchParams(query)}`,
        });
        assert.equal(res.statusCode, 200);
      }),
      RUNS_PER_READ / 3,
    );
  });

  it('every /v1 route, whatever it is sent: never a 5xx, and every refusal a problem document', async () => {
    await app.ready();
    const v1 = routes.filter((r) => r.url.startsWith('/v1/') && r.method !== 'HEAD');
    assert.ok(v1.length >= 9, `found ${v1.length} routes`);
    for (const route of v1) {
      const request = fc.record({
        segments: fc.array(orderIdSegment, { minLength: 3, maxLength: 3 }),
        query: hostileQuery,
        body: hostileBody,
        type: contentType,
      });
      await tally.check(
        `${route.method} ${route.url}: hostile requests`,
        fc.asyncProperty(request, async ({ segments, query, body, type }) => {
          let param = 0;
          const path = route.url.replace(/:[A-Za-z]+/g, () => segments[param++ % segments.length] as string);
          const search = new URLSearchParams(query).toString();
          const res = await app.inject({
            method: route.method as 'GET' | 'POST' | 'PATCH' | 'DELETE',
            url: `${path}${search ? `?${search}` : ''}`,
            headers: type === undefined ? {} : { 'content-type': type },
            ...(route.method === 'GET' ? {} : { payload: body }),
          });
          assert.ok(
            res.statusCode < 500,
            `${route.method} ${path}: ${res.statusCode} ${res.body.slice(0, 300)}`,
          );
          if (res.statusCode >= 400) assert.equal(res.headers['content-type'], PROBLEM_JSON);
        }),
        RUNS_PER_ROUTE,
      );
    }
  });

  it('left no unhandled promise rejection behind', () => {
    assert.deepEqual(unhandled, []);
  });
});
