import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testGateway } from './harness';

describe('health probes', () => {
  it('/healthz answers while the process runs, whatever Temporal does', async () => {
    const { app } = testGateway({ readiness: async () => false });
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
  });

  it('/readyz is 200 when the readiness check passes', async () => {
    const { app } = testGateway({ readiness: async () => true });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ready' });
  });

  it('/readyz is 503 when the check fails or throws', async () => {
    for (const readiness of [async () => false, async () => Promise.reject(new Error('deadline exceeded'))]) {
      const { app } = testGateway({ readiness });
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(res.statusCode, 503);
      assert.deepEqual(res.json(), { status: 'not_ready' });
    }
  });

  it('does not log successful probes', async () => {
    const { app, logs } = testGateway();
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: '/readyz' });
    assert.deepEqual(logs(), []);
  });
});
