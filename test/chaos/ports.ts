/**
 * Ports for the chaos run's servers. The sandboxes' links need a block of consecutive ports
 * (SANDBOX_BASE_PORT + registry index), so a block is probed rather than asked of the OS one by one.
 */
import { createServer } from 'node:net';

const HOST = '127.0.0.1';

function isFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer()
      .once('error', () => done(false))
      .listen(port, HOST, () => server.close(() => done(true)));
  });
}

/** The first port of `count` consecutive free ports, searched from a random start. */
export async function freePortBlock(count: number): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let free = true;
    for (let i = 0; i < count && free; i++) free = await isFree(base + i);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}
