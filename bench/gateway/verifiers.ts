/**
 * Verification-only gateways (verify-only.ts) as child processes of the gateway phase, on ports of
 * their own, with the stack's configuration (so they hold the same provider credentials).
 */
import { join } from 'node:path';
import type { BenchOptions } from '../options';
import { ChildProcessApp } from '../stack/child';
import { freePort } from '../stack/ports';
import type { BenchStack } from '../stack/stack';

export async function startVerifiers(
  stack: BenchStack,
  options: BenchOptions,
  count: number,
): Promise<{ apps: ChildProcessApp[]; urls: string[] }> {
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const apps = ports.map(
    (port, i) =>
      new ChildProcessApp(
        `verifier-${i}`,
        'bench/gateway/verify-only.ts',
        { ...stack.env, GATEWAY_PORT: String(port) },
        join(options.outDir, 'gateway', `verifier-${i}.log`),
      ),
  );
  apps.forEach((app) => app.start());
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  await Promise.all(urls.map((url) => waitForHealth(url)));
  return { apps, urls };
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`the verification-only gateway at ${url} did not start`);
}
