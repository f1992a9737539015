/**
 * payctl as a child process, configured by environment variables only, as an operator runs it. Shared by
 * the end-to-end tests so that each one states only the stack it runs against.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_ENCRYPTION_ENV } from '../support/encryption';
import type { Stack } from '../support/stack';
import type { TestTemporal } from '../support/temporal';

const ROOT = resolve(__dirname, '../..');

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The configuration the worker of a stack would have, as payctl reads it. */
export function stackEnv(temporal: TestTemporal, stack: Stack, provider: string): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: stack.taskQueue,
    PROVIDERS: provider,
    PROVIDER_MODE: 'sandbox',
    SANDBOX_BASE_PORT: String(stack.sandboxPort),
    // The stack's clients and worker encrypt payloads with the tests' key; payctl must hold it too.
    ...TEST_ENCRYPTION_ENV,
  };
}

/** The parent's environment without anything payctl would read as configuration. */
function baseEnv(): Record<string, string> {
  const ours = /^(TEMPORAL_|PAYLOAD_ENCRYPTION|PROVIDER|SANDBOX_|GATEWAY_|CODEC_|ASSIST_|MERCHANT_)/;
  return Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !ours.test(e[0])),
  );
}

export function runPayctl(
  args: string[],
  env: Record<string, string>,
  entry = 'client/cli/main.ts',
): Promise<Result> {
  const argv = entry.endsWith('.ts') ? ['--import', 'tsx', entry, ...args] : [entry, ...args];
  return new Promise((done) => {
    execFile(
      process.execPath,
      argv,
      { cwd: ROOT, env: { ...baseEnv(), ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

export function assertExit(result: Result, code: number): void {
  assert.equal(
    result.code,
    code,
    `exit ${result.code}, expected ${code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
  );
}
