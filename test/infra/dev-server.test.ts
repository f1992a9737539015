/**
 * `npm start` restarts the dev server on the same SQLite file: payments must survive, and search
 * attributes added to the code since the file was created must get registered (the CLI skips them).
 */
import { Client, Connection } from '@temporalio/client';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { type AttributeKey, findFreePort, startDevServer } from '../../scripts/dev-server';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

const NAMESPACE = 'default';
const dir = mkdtempSync(join(tmpdir(), 'dev-server-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `check` with a client of a fresh dev server on `dbFile`, then stops the server. */
async function withServer(
  dbFile: string,
  searchAttributes: readonly AttributeKey[],
  check: (client: Client) => Promise<void>,
): Promise<void> {
  const server = await startDevServer({
    dbFile,
    port: await findFreePort(),
    namespace: NAMESPACE,
    searchAttributes,
  });
  const connection = await Connection.connect({ address: server.address });
  try {
    await check(new Client({ connection, namespace: NAMESPACE }));
  } finally {
    await connection.close();
    await server.stop();
  }
}

async function customSearchAttributeNames(client: Client): Promise<string[]> {
  const { customAttributes } = await client.connection.operatorService.listSearchAttributes({
    namespace: NAMESPACE,
  });
  return Object.keys(customAttributes ?? {}).sort();
}

test('a dev server restarted on its SQLite file keeps workflows and registers new search attributes', async () => {
  const dbFile = join(dir, 'temporal.sqlite');
  const allNames = ALL_SEARCH_ATTRIBUTES.map((key) => key.name).sort();
  // As if the file was created before the code declared its last search attribute.
  const older = ALL_SEARCH_ATTRIBUTES.slice(0, -1);

  await withServer(dbFile, older, async (client) => {
    assert.deepEqual(await customSearchAttributeNames(client), older.map((key) => key.name).sort());
    // No worker needed: a started workflow is persisted state, which is what must survive.
    await client.workflow.start('notRegisteredAnywhere', { taskQueue: 'infra-test', workflowId: 'survivor' });
  });

  await withServer(dbFile, ALL_SEARCH_ATTRIBUTES, async (client) => {
    assert.deepEqual(await customSearchAttributeNames(client), allNames);
    const { status } = await client.workflow.getHandle('survivor').describe();
    assert.equal(status.name, 'RUNNING');
  });
});
