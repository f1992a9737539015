/**
 * Replays every recorded history (test/histories/*.json) against the current workflow code. A change
 * that would make running payments nondeterministic fails here; wrap such changes in patched() (see
 * README, "Changing a workflow safely") and record new histories with scripts/record-histories.ts.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from '@temporalio/worker';
import { testDataConverter } from '../support/encryption';
import { workflowBundle } from '../support/workflow-bundle';

const HISTORIES = resolve(__dirname, '..', 'histories');
const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));

it('has recorded histories to replay', () => {
  assert.ok(files.length > 0, 'test/histories is empty: run scripts/record-histories.ts');
});

for (const file of files) {
  it(`replays ${file} deterministically`, async () => {
    // Proto-JSON as `temporal workflow show --output json` writes it; the SDK converts it.
    const history: unknown = JSON.parse(readFileSync(join(HISTORIES, file), 'utf8'));
    // The converters of production: histories recorded before encryption pass through the codec.
    const options = { workflowBundle: await workflowBundle(), dataConverter: testDataConverter };
    await Worker.runReplayHistory(options, history, file);
  });
}
