/**
 * Process configuration from environment variables, validated with zod. A wrong or missing value
 * stops the process with a message naming the variable and the reason (see ConfigError); every
 * variable is documented in .env.example.
 */
import { z } from 'zod';
import type { PaymentTimeouts } from '../workflows/payment-definitions';
import { parseDuration, parseDurationList } from './durations';

const duration = z.string().transform((text, ctx) => {
  try {
    return parseDuration(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const durationList = z.string().transform((text, ctx) => {
  try {
    return parseDurationList(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const port = z.coerce.number().int().min(0).max(65535);
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('payments'),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: flag.default(false),
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CA_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),

  GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
  GATEWAY_PORT: port.default(3000),
  GATEWAY_PUBLIC_URL: z.url().optional(),
  GATEWAY_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10_485_760).default(65_536),

  PROVIDERS: z.string().optional(),
  PROVIDER_MODE: z.enum(['sandbox', 'live']).default('sandbox'),
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  SANDBOX_BASE_PORT: port.default(4100),

  PAYER_TIMEOUT: duration.default(parseDuration('30m')),
  STATUS_POLL_SCHEDULE: durationList.default(parseDurationList('1m,5m,30m,2h,12h,24h')),
  REDIRECT_TIMEOUT: duration.default(parseDuration('30s')),
  CAPTURE_DEADLINE: duration.default(parseDuration('46h')),
  CAPTURE_DEADLINE_ACTION: z.enum(['void', 'capture']).default('void'),
  REFUND_WINDOW: duration.default(parseDuration('90d')),

  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});

export type Env = z.output<typeof envSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface AppConfig {
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    apiKey?: string;
    tls?: { certPath?: string; keyPath?: string; caPath?: string; serverName?: string };
  };
  gateway: { host: string; port: number; publicUrl: string; bodyLimitBytes: number };
  providers: { enabled?: string[]; mode: 'sandbox' | 'live'; sandboxHost: string; sandboxBasePort: number };
  timeouts: PaymentTimeouts;
  logLevel: Env['LOG_LEVEL'];
}

/** Reads and validates the environment. Throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (Boolean(e.TEMPORAL_TLS_CERT_PATH) !== Boolean(e.TEMPORAL_TLS_KEY_PATH)) {
    throw new ConfigError(
      'invalid configuration:\n  TEMPORAL_TLS_CERT_PATH / TEMPORAL_TLS_KEY_PATH: set both for mTLS, or neither',
    );
  }
  const useTls = e.TEMPORAL_TLS || Boolean(e.TEMPORAL_TLS_CERT_PATH) || Boolean(e.TEMPORAL_API_KEY);
  return {
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      apiKey: e.TEMPORAL_API_KEY,
      tls: useTls
        ? {
            certPath: e.TEMPORAL_TLS_CERT_PATH,
            keyPath: e.TEMPORAL_TLS_KEY_PATH,
            caPath: e.TEMPORAL_TLS_CA_PATH,
            serverName: e.TEMPORAL_TLS_SERVER_NAME,
          }
        : undefined,
    },
    gateway: {
      host: e.GATEWAY_HOST,
      port: e.GATEWAY_PORT,
      publicUrl: e.GATEWAY_PUBLIC_URL ?? `http://${e.GATEWAY_HOST}:${e.GATEWAY_PORT}`,
      bodyLimitBytes: e.GATEWAY_BODY_LIMIT_BYTES,
    },
    providers: {
      enabled: e.PROVIDERS?.split(',')
        .map((p) => p.trim())
        .filter(Boolean),
      mode: e.PROVIDER_MODE,
      sandboxHost: e.SANDBOX_HOST,
      sandboxBasePort: e.SANDBOX_BASE_PORT,
    },
    timeouts: {
      payerTimeoutMs: e.PAYER_TIMEOUT,
      statusPollScheduleMs: e.STATUS_POLL_SCHEDULE,
      redirectTimeoutMs: e.REDIRECT_TIMEOUT,
      captureDeadlineMs: e.CAPTURE_DEADLINE,
      captureDeadlineAction: e.CAPTURE_DEADLINE_ACTION,
      refundWindowMs: e.REFUND_WINDOW,
    },
    logLevel: e.LOG_LEVEL,
  };
}

/** An empty variable (`FOO=`) means "not set", as shells and .env files usually intend. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => Boolean(e[1])));
}
