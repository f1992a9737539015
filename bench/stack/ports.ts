/**
 * Ports for one stack. The worker finds each provider's sandbox at SANDBOX_BASE_PORT + its registry
 * index, so the sandboxes need a block of consecutive free ports; everything else takes any free one.
 * A port can be taken between this check and its use; the bench then fails at start, loudly.
 */
import { createServer } from 'node:net';

const HOST = '127.0.0.1';
const BLOCK_ATTEMPTS = 50;

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer()
      .once('error', () => done(false))
      .listen(port, HOST, () => server.close(() => done(true)));
  });
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
      .once('error', fail)
      .listen(0, HOST, () => {
        const { port } = server.address() as { port: number };
        server.close(() => done(port));
      });
  });
}

/** The first port of `size` consecutive free ports, searched in the ephemeral-free range 20000–29999. */
export async function freePortBlock(size: number): Promise<number> {
  for (let attempt = 0; attempt < BLOCK_ATTEMPTS; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * (10_000 - size));
    let free = true;
    for (let i = 0; i < size && free; i++) free = await isPortFree(base + i);
    if (free) return base;
  }
  throw new Error(`no block of ${size} free ports found after ${BLOCK_ATTEMPTS} attempts`);
}
