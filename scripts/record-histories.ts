/**
 * Refreshes test/histories/: runs every replay scenario (test/replay/scenarios.ts) against a real
 * Temporal server and the provider sandboxes, and saves each payment's event history as JSON.
 * Run it after a deliberate, patched() workflow change: `npx tsx scripts/record-histories.ts [name...]`
 * (names are substrings of scenario names; none means every scenario).
 * Keep the histories of the previous version too when running payments still use it.
 * The test stack encrypts with the fixed test key (test/support/encryption.ts), so the histories are
 * saved as Temporal stores them, encrypted, and the replay test decodes them with the same key.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { resolveTemporalCli } from './temporal-cli';
import { paymentWorkflowId } from '../workflows/payment-definitions';
import { SCENARIOS } from '../test/replay/scenarios';
import { connectTestTemporal } from '../test/support/temporal';
import { startStack } from '../test/support/stack';

const HISTORIES = resolve(__dirname, '..', 'test', 'histories');

async function main(): Promise<void> {
  mkdirSync(HISTORIES, { recursive: true });
  const temporal = await connectTestTemporal();
  try {
    const filters = process.argv.slice(2);
    const chosen = SCENARIOS.filter((s) => filters.length === 0 || filters.some((f) => s.name.includes(f)));
    if (chosen.length === 0) throw new Error(`no scenario matches ${filters.join(' or ')}`);
    for (const scenario of chosen) {
      const stack = await startStack(temporal, { ...scenario.stackOptions, provider: scenario.provider });
      try {
        const orderId = `replay-${Date.now().toString(36)}`;
        await scenario.run(stack, orderId);
        // The CLI writes the standard proto-JSON form that Worker.runReplayHistory reads.
        const json = execFileSync(
          resolveTemporalCli(),
          [
            'workflow',
            'show',
            '--workflow-id',
            (scenario.workflowId ?? paymentWorkflowId)(orderId),
            '--output',
            'json',
          ],
          {
            encoding: 'utf8',
            env: {
              ...process.env,
              TEMPORAL_ADDRESS: temporal.address,
              TEMPORAL_NAMESPACE: temporal.namespace,
            },
          },
        );
        writeFileSync(join(HISTORIES, `${scenario.name}.json`), json);
        console.log(
          `recorded ${scenario.name} (${(JSON.parse(json) as { events: unknown[] }).events.length} events)`,
        );
      } finally {
        await stack.close();
      }
    }
  } finally {
    await temporal.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
