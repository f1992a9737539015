/**
 * pino with redaction: secrets, credentials and personal data never reach the logs, whatever object
 * a caller passes. Two layers: values under sensitive keys are censored (REDACT_PATHS), and card
 * numbers, e-mail addresses and phone numbers inside any logged text are masked (log-masking.ts).
 * Also adapts pino to Temporal's Logger interface for Runtime.install.
 */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { maskText, maskValue } from './log-masking';

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

/** The options every process logger uses; exported so tests can log exactly as production does. */
export function loggerOptions(options: { level: string; name?: string }): LoggerOptions {
  return {
    name: options.name,
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // The logged object before its serializers run, the message once formatted, and errors once
    // serialized (their message and stack): together, every string a line carries.
    formatters: { log: (object) => maskValue(object) as Record<string, unknown> },
    serializers: {
      msg: (message: unknown) => (typeof message === 'string' ? maskText(message) : message),
      // The serialized error has pino's own prototype; a plain copy lets maskValue reach its strings.
      err: (err: Error) => maskValue({ ...pino.stdSerializers.err(err) }),
    },
  };
}

export function createLogger(options: {
  level: string;
  name: string;
  /** Where lines go (stdout by default); tests pass a stream they can read. */
  destination?: DestinationStream;
}): Logger {
  return pino(loggerOptions(options), options.destination);
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
