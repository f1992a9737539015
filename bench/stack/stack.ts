/**
 * One bench stack on loopback: its own Temporal dev server (temp SQLite file), the real worker and
 * gateway as child processes configured only through the environment, the floor worker beside them,
 * and the provider sandboxes in the driver process (their payer pages are what the driver "clicks").
 * Sandboxes notify through the tap (notification-tap.ts), which forwards to the gateway(s).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Client, Connection } from '@temporalio/client';
import type { ProviderSandbox } from '../../providers/contract';
import { PROVIDER_MODULES } from '../../providers/registry';
import { connectClient } from '../../client/temporal-connection';
import { loadConfig } from '../../worker/config';
import { createDataConverter } from '../../worker/encryption/data-converter';
import { configureProviders } from '../../worker/providers';
import { ChildProcessApp } from './child';
import { stackEnv } from './env';
import { NotificationTap } from './notification-tap';
import { freePort, freePortBlock } from './ports';
import { startBenchTemporal, type BenchTemporal, type Storage } from './temporal';

const WORKER_START_TIMEOUT_MS = 180_000;
const GATEWAY_START_TIMEOUT_MS = 90_000;
const READY_LINE = /"msg":"worker started"/;

export interface StackOptions {
  /** Where logs and the SQLite file go. */
  dir: string;
  storage: Storage;
  /** Gateway processes behind the tap and the REST client (requests alternate between them). */
  gateways: number;
  /** Set to use bench/stack/tuned-worker.ts with these WORKER_* settings instead of worker/main.ts. */
  tuning: Record<string, string>;
  /** Timeouts and log level for every process. */
  env: Record<string, string>;
}

export interface BenchStack {
  temporal: BenchTemporal;
  client: Client;
  connection: Connection;
  gatewayUrls: string[];
  sandboxes: ReadonlyMap<string, ProviderSandbox>;
  tap: NotificationTap;
  env: NodeJS.ProcessEnv;
  worker: ChildProcessApp;
  floorWorker: ChildProcessApp;
  gateways: ChildProcessApp[];
  close(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<BenchStack> {
  mkdirSync(options.dir, { recursive: true });
  // A reused BENCH_OUT must not hand the new server an old database: every run starts empty.
  for (const suffix of ['', '-wal', '-shm'])
    rmSync(join(options.dir, `temporal.sqlite${suffix}`), { force: true });
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const temporal = await startBenchTemporal(
      options.storage,
      await freePort(),
      join(options.dir, 'temporal.sqlite'),
      join(options.dir, 'temporal.log'),
    );
    closers.push(() => temporal.stop());

    const gatewayPorts = await Promise.all(Array.from({ length: options.gateways }, () => freePort()));
    const gatewayUrls = gatewayPorts.map((port) => `http://127.0.0.1:${port}`);
    const tap = new NotificationTap(gatewayUrls);
    const tapUrl = await tap.listen(await freePort());
    closers.push(() => tap.close());

    const env = stackEnv({
      temporalAddress: temporal.address,
      gatewayPort: gatewayPorts[0] as number,
      publicUrl: tapUrl,
      sandboxBasePort: await freePortBlock(PROVIDER_MODULES.length),
      extra: { ...options.env, ...options.tuning },
    });
    const sandboxes = await startSandboxes(env, tapUrl);
    closers.push(() => Promise.all([...sandboxes.values()].map((s) => s.close())));

    const tuned = Object.keys(options.tuning).length > 0;
    const logFile = (name: string) => join(options.dir, `${name}.log`);
    const worker = new ChildProcessApp(
      'worker',
      tuned ? 'bench/stack/tuned-worker.ts' : 'worker/main.ts',
      env,
      logFile('worker'),
    );
    const floorWorker = new ChildProcessApp('floor-worker', 'bench/floor/worker.ts', env, logFile('floor'));
    const gateways = gatewayPorts.map(
      (port, i) =>
        new ChildProcessApp(
          `gateway-${i}`,
          'client/gateway/main.ts',
          { ...env, GATEWAY_PORT: String(port) },
          logFile(`gateway-${i}`),
        ),
    );
    for (const app of [worker, floorWorker, ...gateways]) {
      closers.push(() => app.stop());
      app.start();
    }
    // One at a time would take minutes: each worker bundles its workflows with webpack at start.
    await Promise.all([
      worker.waitForOutput(READY_LINE, WORKER_START_TIMEOUT_MS),
      floorWorker.waitForOutput(READY_LINE, WORKER_START_TIMEOUT_MS),
      ...gatewayUrls.map((url) => waitUntilReady(url)),
    ]);

    const config = loadConfig(env);
    const { client, connection } = await connectClient(
      config.temporal,
      createDataConverter(config.encryption),
    );
    closers.push(() => connection.close());
    return {
      temporal,
      client,
      connection,
      gatewayUrls,
      sandboxes,
      tap,
      env,
      worker,
      floorWorker,
      gateways,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

async function startSandboxes(env: NodeJS.ProcessEnv, tapUrl: string): Promise<Map<string, ProviderSandbox>> {
  const sandboxes = new Map<string, ProviderSandbox>();
  for (const provider of configureProviders(loadConfig(env).providers, env)) {
    const sandbox = await provider.module.startSandbox(provider.config, {
      port: provider.sandboxPort as number,
      host: '127.0.0.1',
      notificationUrl: `${tapUrl}/webhooks/${provider.module.name}`,
      // A notification the gateway could not take is resent after 0.6 s instead of a minute.
      retryTimeScale: 0.01,
    });
    sandboxes.set(provider.module.name, sandbox);
  }
  return sandboxes;
}

async function waitUntilReady(gatewayUrl: string): Promise<void> {
  const deadline = Date.now() + GATEWAY_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${gatewayUrl}/readyz`, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`the gateway at ${gatewayUrl} was not ready within ${GATEWAY_START_TIMEOUT_MS} ms`);
}
