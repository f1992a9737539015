import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance } from 'fastify';
import type { OpenAPI } from 'openapi-types';
import pino from 'pino';
import { buildGateway } from '../../client/gateway/app';
import { buildOpenApiDocument } from '../../client/gateway/openapi/document';
import { openApiPath } from '../../client/gateway/openapi/parameters';
import type { OpenApiDocument } from '../../client/gateway/openapi/types';
import type { RecurrencesApi } from '../../client/gateway/routes/recurring';
import { fakePayments } from './fakes';
import { BODY_LIMIT, testGateway } from './harness';

/** A gateway with every optional /v1 route family switched on, so that all of them are checked. */
function fullGateway(): FastifyInstance {
  return buildGateway({
    payments: fakePayments().api,
    // Registering the routes calls nothing; no request is made.
    recurrences: {} as RecurrencesApi,
    webhooks: new Map(),
    logger: pino({ level: 'silent' }),
    bodyLimitBytes: BODY_LIMIT,
    readiness: async () => true,
  });
}

/**
 * `METHOD /path` of every /v1 route the app registers, in OpenAPI's path syntax. The hook is added
 * before ready(), when the route plugins have not run yet, so it sees every route they add.
 */
async function registeredApiRoutes(app: FastifyInstance): Promise<Set<string>> {
  const routes = new Set<string>();
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/v1/') && route.url !== '/v1') return;
    for (const method of [route.method].flat()) {
      // Fastify adds HEAD for every GET by itself; it answers like the GET and needs no entry.
      if (method !== 'HEAD') routes.add(`${method} ${openApiPath(route.url).path}`);
    }
  });
  await app.ready();
  return routes;
}

function documentedRoutes(doc: OpenApiDocument): Set<string> {
  return new Set(
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    ),
  );
}

function difference(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((x) => !b.has(x)).sort();
}

/** Every `$ref` in the document, with where it is. */
function refsIn(value: unknown, at = '#'): Array<{ ref: string; at: string }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsIn(v, `${at}/${i}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === '$ref' && typeof v === 'string' ? [{ ref: v, at }] : refsIn(v, `${at}/${key}`),
  );
}

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, part) =>
        typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined,
      doc,
    );
}

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument();

  it('documents every /v1 route the gateway serves, and no route it does not', async () => {
    const served = await registeredApiRoutes(fullGateway());
    const documented = documentedRoutes(doc);
    assert.ok(served.size >= 10, `expected the payment routes, saw ${[...served].join(', ')}`);
    assert.deepEqual(difference(served, documented), [], 'served but missing from openapi/resources/');
    assert.deepEqual(difference(documented, served), [], 'documented but not served');
  });

  it('notices an undocumented /v1 route (the check above can fail)', async () => {
    const app = fullGateway();
    app.register(async (v1) => v1.get('/payments/:orderId/secret-extra', async () => ({})), {
      prefix: '/v1',
    });
    const served = await registeredApiRoutes(app);
    assert.deepEqual(difference(served, documentedRoutes(doc)), ['GET /v1/payments/{orderId}/secret-extra']);
  });

  it('resolves every $ref inside the document', () => {
    const refs = refsIn(doc);
    assert.ok(refs.length > 20);
    const dangling = refs.filter(({ ref }) => resolvePointer(doc, ref) === undefined);
    assert.deepEqual(dangling, []);
  });

  it('is a valid OpenAPI 3.1 document (swagger-parser, no network)', async () => {
    // validate() dereferences in place: give it a copy.
    const copy = structuredClone(doc) as unknown as OpenAPI.Document;
    await SwaggerParser.validate(copy, { resolve: { external: false } });
  });

  it('gives every operation a unique id, a tag, a success response and problem responses', () => {
    const ids = new Set<string>();
    const tags = new Set(doc.tags.map((t) => t.name));
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const where = `${method} ${path}`;
        assert.ok(!ids.has(op.operationId), `${where}: duplicate operationId ${op.operationId}`);
        ids.add(op.operationId);
        assert.ok(
          op.tags.every((t) => tags.has(t)),
          `${where}: undeclared tag`,
        );
        const statuses = Object.keys(op.responses);
        assert.ok(
          statuses.some((s) => /^2\d\d$/.test(s)),
          `${where}: no success response`,
        );
        assert.ok(statuses.includes('500'), `${where}: no 500 problem`);
        for (const name of (path.match(/\{(\w+)\}/g) ?? []).map((p) => p.slice(1, -1))) {
          const declared = op.parameters.map((p) => ('$ref' in p ? resolvePointer(doc, p.$ref) : p));
          assert.ok(
            declared.some((p) => (p as { name?: string; in?: string }).name === name),
            `${where}: path parameter ${name} not declared`,
          );
        }
      }
    }
  });

  it('describes request bodies as callers send them: defaults optional, unknown fields refused', () => {
    const create = doc.components.schemas.CreatePaymentRequest;
    assert.ok(create?.required);
    assert.ok(!create.required.includes('captureMode'), 'captureMode has a default');
    assert.equal(create.additionalProperties, false);
    assert.equal(create.properties?.amount && (create.properties.amount as { minimum?: number }).minimum, 1);
    const payment = doc.components.schemas.Payment;
    assert.ok(payment?.properties && !('requestFingerprint' in payment.properties), 'internal field hidden');
    assert.equal(payment.additionalProperties, undefined, 'answers may gain fields');
  });

  it('is served at /docs/openapi.json, and as a self-contained page at /docs', async () => {
    const { app } = testGateway();
    const json = await app.inject({ method: 'GET', url: '/docs/openapi.json' });
    assert.equal(json.statusCode, 200);
    assert.match(String(json.headers['content-type']), /^application\/json/);
    assert.deepEqual(json.json(), JSON.parse(JSON.stringify(doc)));

    const page = await app.inject({ method: 'GET', url: '/docs' });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item))
        assert.ok(page.body.includes(`id="${op.operationId}"`), op.operationId);
    }
    assert.ok(!/<script|src=["']?https?:/i.test(page.body), 'no script, nothing loaded from elsewhere');
  });
});
