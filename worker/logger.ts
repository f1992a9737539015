/**
 * pino with redaction: secrets, credentials and personal data never reach the logs, whatever object
 * a caller passes. Also adapts pino to Temporal's Logger interface for Runtime.install.
 */
import pino, { type Logger } from 'pino';
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';

/** Keys whose values are censored wherever they appear (two levels deep, plus headers). */
const SENSITIVE_KEYS = [
  'password',
  'Password',
  'secret',
  'secretWord',
  'apiKey',
  'api_key',
  'token',
  'signature',
  'checkvalue',
  'Checkvalue',
  'email',
  'Email',
  'phone',
  'customer',
  'ipAddress',
  'ip_address',
  'pan',
  'card',
  'cardholder',
  'env_key',
  'data',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  ...SENSITIVE_KEYS,
  ...SENSITIVE_KEYS.map((k) => `*.${k}`),
  ...SENSITIVE_KEYS.map((k) => `*.*.${k}`),
];

export function createLogger(options: { level: string; name: string }): Logger {
  return pino({
    name: options.name,
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  });
}

/** Temporal's Runtime and workflow/activity loggers, routed into pino. */
export function temporalLogger(logger: Logger): TemporalLogger {
  const at = (level: LogLevel) => (message: string, meta?: LogMetadata) =>
    logger[level.toLowerCase() as 'info'](meta ?? {}, message);
  return {
    log: (level, message, meta) => at(level)(message, meta),
    trace: at('TRACE'),
    debug: at('DEBUG'),
    info: at('INFO'),
    warn: at('WARN'),
    error: at('ERROR'),
  };
}
