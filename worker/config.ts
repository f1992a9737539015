/**
 * Process configuration from environment variables, validated with zod. A wrong or missing value
 * stops the process with a message naming the variable and the reason (see ConfigError); every
 * variable is documented in .env.example.
 */
import { z } from 'zod';
import type { MerchantNotificationSettings, PaymentTimeouts } from '../workflows/payment-definitions';
import { parseDuration, parseDurationList } from './durations';
import { PayloadKeyRing, parseKeyList, type PayloadEncryption } from './encryption/key-ring';

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

/** PAYLOAD_ENCRYPTION_KEYS; the issue names the entry, never its key material. */
const keyList = z.string().transform((text, ctx) => {
  try {
    return parseKeyList(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

/** Comma-separated browser origins (scheme://host[:port]), exactly as a browser sends `Origin`. */
const originList = z.string().transform((text, ctx) => {
  const origins = text
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
      ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin like https://ui.example:8233` });
    }
  }
  return origins;
});

/** Also usable as a URL path segment (see README "Encryption"), hence the restricted alphabet. */
const codecToken = z
  .string()
  .regex(
    /^[A-Za-z0-9._~-]{32,512}$/,
    'must be at least 32 characters of A-Z a-z 0-9 . _ ~ - (e.g. `openssl rand -hex 32`)',
  );

const port = z.coerce.number().int().min(0).max(65535);

/**
 * WORKER_METRICS_ADDRESS: `off`, or ip:port (`[ipv6]:port`). The SDK's Rust core binds it and accepts
 * IP literals only, so `localhost:9464` is refused here with a clear message instead of at startup.
 */
const metricsAddress = z
  .string()
  .refine(
    (text) => text === 'off' || isSocketAddress(text),
    'must be off or ip:port, e.g. 127.0.0.1:9464, 0.0.0.0:9464 or [::1]:9464 (an IP, not a host name)',
  );

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
  GATEWAY_WEBHOOK_REJECT_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(60),

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
  LATE_PAYMENT_WINDOW: duration.optional(),

  RECURRENCE_DUNNING_SCHEDULE: durationList.default(parseDurationList('1d,3d,5d')),
  RECURRENCE_MISSED_CHARGE_GRACE: duration.default(parseDuration('1d')),
  RECURRENCE_CHARGE_TIMEOUT: duration.default(parseDuration('2d')),
  SANDBOX_RECURRENCE_DAY: duration.optional(),

  MERCHANT_NOTIFICATION_URL: z.url({ protocol: /^https?$/ }).optional(),
  MERCHANT_NOTIFICATION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  MERCHANT_NOTIFICATION_RETRY_INITIAL: duration.default(parseDuration('10s')),
  MERCHANT_NOTIFICATION_RETRY_MAX: duration.default(parseDuration('1h')),
  MERCHANT_NOTIFICATION_GIVE_UP: duration.default(parseDuration('3d')),
  MERCHANT_NOTIFICATION_TIMEOUT: duration.default(parseDuration('10s')),

  PAYLOAD_ENCRYPTION: z.enum(['on', 'off']).optional(),
  PAYLOAD_ENCRYPTION_KEYS: keyList.optional(),
  PAYLOAD_ENCRYPTION_KEY_ID: z.string().min(1).optional(),
  CODEC_AUTH_TOKEN: codecToken.optional(),
  CODEC_CORS_ORIGINS: originList.default(['http://localhost:8233', 'http://127.0.0.1:8233']),

  WORKER_METRICS_ADDRESS: metricsAddress.default('127.0.0.1:9464'),
  // Same rules as the codec token: a shared secret that scrapers present as a Bearer token.
  GATEWAY_METRICS_TOKEN: codecToken.optional(),

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
  gateway: {
    host: string;
    port: number;
    publicUrl: string;
    bodyLimitBytes: number;
    /** Rejected (unverified) webhooks per source address and minute before it gets 429; 0: no limit. */
    webhookRejectLimitPerMinute: number;
    /** The codec endpoint for the Temporal UI: served only when a token is configured. */
    codec: { authToken?: string; corsOrigins: string[] };
    /** When set, GET /metrics requires it as a Bearer token. */
    metricsToken?: string;
  };
  /** Where the worker's Temporal Runtime serves Prometheus metrics; undefined: not at all. */
  workerMetricsAddress?: string;
  /** How payloads stored in Temporal are protected (worker/encryption/). */
  encryption: PayloadEncryption;
  providers: { enabled?: string[]; mode: 'sandbox' | 'live'; sandboxHost: string; sandboxBasePort: number };
  timeouts: PaymentTimeouts;
  /**
   * Recurrences: dunning retries, how late a provider's charge may be, how long a charge may take, and how
   * long an `intervalDays` day is (a real day, or SANDBOX_RECURRENCE_DAY against the sandboxes).
   */
  recurrence: {
    dunningScheduleMs: number[];
    missedChargeGraceMs: number;
    chargeTimeoutMs: number;
    dayMs: number;
  };
  /** POSTs to the merchant's backend on every payment change; absent when no URL is configured. */
  merchantNotifications?: MerchantNotificationSettings & { secret?: string; requestTimeoutMs: number };
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
      webhookRejectLimitPerMinute: e.GATEWAY_WEBHOOK_REJECT_LIMIT,
      codec: { authToken: e.CODEC_AUTH_TOKEN, corsOrigins: e.CODEC_CORS_ORIGINS },
      metricsToken: e.GATEWAY_METRICS_TOKEN,
    },
    workerMetricsAddress: e.WORKER_METRICS_ADDRESS === 'off' ? undefined : e.WORKER_METRICS_ADDRESS,
    encryption: payloadEncryption(e),
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
      latePaymentWindowMs: e.LATE_PAYMENT_WINDOW,
    },
    recurrence: {
      dunningScheduleMs: e.RECURRENCE_DUNNING_SCHEDULE,
      missedChargeGraceMs: e.RECURRENCE_MISSED_CHARGE_GRACE,
      chargeTimeoutMs: e.RECURRENCE_CHARGE_TIMEOUT,
      dayMs: recurrenceDay(e),
    },
    merchantNotifications: merchantNotifications(e),
    logLevel: e.LOG_LEVEL,
  };
}

/**
 * Notifications are on when the receiver's URL is set. The signing secret is only needed where
 * notifications are signed (the worker: see requireMerchantSecret), so gateways and the CLI need not
 * hold it.
 */
function merchantNotifications(e: Env): AppConfig['merchantNotifications'] {
  if (!e.MERCHANT_NOTIFICATION_URL) {
    if (e.MERCHANT_NOTIFICATION_SECRET) {
      throw new ConfigError(
        'invalid configuration:\n  MERCHANT_NOTIFICATION_URL: required when MERCHANT_NOTIFICATION_SECRET is set',
      );
    }
    return undefined;
  }
  return {
    url: e.MERCHANT_NOTIFICATION_URL,
    secret: e.MERCHANT_NOTIFICATION_SECRET,
    requestTimeoutMs: e.MERCHANT_NOTIFICATION_TIMEOUT,
    retry: {
      initialIntervalMs: e.MERCHANT_NOTIFICATION_RETRY_INITIAL,
      maximumIntervalMs: e.MERCHANT_NOTIFICATION_RETRY_MAX,
      giveUpAfterMs: e.MERCHANT_NOTIFICATION_GIVE_UP,
    },
  };
}

/** The worker signs notifications: with a URL configured it cannot run without the secret. */
export function requireMerchantSecret(
  config: AppConfig,
): { secret: string; requestTimeoutMs: number } | undefined {
  const settings = config.merchantNotifications;
  if (!settings) return undefined;
  if (!settings.secret) {
    throw new ConfigError(
      'invalid configuration:\n  MERCHANT_NOTIFICATION_SECRET: required on the worker with MERCHANT_NOTIFICATION_URL (at least 32 characters)',
    );
  }
  return { secret: settings.secret, requestTimeoutMs: settings.requestTimeoutMs };
}

/**
 * The sandboxes' recurrence "day" (mobilPay charges every interval_day of them), which the gateway must use
 * for `intervalDays` too so that expected dates match: short by default so a schedule can be watched.
 * Live providers charge in real days, so the knob is refused there.
 */
function recurrenceDay(e: Env): number {
  const day = parseDuration('1d');
  if (e.PROVIDER_MODE === 'live') {
    if (e.SANDBOX_RECURRENCE_DAY !== undefined) {
      throw configError(
        'SANDBOX_RECURRENCE_DAY',
        'applies to PROVIDER_MODE=sandbox only; live providers count real days',
      );
    }
    return day;
  }
  return e.SANDBOX_RECURRENCE_DAY ?? parseDuration('60s');
}

/** Encryption is on unless PAYLOAD_ENCRYPTION=off says otherwise; "no keys" is not a silent off. */
function payloadEncryption(e: Env): PayloadEncryption {
  const keys = e.PAYLOAD_ENCRYPTION_KEYS;
  if (e.PAYLOAD_ENCRYPTION === 'off') {
    if (keys || e.PAYLOAD_ENCRYPTION_KEY_ID) {
      throw configError(
        'PAYLOAD_ENCRYPTION',
        'is off, but PAYLOAD_ENCRYPTION_KEYS / PAYLOAD_ENCRYPTION_KEY_ID are set; unset one or the other',
      );
    }
    return { mode: 'off' };
  }
  if (!keys) {
    throw configError(
      'PAYLOAD_ENCRYPTION_KEYS',
      'not set. Payloads stored in Temporal carry customer data and are encrypted: set ' +
        'PAYLOAD_ENCRYPTION_KEYS=<keyId>:<32 random bytes in base64> (e.g. main:$(openssl rand -base64 32)), ' +
        'or PAYLOAD_ENCRYPTION=off to store them unencrypted',
    );
  }
  const ids = [...keys.keys()];
  const currentKeyId = e.PAYLOAD_ENCRYPTION_KEY_ID ?? (ids.length === 1 ? ids[0] : undefined);
  if (currentKeyId === undefined) {
    throw configError(
      'PAYLOAD_ENCRYPTION_KEY_ID',
      `not set; with several keys (${ids.join(', ')}) name the one that encrypts new payloads`,
    );
  }
  if (!keys.has(currentKeyId)) {
    throw configError(
      'PAYLOAD_ENCRYPTION_KEY_ID',
      `"${currentKeyId}" is not a key id in PAYLOAD_ENCRYPTION_KEYS (${ids.join(', ')})`,
    );
  }
  return { mode: 'aes-256-gcm', keyRing: new PayloadKeyRing(keys, currentKeyId) };
}

function configError(variable: string, message: string): ConfigError {
  return new ConfigError(`invalid configuration:\n  ${variable}: ${message}`);
}

function isSocketAddress(text: string): boolean {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(text);
  if (!match) return false;
  const [, ipv6, ipv4, portText] = match;
  const host = ipv6 ? z.ipv6() : z.ipv4();
  return host.safeParse(ipv6 ?? ipv4).success && Number(portText) <= 65535;
}

/** An empty variable (`FOO=`) means "not set", as shells and .env files usually intend. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => Boolean(e[1])));
}
