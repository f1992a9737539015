/**
 * A worker whose metrics address is taken still gets its Runtime (and so still runs payments), and
 * says why it has no metrics. Its own file: the Runtime is a process-wide singleton.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { installWorkerRuntime } from '../../worker/runtime-telemetry';

it('installs the Runtime without metrics, with a warning, when the address is taken', async () => {
  const squatter = createServer();
  await new Promise<void>((listening) => squatter.listen(0, '127.0.0.1', listening));
  const taken = `127.0.0.1:${(squatter.address() as AddressInfo).port}`;
  let written = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString('utf8');
      done();
    },
  });
  try {
    const served = installWorkerRuntime({
      logger: pino({ level: 'info' }, sink),
      temporalLogger: new DefaultLogger('WARN'),
      metricsAddress: taken,
    });
    assert.equal(served, undefined);
    assert.ok(Runtime.instance(), 'a Runtime is installed all the same');
    const warning = JSON.parse(written.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    assert.equal(warning.level, 40);
    assert.equal(warning.address, taken);
    assert.match(String(warning.reason), /in use/i);
  } finally {
    squatter.close();
    // The Runtime's log forwarding would keep this process alive; shutdown() is internal but public.
    await Runtime.instance().shutdown();
  }
});
