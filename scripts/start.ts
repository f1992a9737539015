/**
 * `npm start`: the whole stack on one machine. Unless TEMPORAL_ADDRESS points at a running cluster, a
 * dev server keeps its state in .data/temporal.sqlite, so payments survive a restart. The worker, the
 * gateway and the provider sandboxes run as child processes; their lines are prefixed with their name.
 * Ctrl-C (or SIGTERM) stops the children first, so workers finish their tasks, then the server.
 * With the embedded dev server and no keys configured, payloads are encrypted with a development key
 * kept in .data/, and the UI decodes them through the gateway's /codec endpoint (scripts/dev-secrets.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { type DevServer, startDevServer } from './dev-server';
import { DEV_CODEC_TOKEN_FILE, DEV_KEY_FILE, devCodecToken, devPayloadKey } from './dev-secrets';

const ROOT = resolve(__dirname, '..');
const TSX_CLI = require.resolve('tsx/cli');
const CHILD_STOP_GRACE_MS = 10_000;
const DB_FILE = '.data/temporal.sqlite';
const APPS = [
  { name: 'worker', entry: 'worker/main.ts' },
  { name: 'gateway', entry: 'client/gateway/main.ts' },
  { name: 'sandboxes', entry: 'scripts/sandboxes.ts' },
];
// Wide enough for every "[name]" prefix, so the output lines up.
const LABEL_WIDTH = Math.max(
  ...['start', 'temporal', ...APPS.map((app) => app.name)].map((n) => n.length + 2),
);

function envPort(name: string, fallback: number): number {
  const port = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`${name} must be a TCP port number, not ${process.env[name]}`);
  }
  return port;
}

function readPorts() {
  return {
    temporal: envPort('DEV_SERVER_PORT', 7233),
    ui: envPort('DEV_SERVER_UI_PORT', 8233),
    // Defaults as in worker/config.ts, which the children read.
    gateway: envPort('GATEWAY_PORT', 3000),
    sandboxBase: envPort('SANDBOX_BASE_PORT', 4100),
  };
}
type Ports = ReturnType<typeof readPorts>;

const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';

function label(name: string): string {
  return `[${name}]`.padEnd(LABEL_WIDTH);
}

function log(message: string): void {
  console.log(`${label('start')} ${message}`);
}

function prefixLines(stream: Readable, name: string, write: (line: string) => void): void {
  createInterface({ input: stream }).on('line', (line) => write(`${label(name)} ${line}`));
}

interface RunningApp {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
}

const apps: RunningApp[] = [];
let shuttingDown = false;
let serverStarting: Promise<DevServer | undefined> = Promise.resolve(undefined);

function startApp(name: string, entry: string, env: NodeJS.ProcessEnv): RunningApp {
  // Own process group, so a terminal Ctrl-C reaches only us and we decide the shutdown order.
  const child = spawn(process.execPath, [TSX_CLI, entry], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixLines(child.stdout, name, (line) => console.log(line));
  prefixLines(child.stderr, name, (line) => console.error(line));
  const exited = new Promise<void>((done) => {
    child.once('error', (err) => {
      log(`${name} could not be started: ${err.message}`);
      done();
    });
    child.once('exit', (code, signal) => {
      done();
      if (shuttingDown) return; // we asked it to stop
      if (code === 0) {
        // Nothing left to do, e.g. the sandboxes with PROVIDER_MODE=live.
        log(`${name} finished (exit code 0)`);
        return;
      }
      log(`${name} exited unexpectedly (${signal ?? `exit code ${code}`}); stopping everything`);
      void shutdown(1);
    });
  });
  return { name, child, exited };
}

async function stopApp({ name, child, exited }: RunningApp): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // tsx passes SIGTERM on to the script, whose own handler shuts down gracefully.
  child.kill('SIGTERM');
  const killer = setTimeout(() => {
    log(`${name} did not stop within ${CHILD_STOP_GRACE_MS / 1000} s; killing it`);
    // The whole group: tsx and the node process running the script.
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }, CHILD_STOP_GRACE_MS);
  await exited;
  clearTimeout(killer);
}

async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  log('stopping...');
  await Promise.all(apps.map(stopApp));
  const server = await serverStarting.catch(() => undefined);
  await server?.stop();
  log('stopped');
  process.exit(code);
}

/**
 * Encryption settings the children get on top of the environment: what is configured wins; what is
 * missing is made up for the embedded stack (scripts/dev-secrets.ts).
 */
function devEncryptionEnv(ports: Ports): Record<string, string> {
  if (process.env.PAYLOAD_ENCRYPTION === 'off') {
    log('warning: PAYLOAD_ENCRYPTION=off: payloads (customer data) are stored in Temporal unencrypted');
    return {};
  }
  const env: Record<string, string> = {};
  if (!process.env.PAYLOAD_ENCRYPTION_KEYS) {
    const key = devPayloadKey(join(ROOT, DEV_KEY_FILE));
    env.PAYLOAD_ENCRYPTION_KEYS = key.value;
    log(
      key.reused
        ? `payload encryption: development key from ${DEV_KEY_FILE}`
        : `payload encryption: generated a development key in ${DEV_KEY_FILE}; restarts reuse it (not for production)`,
    );
  }
  if (!process.env.CODEC_AUTH_TOKEN) {
    env.CODEC_AUTH_TOKEN = devCodecToken(join(ROOT, DEV_CODEC_TOKEN_FILE)).value;
  }
  if (!process.env.CODEC_CORS_ORIGINS) {
    // The UI's origin follows its port; the gateway's default list assumes 8233.
    env.CODEC_CORS_ORIGINS = `http://localhost:${ports.ui},http://127.0.0.1:${ports.ui}`;
  }
  return env;
}

/**
 * Where the dev UI sends payloads to decode: the gateway's /codec with the token as a path segment,
 * since the UI cannot add an Authorization header of our choosing (client/gateway/codec-access.ts).
 */
function uiCodecEndpoint(ports: Ports, encryptionEnv: Record<string, string>): string | undefined {
  if (process.env.TEMPORAL_UI_CODEC_ENDPOINT) return process.env.TEMPORAL_UI_CODEC_ENDPOINT;
  const token = process.env.CODEC_AUTH_TOKEN ?? encryptionEnv.CODEC_AUTH_TOKEN;
  if (process.env.PAYLOAD_ENCRYPTION === 'off' || !token) return undefined;
  return `${gatewayUrl(ports)}/codec/${token}`;
}

/** The gateway as the browser on this machine reaches it. */
function gatewayUrl(ports: Ports): string {
  const host = process.env.GATEWAY_HOST;
  const reachable = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable}:${ports.gateway}`;
}

async function startTemporal(
  ports: Ports,
  codecEndpoint: string | undefined,
): Promise<DevServer | undefined> {
  if (process.env.TEMPORAL_ADDRESS) {
    log(`using the Temporal server at ${process.env.TEMPORAL_ADDRESS} (TEMPORAL_ADDRESS)`);
    return undefined;
  }
  log(`starting the Temporal dev server (state in ${DB_FILE})...`);
  const server = await startDevServer({
    dbFile: join(ROOT, DB_FILE),
    port: ports.temporal,
    uiPort: ports.ui,
    namespace,
    // Lets the UI show payloads that the payload codec encrypted.
    codecEndpoint,
    onOutput: (line) => {
      if (line.trim()) console.log(`${label('temporal')} ${line}`);
    },
  });
  void server.exited.then(() => {
    if (!shuttingDown) {
      log('the Temporal dev server exited unexpectedly; stopping everything');
      void shutdown(1);
    }
  });
  return server;
}

async function main(): Promise<void> {
  const ports = readPorts();
  // Only the embedded stack gets made-up secrets: a real cluster needs the keys its other workers use.
  const encryptionEnv = process.env.TEMPORAL_ADDRESS ? {} : devEncryptionEnv(ports);
  const codecEndpoint = uiCodecEndpoint(ports, encryptionEnv);
  serverStarting = startTemporal(ports, codecEndpoint);
  const server = await serverStarting;
  if (shuttingDown) return;

  const env = {
    ...process.env,
    ...encryptionEnv,
    ...(server ? { TEMPORAL_ADDRESS: server.address } : {}),
  };
  const started = new Set<string>();
  for (const { name, entry } of APPS) {
    if (!existsSync(join(ROOT, entry))) {
      log(`warning: ${entry} does not exist yet; not starting the ${name}`);
      continue;
    }
    apps.push(startApp(name, entry, env));
    started.add(name);
  }

  if (server?.uiUrl) log(`Temporal UI:        ${server.uiUrl}`);
  if (server?.uiUrl && codecEndpoint && !process.env.TEMPORAL_UI_CODEC_ENDPOINT) {
    const token = process.env.CODEC_AUTH_TOKEN ? '$CODEC_AUTH_TOKEN' : `$(cat ${DEV_CODEC_TOKEN_FILE})`;
    log(`  it decodes payloads through ${gatewayUrl(ports)}/codec; for the Temporal CLI add`);
    log(`  --codec-endpoint ${gatewayUrl(ports)}/codec --codec-auth "Bearer ${token}"`);
  }
  if (server) log(`Temporal server:    ${server.address} (namespace ${namespace})`);
  if (started.has('gateway')) log(`Payments gateway:   http://localhost:${ports.gateway}`);
  if (started.has('sandboxes')) {
    log(`Provider sandboxes: http://localhost:${ports.sandboxBase} and up, one port per provider`);
  }
  log('Ctrl-C stops everything');
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((err: unknown) => {
  console.error(`${label('start')} ${err instanceof Error ? err.message : String(err)}`);
  void shutdown(1);
});
