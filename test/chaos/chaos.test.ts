/**
 * The chaos run in miniature, on every npm test: the same driver as `npm run chaos` with its own Temporal
 * server, worker and gateway processes, twenty payments across every provider, one worker SIGKILL,
 * provider faults, notification faults, forged and malformed notifications. It asserts the same
 * invariants and leaves docs/reliability.md alone (only the full run writes it).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { smokeOptions } from './options';
import { runChaos } from './run';

it(
  'survives a worker kill and hostile traffic with every payment accounted for',
  { timeout: 170_000 },
  async () => {
    const options = smokeOptions();
    const result = await runChaos(options);
    const figures = Object.fromEntries(result.rows.map((r) => [r.figure, r.value]));
    const report = [
      `seed ${options.seed} (rerun: CHAOS_SEED=${options.seed}), logs in ${result.workDir}`,
      ...result.rows.map((r) => `${r.figure}: ${r.value}`),
      ...result.violations.map((v) => `VIOLATION ${v.kind} ${v.orderId ?? ''}: ${v.message}`),
    ].join('\n');
    assert.deepEqual(result.violations, [], report);
    assert.equal(figures['Faults: worker SIGKILLed'], '1', report);
    assert.equal(figures['Double movements'], '0', report);
    assert.equal(figures['Lost payments'], '0', report);
    assert.equal(figures['Forged state changes'], '0', report);
    rmSync(result.workDir, { recursive: true, force: true }); // kept when an assertion failed
  },
);
