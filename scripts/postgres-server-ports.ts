/**
 * Free ports for the PostgreSQL-backed server's services. Not the OS's "any free port" (port 0), as
 * `npm test` uses: Linux hands those out from 32768 up, and Temporal's PostgreSQL schema stores each
 * service's membership port in cluster_membership.rpc_port, a SMALLINT (at most 32767). A server on
 * such a port dies at start with `value "45807" is out of range for type smallint`.
 */
import { createServer } from 'node:net';
import { randomInt } from 'node:crypto';

const HOST = '127.0.0.1';
// Below the SMALLINT limit, and below Linux's ephemeral range (32768-60999), so outgoing connections
// do not take them either; above the well-known and commonly configured low ports.
const LOWEST = 10_000;
const HIGHEST = 32_767;
const MAX_TRIES = 200;

function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer()
      .once('error', () => done(false))
      .listen(port, HOST, () => server.close(() => done(true)));
  });
}

/** `count` distinct ports on 127.0.0.1 that were free a moment ago, all at most 32767. */
export async function freeServerPorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  for (let tries = 0; ports.size < count; tries++) {
    if (tries >= MAX_TRIES) throw new Error(`no ${count} free ports between ${LOWEST} and ${HIGHEST}`);
    const port = randomInt(LOWEST, HIGHEST + 1);
    if (!ports.has(port) && (await isPortFree(port))) ports.add(port);
  }
  return [...ports];
}
