/** Builds the gateway for a test with fakes by default, capturing its log lines for inspection. */
import { Writable } from 'node:stream';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildGateway } from '../../client/gateway/app';
import type { PaymentsApi } from '../../client/gateway/payments-api';
import type { CodecEndpoint } from '../../client/gateway/routes/codec';
import type { RecurrencesApi } from '../../client/gateway/routes/recurring';
import type { WebhookHandler } from '../../providers/contract';
import { REDACT_PATHS } from '../../worker/logger';
import { fakePayments } from './fakes';

export const BODY_LIMIT = 2048;

export interface TestGateway {
  app: FastifyInstance;
  /** Every log line written so far, parsed. */
  logs(): Array<Record<string, unknown>>;
  /** Every log line written so far, as written. */
  rawLogs(): string;
}

export function testGateway(
  options: {
    payments?: PaymentsApi;
    webhooks?: ReadonlyMap<string, WebhookHandler>;
    readiness?: () => Promise<boolean>;
    codec?: CodecEndpoint;
    webhookRejectLimitPerMinute?: number;
    metricsToken?: string;
    recurrences?: RecurrencesApi;
  } = {},
): TestGateway {
  let written = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString('utf8');
      done();
    },
  });
  // Same redaction as the process logger (worker/logger.ts), written to memory.
  const logger = pino({ level: 'debug', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
  const app = buildGateway({
    payments: options.payments ?? fakePayments().api,
    webhooks: options.webhooks ?? new Map(),
    logger,
    bodyLimitBytes: BODY_LIMIT,
    readiness: options.readiness ?? (async () => true),
    codec: options.codec,
    webhookRejectLimitPerMinute: options.webhookRejectLimitPerMinute,
    metricsToken: options.metricsToken,
    recurrences: options.recurrences,
  });
  return {
    app,
    logs: () =>
      written
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    rawLogs: () => written,
  };
}

export const PROBLEM_JSON = 'application/problem+json; charset=utf-8';
