/**
 * The environment every process of a bench stack gets: the same configuration a deployment would set,
 * nothing else. Variables of ours in the caller's shell are dropped so that they cannot skew a run;
 * the bench's own settings (timeouts, tuning, log level) are added explicitly.
 */
import { randomBytes } from 'node:crypto';
import { PROVIDER_MODULES } from '../../providers/registry';
import { formatKeyEntry, KEY_BYTES } from '../../worker/encryption/key-ring';

const OWN_PREFIXES = [
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
  'RECURRENCE_',
  ...PROVIDER_MODULES.map((m) => m.envPrefix),
];

export const BENCH_TASK_QUEUE = 'bench-payments';

export interface StackEnvSettings {
  temporalAddress: string;
  gatewayPort: number;
  /** Where providers send notifications: the tap in front of the gateway. */
  publicUrl: string;
  sandboxBasePort: number;
  /** Timeouts, tuning, log level: anything on top of the defaults. */
  extra: Record<string, string>;
}

export function stackEnv(settings: StackEnvSettings): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([name]) => !OWN_PREFIXES.some((prefix) => name.startsWith(prefix)),
  );
  return {
    ...Object.fromEntries(inherited),
    TEMPORAL_ADDRESS: settings.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: BENCH_TASK_QUEUE,
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_PORT: String(settings.gatewayPort),
    GATEWAY_PUBLIC_URL: settings.publicUrl,
    PROVIDER_MODE: 'sandbox',
    SANDBOX_HOST: '127.0.0.1',
    SANDBOX_BASE_PORT: String(settings.sandboxBasePort),
    // Encryption stays on, as in production: its cost is part of every payload, payment and floor alike.
    PAYLOAD_ENCRYPTION_KEYS: formatKeyEntry('bench', randomBytes(KEY_BYTES)),
    WORKER_METRICS_ADDRESS: 'off',
    ...settings.extra,
  };
}
