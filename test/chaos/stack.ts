/**
 * The whole orchestrator as a chaos run sees it: its own Temporal dev server (SQLite, survives restarts),
 * the worker and the gateway as child processes configured only through environment variables, and
 * the provider sandboxes inside the driver process, so that their ledgers (the providers' truth) and
 * fault switches outlive every restart. Between the worker and each sandbox sits a ProviderLink.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { RedirectInstruction } from '../../domain/payment-types';
import type { ProviderSandbox } from '../../providers/contract';
import { PROVIDER_MODULES } from '../../providers/registry';
import { findFreePort } from '../../scripts/dev-server';
import { loadConfig } from '../../worker/config';
import { formatKeyEntry, KEY_BYTES } from '../../worker/encryption/key-ring';
import { configureProviders } from '../../worker/providers';
import { ChildApp } from './child-app';
import type { ChaosOptions } from './options';
import { freePortBlock } from './ports';
import { ProviderLink } from './provider-link';
import type { Random } from './random';
import { TemporalServer } from './temporal-server';

const HOST = '127.0.0.1';
const WORKER_START_TIMEOUT_MS = 90_000;
const GATEWAY_START_TIMEOUT_MS = 60_000;

export interface ChaosStack {
  gatewayUrl: string;
  temporal: TemporalServer;
  worker: ChildApp;
  gateway: ChildApp;
  sandboxes: ReadonlyMap<string, ProviderSandbox>;
  links: ReadonlyMap<string, ProviderLink>;
  /** Rewrites a redirect so that the payer reaches the sandbox directly, not through the link. */
  payerRoute(provider: string, redirect: RedirectInstruction): RedirectInstruction;
  startWorker(): Promise<void>;
  startGateway(): Promise<void>;
  close(): Promise<void>;
}

export async function startChaosStack(
  options: ChaosOptions,
  workDir: string,
  random: Random,
): Promise<ChaosStack> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const temporal = new TemporalServer(
      await findFreePort(),
      join(workDir, 'temporal.sqlite'),
      join(workDir, 'temporal.log'),
    );
    closers.push(() => temporal.close());
    await temporal.start();

    const gatewayPort = await findFreePort();
    const gatewayUrl = `http://${HOST}:${gatewayPort}`;
    const env = childEnv(options, {
      temporal: temporal.address,
      gatewayPort,
      linkBasePort: await freePortBlock(PROVIDER_MODULES.length),
    });

    const sandboxes = new Map<string, ProviderSandbox>();
    const links = new Map<string, ProviderLink>();
    const origins = new Map<string, { link: string; sandbox: string }>();
    for (const provider of configureProviders(loadConfig(env).providers, env)) {
      const name = provider.module.name;
      const hiddenPort = await findFreePort();
      const sandbox = await provider.module.startSandbox(provider.config, {
        port: hiddenPort,
        host: HOST,
        notificationUrl: `${gatewayUrl}/webhooks/${name}`,
        unpaidOrderTtlMs: options.timings.unpaidOrderTtlMs,
        retryTimeScale: options.timings.notificationRetryScale,
      });
      closers.push(() => sandbox.close());
      sandboxes.set(name, sandbox);
      const link = new ProviderLink(
        name,
        provider.sandboxPort as number,
        hiddenPort,
        random.fork(`link-${name}`),
      );
      await link.start();
      closers.push(() => link.close());
      links.set(name, link);
      origins.set(name, {
        link: `http://${HOST}:${provider.sandboxPort}`,
        sandbox: `http://${HOST}:${hiddenPort}`,
      });
    }

    const gateway = new ChildApp('gateway', 'client/gateway/main.ts', env, join(workDir, 'gateway.log'));
    const worker = new ChildApp('worker', 'worker/main.ts', env, join(workDir, 'worker.log'));
    closers.push(
      () => gateway.close(),
      () => worker.close(),
    );
    const stack: ChaosStack = {
      gatewayUrl,
      temporal,
      worker,
      gateway,
      sandboxes,
      links,
      payerRoute(provider, redirect) {
        const origin = origins.get(provider);
        if (!origin || !redirect.url.startsWith(origin.link)) return redirect;
        return { ...redirect, url: origin.sandbox + redirect.url.slice(origin.link.length) };
      },
      async startWorker() {
        worker.start();
        await worker.waitForOutput(/"msg":"worker started"/, WORKER_START_TIMEOUT_MS);
      },
      async startGateway() {
        gateway.start();
        await waitUntilReady(gatewayUrl, GATEWAY_START_TIMEOUT_MS);
      },
      close,
    };
    await Promise.all([stack.startGateway(), stack.startWorker()]);
    return stack;
  } catch (err) {
    await close();
    throw err;
  }
}

/** Variables of ours in the parent environment are dropped, so a developer's shell cannot skew the run. */
const OWN_VARIABLES = [
  'TEMPORAL_',
  'GATEWAY_',
  'PROVIDER',
  'SANDBOX_',
  'PAYLOAD_ENCRYPTION',
  'CODEC_',
  'MERCHANT_NOTIFICATION',
  'WORKER_',
  'LOG_LEVEL',
  'PAYER_TIMEOUT',
  'STATUS_POLL_SCHEDULE',
  'REDIRECT_TIMEOUT',
  'CAPTURE_DEADLINE',
  'REFUND_WINDOW',
  'LATE_PAYMENT_WINDOW',
  ...PROVIDER_MODULES.map((m) => m.envPrefix),
];

function childEnv(
  options: ChaosOptions,
  where: { temporal: string; gatewayPort: number; linkBasePort: number },
): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([name]) => !OWN_VARIABLES.some((p) => name.startsWith(p)),
  );
  const t = options.timings;
  return {
    ...Object.fromEntries(inherited),
    TEMPORAL_ADDRESS: where.temporal,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: 'chaos-payments',
    GATEWAY_HOST: HOST,
    GATEWAY_PORT: String(where.gatewayPort),
    GATEWAY_PUBLIC_URL: `http://${HOST}:${where.gatewayPort}`,
    // Low enough that the malformed bursts from 127.0.0.2 reach it; the sandboxes' forgeries stay under it.
    GATEWAY_WEBHOOK_REJECT_LIMIT: '30',
    PROVIDER_MODE: 'sandbox',
    SANDBOX_HOST: HOST,
    SANDBOX_BASE_PORT: String(where.linkBasePort),
    PAYLOAD_ENCRYPTION_KEYS: formatKeyEntry('chaos', randomBytes(KEY_BYTES)),
    PAYER_TIMEOUT: t.payerTimeout,
    STATUS_POLL_SCHEDULE: t.statusPollSchedule,
    REDIRECT_TIMEOUT: t.redirectTimeout,
    CAPTURE_DEADLINE: t.captureDeadline,
    CAPTURE_DEADLINE_ACTION: 'void',
    REFUND_WINDOW: t.refundWindow,
    LATE_PAYMENT_WINDOW: t.latePaymentWindow,
    WORKER_METRICS_ADDRESS: 'off',
    LOG_LEVEL: 'info',
    ...providerDeadlines(t.providerRequestTimeoutMs),
  };
}

/** Each provider's HTTP deadline, under whatever name its configuration gives it. */
function providerDeadlines(timeoutMs: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const module of PROVIDER_MODULES) {
    const shape = (module.configSchema as { shape?: Record<string, unknown> }).shape ?? {};
    if ('requestTimeoutMs' in shape) env[`${module.envPrefix}REQUEST_TIMEOUT_MS`] = String(timeoutMs);
    if ('moneyCallTimeoutMs' in shape)
      env[`${module.envPrefix}MONEY_CALL_TIMEOUT_MS`] = String(timeoutMs + 1_000);
  }
  return env;
}

async function waitUntilReady(gatewayUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${gatewayUrl}/readyz`, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`the gateway at ${gatewayUrl} was not ready within ${timeoutMs} ms`);
}
