/**
 * The /codec endpoint as the Temporal Web UI and CLI call it: token checks, CORS preflight from the
 * UI's origin, and decode/encode of proto-JSON payloads with the deployment's codec.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { payloadToJson } from '../../client/gateway/codec-json';
import { CODEC_BODY_LIMIT_BYTES } from '../../client/gateway/routes/codec';
import { createPayloadCodec } from '../../worker/encryption/data-converter';
import { TEST_CODEC_TOKEN, TEST_ENCRYPTION } from '../support/encryption';
import { PROBLEM_JSON, testGateway } from './harness';

const UI_ORIGIN = 'http://localhost:8233';
const codec = createPayloadCodec(TEST_ENCRYPTION)!;
const CUSTOMER = { email: 'jane.doe@example.com', phone: '+15551234567' };

function gateway() {
  return testGateway({ codec: { codec, authToken: TEST_CODEC_TOKEN, corsOrigins: [UI_ORIGIN] } });
}

/** What the UI sends: its own headers, the payloads in proto-JSON. */
function uiRequest(path: string, payloads: Payload[], headers: Record<string, string> = {}) {
  return {
    method: 'POST' as const,
    url: path,
    headers: { 'content-type': 'application/json', 'x-namespace': 'default', origin: UI_ORIGIN, ...headers },
    payload: JSON.stringify({ payloads: payloads.map(payloadToJson) }),
  };
}

async function encryptedCustomer(): Promise<Payload> {
  const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload(CUSTOMER)]);
  return encrypted!;
}

/** A decoded proto-JSON payload back to its value, as the UI would show it. */
function valueOf(json: { metadata: Record<string, string>; data?: string }): unknown {
  return defaultPayloadConverter.fromPayload({
    metadata: Object.fromEntries(
      Object.entries(json.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
    ),
    data: Buffer.from(json.data ?? '', 'base64'),
  });
}

describe('codec endpoint', () => {
  it('decodes with the token as a Bearer header (CLI --codec-auth)', async () => {
    const { app } = gateway();
    const res = await app.inject(
      uiRequest('/codec/decode', [await encryptedCustomer()], {
        authorization: `Bearer ${TEST_CODEC_TOKEN}`,
      }),
    );
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['access-control-allow-origin'], UI_ORIGIN);
    const { payloads } = res.json();
    assert.equal(payloads.length, 1);
    assert.deepEqual(valueOf(payloads[0]), CUSTOMER);
    assert.equal(Buffer.from(payloads[0].metadata.encoding, 'base64').toString(), 'json/plain');
  });

  it('decodes with the token as a path segment (Web UI codec endpoint)', async () => {
    const { app } = gateway();
    const res = await app.inject(uiRequest(`/codec/${TEST_CODEC_TOKEN}/decode`, [await encryptedCustomer()]));
    assert.equal(res.statusCode, 200);
    assert.deepEqual(valueOf(res.json().payloads[0]), CUSTOMER);
  });

  it('encodes, and what it encodes decodes again', async () => {
    const { app } = gateway();
    const auth = { authorization: `Bearer ${TEST_CODEC_TOKEN}` };
    const plain = defaultPayloadConverter.toPayload(CUSTOMER);
    const encoded = await app.inject(uiRequest('/codec/encode', [plain], auth));
    assert.equal(encoded.statusCode, 200);
    const [payload] = encoded.json().payloads;
    assert.equal(Buffer.from(payload.metadata.encoding, 'base64').toString(), 'binary/encrypted');
    assert.equal(Buffer.from(payload.data, 'base64').includes(CUSTOMER.email), false);

    const decoded = await app.inject({
      ...uiRequest('/codec/decode', [], auth),
      payload: { payloads: [payload] },
    });
    assert.deepEqual(valueOf(decoded.json().payloads[0]), CUSTOMER);
  });

  it('passes unencrypted payloads through, as they were', async () => {
    const { app } = gateway();
    const plain = defaultPayloadConverter.toPayload({ note: 'written before encryption' });
    const res = await app.inject(uiRequest(`/codec/${TEST_CODEC_TOKEN}/decode`, [plain]));
    assert.deepEqual(res.json().payloads, [payloadToJson(plain)]);
  });

  it('answers 401 problem+json without the right token, and decodes nothing', async () => {
    const { app, rawLogs } = gateway();
    const encrypted = await encryptedCustomer();
    const attempts = [
      uiRequest('/codec/decode', [encrypted]),
      uiRequest('/codec/decode', [encrypted], { authorization: `Bearer ${TEST_CODEC_TOKEN}x` }),
      uiRequest('/codec/decode', [encrypted], { authorization: TEST_CODEC_TOKEN }), // no scheme
      uiRequest('/codec/wrong-token-0123456789abcdef0123456789/decode', [encrypted]),
      uiRequest('/codec/encode', [defaultPayloadConverter.toPayload(CUSTOMER)]),
    ];
    for (const attempt of attempts) {
      const res = await app.inject(attempt);
      assert.equal(res.statusCode, 401, attempt.url);
      assert.equal(res.headers['content-type'], PROBLEM_JSON);
      assert.match(res.headers['www-authenticate'] as string, /^Bearer/);
      // The UI can read the refusal (and show "decode failed") instead of seeing a CORS error.
      assert.equal(res.headers['access-control-allow-origin'], UI_ORIGIN);
      const problem = res.json();
      assert.equal(problem.type, 'https://payments.example/problems/unauthorized');
      assert.equal(problem.status, 401);
      assert.equal(JSON.stringify(problem).includes(CUSTOMER.email), false);
    }
    assert.equal(rawLogs().includes(TEST_CODEC_TOKEN), false, 'the token reached the logs');
  });

  it('answers the UI preflight with the methods and headers the UI sends', async () => {
    const { app } = gateway();
    for (const url of ['/codec/decode', `/codec/${TEST_CODEC_TOKEN}/decode`, '/codec/encode']) {
      const res = await app.inject({
        method: 'OPTIONS',
        url,
        headers: {
          origin: UI_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-namespace,authorization',
        },
      });
      assert.equal(res.statusCode, 204, url);
      assert.equal(res.headers['access-control-allow-origin'], UI_ORIGIN);
      assert.match(res.headers['access-control-allow-methods'] as string, /\bPOST\b/);
      const allowed = (res.headers['access-control-allow-headers'] as string).split(/,\s*/);
      for (const header of ['content-type', 'x-namespace', 'authorization'])
        assert.ok(allowed.includes(header));
      assert.equal(res.headers.vary, 'Origin');
    }
  });

  it('gives other origins no CORS grant', async () => {
    const { app } = gateway();
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    assert.equal(preflight.headers['access-control-allow-headers'], undefined);
    const post = await app.inject(
      uiRequest(`/codec/${TEST_CODEC_TOKEN}/decode`, [await encryptedCustomer()], {
        origin: 'https://evil.example',
      }),
    );
    assert.equal(post.headers['access-control-allow-origin'], undefined);
  });

  it('refuses bodies that are not payloads, and payloads it cannot decrypt', async () => {
    const { app } = gateway();
    const url = `/codec/${TEST_CODEC_TOKEN}/decode`;
    const notPayloads = await app.inject({ ...uiRequest(url, []), payload: { payloads: [{ data: '***' }] } });
    assert.equal(notPayloads.statusCode, 422);
    assert.deepEqual(notPayloads.json().errors, [{ field: 'payloads.0.data', message: 'must be base64' }]);

    const encrypted = await encryptedCustomer();
    const damaged = { ...encrypted, data: Buffer.from(encrypted.data!).fill(0, 20, 24) };
    const res = await app.inject(uiRequest(url, [damaged]));
    assert.equal(res.statusCode, 422);
    assert.match(res.json().detail, /failed authentication with key "test"/);

    const text = await app.inject({ ...uiRequest(url, []), headers: { 'content-type': 'text/plain' } });
    assert.equal(text.statusCode, 415);
  });

  it('accepts bodies up to its own limit, above the REST limit', async () => {
    const { app } = gateway();
    const big = defaultPayloadConverter.toPayload('x'.repeat(100_000));
    const res = await app.inject(uiRequest(`/codec/${TEST_CODEC_TOKEN}/encode`, [big]));
    assert.equal(res.statusCode, 200);
    const tooBig = await app.inject({
      ...uiRequest(`/codec/${TEST_CODEC_TOKEN}/encode`, []),
      payload: JSON.stringify({ payloads: [{ data: 'A'.repeat(CODEC_BODY_LIMIT_BYTES) }] }),
    });
    assert.equal(tooBig.statusCode, 413);
    assert.match(tooBig.json().detail, new RegExp(String(CODEC_BODY_LIMIT_BYTES)));
  });

  it('is not served without a codec', async () => {
    const { app } = testGateway();
    const res = await app.inject(uiRequest(`/codec/${TEST_CODEC_TOKEN}/decode`, []));
    assert.equal(res.statusCode, 404);
  });
});
