/** A fresh stack for one phase (or one tuning variant), closed whatever happens. */
import { join } from 'node:path';
import { RestClient } from '../e2e/rest';
import type { BenchOptions } from '../options';
import { startStack, type BenchStack } from './stack';
import type { Storage } from './temporal';

export interface StackOverrides {
  storage?: Storage;
  tuning?: Record<string, string>;
  env?: Record<string, string>;
  gateways?: number;
}

export async function withStack<T>(
  options: BenchOptions,
  name: string,
  overrides: StackOverrides,
  body: (stack: BenchStack, rest: RestClient) => Promise<T>,
): Promise<T> {
  const stack = await startStack({
    dir: join(options.outDir, name),
    storage: overrides.storage ?? { kind: 'embedded-default' },
    gateways: overrides.gateways ?? 1,
    tuning: overrides.tuning ?? {},
    env: { REFUND_WINDOW: options.refundWindow, LOG_LEVEL: options.logLevel, ...overrides.env },
  });
  const rest = new RestClient(stack.gatewayUrls, Math.max(...options.sweep, options.concurrency) * 2);
  try {
    return await body(stack, rest);
  } finally {
    await rest.close();
    await stack.close();
  }
}
