/**
 * The whole payment path in one test process, on loopback: a provider sandbox, the gateway (real
 * HTTP), a worker on its own task queue, and PaymentsClient, all against the real Temporal server.
 */
import { randomUUID } from 'node:crypto';
import type { Worker } from '@temporalio/worker';
import pino from 'pino';
import { PaymentsClient } from '../../client/payments-client';
import { DEFAULT_RECURRENCE_SETTINGS, type RecurrenceClientSettings } from '../../client/recurrences';
import { buildGateway } from '../../client/gateway/app';
import type { CodecEndpoint } from '../../client/gateway/routes/codec';
import { createPayloadCodec } from '../../worker/encryption/data-converter';
import type { ProviderModule, ProviderSandbox } from '../../providers/contract';
import { createPaymentWorker } from '../../worker/create-worker';
import type { MerchantNotificationSettings, PaymentTimeouts } from '../../workflows/payment-definitions';
import { findFreePort } from '../../scripts/dev-server';
import { TEST_CODEC_TOKEN, TEST_ENCRYPTION } from './encryption';
import type { TestTemporal } from './temporal';
import { workflowBundle } from './workflow-bundle';

/** Short windows so that every path, deadlines included, runs in seconds on the dev server. */
export const TEST_TIMEOUTS: PaymentTimeouts = {
  payerTimeoutMs: 4_000,
  statusPollScheduleMs: [500, 1_000],
  redirectTimeoutMs: 5_000,
  captureDeadlineMs: 60_000,
  captureDeadlineAction: 'void',
  refundWindowMs: 60_000,
};

export interface Stack {
  payments: PaymentsClient;
  sandbox: ProviderSandbox;
  gatewayUrl: string;
  taskQueue: string;
  providerConfig: unknown;
  sandboxPort: number;
  /** Stop the in-process worker (it may be restarted with startWorker). */
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  provider: ProviderModule;
  timeouts?: Partial<PaymentTimeouts>;
  /** Settings on top of the provider's sandbox configuration (e.g. another integration mode). */
  configOverrides?: Record<string, unknown>;
  /** False when the test runs its own worker (e.g. a child process it kills). */
  inProcessWorker?: boolean;
  /** Send merchant notifications to this receiver, signed with `secret`. */
  merchantNotifications?: MerchantNotificationSettings & { secret: string };
  /** Provider-specific sandbox options, e.g. mobilPay's recurrence `dayMs`. */
  sandboxOptions?: Record<string, unknown>;
  /** Recurrence timing for the client (dunning, grace, the length of an intervalDays day). */
  recurrence?: Partial<RecurrenceClientSettings>;
  /** The gateway's port, for a test that must name its URL before the stack starts (a UI's codec endpoint). */
  gatewayPort?: number;
  /** Browser origins allowed to call the gateway's /codec (a Web UI on a port of the test's own). */
  codecCorsOrigins?: readonly string[];
}

/**
 * Ports are picked free and bound a moment later, so another process can take one in between (seen
 * under load): such a start is retried on new ports instead of failing the suite.
 */
export async function startStack(temporal: TestTemporal, options: StackOptions): Promise<Stack> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startStackOnce(temporal, options);
    } catch (err) {
      const inUse = (err as { code?: unknown }).code === 'EADDRINUSE';
      if (!inUse || attempt >= 3 || options.gatewayPort !== undefined) throw err;
    }
  }
}

async function startStackOnce(temporal: TestTemporal, options: StackOptions): Promise<Stack> {
  const { provider } = options;
  const taskQueue = `test-${provider.name}-${randomUUID()}`;
  const sandboxPort = await findFreePort();
  const gatewayPort = options.gatewayPort ?? (await findFreePort());
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const providerConfig = provider.configSchema.parse({
    ...(provider.sandboxConfig(sandboxUrl) as object),
    ...options.configOverrides,
  });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

  const payments = new PaymentsClient({
    client: temporal.client,
    taskQueue,
    providers: new Map([
      [
        provider.name,
        {
          displayName: provider.displayName,
          paymentModeId: provider.paymentModeId,
          capabilities: provider.capabilities,
        },
      ],
    ]),
    gatewayPublicUrl: gatewayUrl,
    timeouts: { ...TEST_TIMEOUTS, ...options.timeouts },
    merchantNotifications: options.merchantNotifications && {
      url: options.merchantNotifications.url,
      retry: options.merchantNotifications.retry,
    },
    recurrence: { ...DEFAULT_RECURRENCE_SETTINGS, ...options.recurrence },
  });
  const gateway = buildGateway({
    payments,
    recurrences: payments,
    webhooks: new Map([[provider.name, provider.createWebhookHandler(providerConfig)]]),
    logger,
    bodyLimitBytes: 65_536,
    readiness: async () => true,
    codec: testCodecEndpoint(options.codecCorsOrigins ?? ['http://localhost:8233']),
  });
  await gateway.listen({ host: '127.0.0.1', port: gatewayPort });

  const sandbox = await provider
    .startSandbox(providerConfig, {
      port: sandboxPort,
      host: '127.0.0.1',
      notificationUrl: `${gatewayUrl}/webhooks/${provider.name}`,
      unpaidOrderTtlMs: 1_000,
      retryTimeScale: 0.001,
      ...options.sandboxOptions,
    })
    .catch(async (err: unknown) => {
      await gateway.close(); // leave nothing listening, or the test process never exits
      throw err;
    });

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const startWorker = async () => {
    worker = await createPaymentWorker({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace,
      taskQueue,
      adapters: new Map([[provider.name, provider.createAdapter(providerConfig)]]),
      merchantNotifications: options.merchantNotifications && {
        secret: options.merchantNotifications.secret,
        requestTimeoutMs: 1_000,
      },
      dataConverter: temporal.dataConverter,
      workflowBundle: await workflowBundle(),
    });
    running = worker.run();
  };
  const stopWorker = async () => {
    if (!worker) return;
    worker.shutdown();
    await running;
    worker = undefined;
  };
  if (options.inProcessWorker !== false) await startWorker();

  return {
    payments,
    sandbox,
    gatewayUrl,
    taskQueue,
    providerConfig,
    sandboxPort,
    startWorker,
    stopWorker,
    async close() {
      await stopWorker();
      await gateway.close();
      await sandbox.close();
    },
  };
}

/** The gateway's /codec endpoint with the tests' key, as the Temporal UI would call it. */
function testCodecEndpoint(corsOrigins: readonly string[]): CodecEndpoint | undefined {
  const codec = createPayloadCodec(TEST_ENCRYPTION);
  return codec && { codec, authToken: TEST_CODEC_TOKEN, corsOrigins };
}
