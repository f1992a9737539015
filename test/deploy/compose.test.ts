/**
 * docker-compose.yml and the Dockerfile, checked without a Docker engine: the structure the stack
 * relies on (services, pinned images, health checks, start order, published ports), that the
 * environment compose gives the worker and the gateway is one worker/config.ts accepts, and that the
 * image holds every file the three entry points load. `docker compose config` (it needs no engine)
 * runs as well where a compose CLI is installed, and is skipped with a message where it is not.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';
import { PROVIDER_MODULES } from '../../providers/registry';
import { loadConfig } from '../../worker/config';
import { configureProviders } from '../../worker/providers';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

const ROOT = resolve(__dirname, '..', '..');

type EnvValue = string | number | boolean | null;

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, EnvValue>;
  env_file?: unknown;
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  ports?: (string | number)[];
  profiles?: string[];
  restart?: string;
  volumes?: string[];
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const COMPOSE_FILE = 'docker-compose.yml';
/** The worker and the gateway alone, against Temporal Cloud or another cluster. */
const CLOUD_FILE = 'deploy/compose.temporal-cloud.yaml';

function loadCompose(file: string): ComposeFile {
  return parse(readFileSync(join(ROOT, file), 'utf8'), { merge: true }) as ComposeFile;
}

const compose = loadCompose(COMPOSE_FILE);
const services = compose.services;
const cloud = loadCompose(CLOUD_FILE);
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** The stand-ins for the values an operator puts in .env (deploy/README.md). */
const OPERATOR_SETTINGS: Readonly<Record<string, string>> = {
  POSTGRES_PASSWORD: 'a-postgres-password',
  PAYLOAD_ENCRYPTION_KEYS: `main:${randomBytes(32).toString('base64')}`,
  CODEC_AUTH_TOKEN: randomBytes(32).toString('hex'),
  GATEWAY_PUBLIC_URL: 'https://payments.example.com',
};

/** The CLI's names for the SDK's search attribute types (`temporal operator search-attribute create --type`). */
const CLI_TYPE_NAMES: Readonly<Record<string, string>> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

function service(name: string, file: ComposeFile = compose): ComposeService {
  const found = file.services[name];
  assert.ok(found, `no service "${name}"`);
  return found;
}

function environmentOf(name: string, file: ComposeFile = compose): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service(name, file).environment ?? {}).map(([key, value]) => [key, String(value ?? '')]),
  );
}

function joined(test: string | string[] | undefined): string {
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

/**
 * Compose's variable substitution, for the forms this file uses: ${NAME}, ${NAME:-default},
 * ${NAME-default}, ${NAME:?message}, ${NAME?message} and $$ for a literal dollar.
 */
function interpolate(text: string, settings: Readonly<Record<string, string>>): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g,
    (_match, name: string | undefined, colon: string, operator: string, argument: string) => {
      if (name === undefined) return '$';
      const value = settings[name];
      const missing = value === undefined || (colon === ':' && value === '');
      if (!missing) return value;
      if (operator === '?') throw new Error(`required variable ${name} is missing: ${argument}`);
      return operator === '-' ? argument : '';
    },
  );
}

function renderedEnvironment(
  name: string,
  settings: Readonly<Record<string, string>>,
  file: ComposeFile = compose,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environmentOf(name, file)).map(([key, value]) => [key, interpolate(value, settings)]),
  );
}

/** Every variable a compose file requires (${NAME:?...}), wherever it is used (comments aside). */
function requiredVariables(file: string): string[] {
  const lines = readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'));
  const names = lines.flatMap((line) => [...line.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?\?/g)]);
  return [...new Set(names.map((m) => m[1] as string))];
}

/**
 * `docker compose config` on FILE with SETTINGS as its only variables: an env file of our own, so a
 * developer's .env next to the compose file plays no part. Undefined when no compose CLI is installed.
 */
function composeConfig(
  file: string,
  settings: Readonly<Record<string, string>>,
  ...args: string[]
): { status: number | null; stderr: string } | undefined {
  if (spawnSync('docker', ['compose', 'version']).status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'compose-config-'));
  try {
    const envFile = join(dir, 'settings.env');
    writeFileSync(
      envFile,
      Object.entries(settings)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
    return spawnSync(
      'docker',
      [
        'compose',
        '--project-directory',
        ROOT,
        '--env-file',
        envFile,
        '-f',
        file,
        ...args,
        'config',
        '--quiet',
      ],
      { encoding: 'utf8', cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME } },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const NO_COMPOSE_CLI = 'no `docker compose` CLI on this machine: the structural checks stand in for it';

/** The keys of `const envSchema = z.object({...})` in worker/config.ts, read from its source. */
function configSchemaVariables(): { name: string; required: boolean }[] {
  const path = join(ROOT, 'worker', 'config.ts');
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
  let schema: ts.ObjectLiteralExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      node.name.getText(source) === 'envSchema' &&
      node.initializer &&
      ts.isCallExpression(node.initializer) &&
      node.initializer.arguments[0] &&
      ts.isObjectLiteralExpression(node.initializer.arguments[0])
    ) {
      schema = node.initializer.arguments[0];
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  assert.ok(schema, 'worker/config.ts no longer has `const envSchema = z.object({...})`: update this test');
  return schema.properties.filter(ts.isPropertyAssignment).map((property) => ({
    name: property.name.getText(source),
    required: !/\.(optional|default)\(/.test(property.initializer.getText(source)),
  }));
}

/** ASSIST_SECRET_WORD etc.: each provider's configuration keys under its prefix (worker/providers.ts). */
function providerVariables(): Map<string, string[]> {
  return new Map(
    PROVIDER_MODULES.map((module) => {
      const shape = (module.configSchema as { shape?: Record<string, unknown> }).shape;
      assert.ok(shape, `${module.name}: configSchema is not a z.object, so its variables are unknown here`);
      const names = Object.keys(shape).map(
        (key) => module.envPrefix + key.replace(/([A-Z])/g, '_$1').toUpperCase(),
      );
      return [module.envPrefix, names];
    }),
  );
}

function assertKnownVariables(serviceName: string, file: ComposeFile = compose): void {
  const known = new Set(configSchemaVariables().map((v) => v.name));
  const byPrefix = providerVariables();
  for (const name of Object.keys(environmentOf(serviceName, file))) {
    const prefix = [...byPrefix.keys()].find((p) => name.startsWith(p));
    const readers = prefix ? (byPrefix.get(prefix) ?? []) : [...known];
    assert.ok(
      readers.includes(name),
      `${serviceName} gets ${name}, which neither worker/config.ts nor a provider's config reads`,
    );
  }
}

/** Host side of a published port: `127.0.0.1:8080:8080` → { ip: '127.0.0.1', ports: '8080' }. */
function publishedPort(spec: string | number): { ip?: string; ports: string } {
  const parts = String(spec).split(':');
  if (parts.length === 3) return { ip: parts[0], ports: parts[1] as string };
  return { ports: parts.length === 2 ? (parts[0] as string) : String(spec) };
}

describe('docker-compose.yml', () => {
  it('has the production-shaped services, and nothing else', () => {
    assert.deepEqual(Object.keys(services).sort(), [
      'gateway',
      'postgresql',
      'sandboxes',
      'temporal',
      'temporal-namespace',
      'temporal-schema',
      'temporal-ui',
      'worker',
    ]);
    assert.deepEqual(service('sandboxes').profiles, ['sandbox'], 'the sandboxes are opt-in');
  });

  it('pins every image to a version tag', () => {
    for (const [name, { image, build }] of Object.entries(services)) {
      assert.ok(image, `${name} has no image`);
      if (build !== undefined) continue; // our own image, built from the Dockerfile
      const match = /^(?<repository>[a-z0-9./_-]+):(?<tag>[A-Za-z0-9._-]+)$/.exec(image);
      assert.ok(match?.groups, `${name}: "${image}" has no tag`);
      const { tag } = match.groups as { tag: string };
      assert.notEqual(tag, 'latest', `${name}: "${image}" is not pinned`);
      assert.match(tag, /^v?\d+\.\d+(\.\d+)?([-.].*)?$/, `${name}: "${image}" is not a version tag`);
    }
    assert.match(service('postgresql').image ?? '', /^postgres:16\.\d+/);
    assert.doesNotMatch(service('temporal').image ?? '', /auto-setup/, 'temporalio/auto-setup is deprecated');
    const serverVersion = /^temporalio\/server:(1\.29\.\d+)$/.exec(service('temporal').image ?? '')?.[1];
    assert.ok(serverVersion, 'the Temporal server is a pinned 1.29.x');
    for (const job of ['temporal-schema', 'temporal-namespace']) {
      assert.ok(
        service(job).image?.startsWith(`temporalio/admin-tools:${serverVersion}-`),
        `${job} uses the admin-tools of the server's version (its schemas are the server's)`,
      );
    }
  });

  it('health-checks PostgreSQL, Temporal and the gateway', () => {
    assert.match(joined(service('postgresql').healthcheck?.test), /pg_isready/);
    assert.match(joined(service('temporal').healthcheck?.test), /7233/);
    assert.match(joined(service('gateway').healthcheck?.test), /\/readyz/);
  });

  it('starts everything in order: database, schema, server, namespace, then the apps', () => {
    const condition = (name: string, on: string) => service(name).depends_on?.[on]?.condition;
    assert.equal(condition('temporal-schema', 'postgresql'), 'service_healthy');
    assert.equal(condition('temporal', 'temporal-schema'), 'service_completed_successfully');
    assert.equal(condition('temporal-namespace', 'temporal'), 'service_healthy');
    assert.equal(condition('temporal-ui', 'temporal'), 'service_healthy');
    for (const app of ['worker', 'gateway']) {
      assert.equal(condition(app, 'temporal-namespace'), 'service_completed_successfully', app);
    }
  });

  it('restarts the long-running services and retries the one-shot jobs a bounded number of times', () => {
    for (const name of ['postgresql', 'temporal', 'temporal-ui', 'worker', 'gateway', 'sandboxes']) {
      assert.match(service(name).restart ?? '', /^(unless-stopped|always)$/, name);
    }
    for (const name of ['temporal-schema', 'temporal-namespace']) {
      assert.match(service(name).restart ?? '', /^on-failure:\d+$/, name);
    }
  });

  it('keeps PostgreSQL data in a named volume', () => {
    const mount = service('postgresql').volumes?.find((v) => v.endsWith(':/var/lib/postgresql/data'));
    const volume = mount?.split(':')[0] ?? '';
    assert.ok(compose.volumes && volume in compose.volumes, `"${mount}" is not a named volume`);
  });

  it('sets up both Temporal databases with temporal-sql-tool before the server starts', () => {
    const { entrypoint, volumes, environment } = service('temporal-schema');
    const script = readFileSync(join(ROOT, 'deploy', 'temporal', 'setup-postgres.sh'), 'utf8');
    assert.ok(volumes?.includes('./deploy/temporal/setup-postgres.sh:/deploy/setup-postgres.sh:ro'));
    assert.deepEqual(entrypoint, ['/bin/sh', '/deploy/setup-postgres.sh']);
    assert.match(script, /temporal-sql-tool --plugin postgres12/);
    for (const step of [/ create$/m, /setup-schema -v 0\.0$/m, /update-schema -d /m])
      assert.match(script, step);
    assert.match(script, /^set_up temporal temporal$/m);
    assert.match(script, /^set_up temporal_visibility visibility$/m);
    assert.equal(environment?.POSTGRES_SEEDS, 'postgresql');
  });

  it('configures the server for PostgreSQL with our dynamic config', () => {
    const env = environmentOf('temporal');
    assert.equal(env.DB, 'postgres12');
    assert.equal(env.POSTGRES_SEEDS, 'postgresql');
    assert.equal(env.BIND_ON_IP, '0.0.0.0');
    for (const name of ['DB_PORT', 'POSTGRES_USER', 'POSTGRES_PWD']) assert.ok(env[name], name);
    const mount = service('temporal').volumes?.find((v) =>
      v.startsWith('./deploy/temporal/dynamicconfig.yaml:'),
    );
    assert.equal(
      mount?.split(':')[1],
      env.DYNAMIC_CONFIG_FILE_PATH,
      'DYNAMIC_CONFIG_FILE_PATH is the mounted file',
    );
    const dynamicConfig = parse(
      readFileSync(join(ROOT, 'deploy', 'temporal', 'dynamicconfig.yaml'), 'utf8'),
    ) as Record<string, unknown>;
    for (const [key, values] of Object.entries(dynamicConfig)) {
      assert.ok(
        Array.isArray(values) && values.every((v: { value?: unknown }) => v.value !== undefined),
        `${key}: each entry is a list of { value, constraints }`,
      );
    }
  });

  it('registers exactly the search attributes the workflows upsert', () => {
    const registered = environmentOf('temporal-namespace')
      .SEARCH_ATTRIBUTES?.split(/\s+/)
      .filter(Boolean)
      .map((pair) => pair.split('='));
    const expected = ALL_SEARCH_ATTRIBUTES.map((key) => [key.name, CLI_TYPE_NAMES[key.type]]);
    assert.deepEqual(registered, expected);
    const { entrypoint, volumes } = service('temporal-namespace');
    assert.deepEqual(entrypoint, ['/bin/sh', '/deploy/create-namespace.sh']);
    assert.ok(volumes?.includes('./deploy/temporal/create-namespace.sh:/deploy/create-namespace.sh:ro'));
    assert.equal(
      environmentOf('temporal-namespace').TEMPORAL_NAMESPACE,
      environmentOf('worker').TEMPORAL_NAMESPACE,
      'the job creates the namespace the worker polls',
    );
  });

  it('points the UI at the server and at the gateway codec endpoint, from an origin the gateway allows', () => {
    const ui = renderedEnvironment('temporal-ui', OPERATOR_SETTINGS);
    const gateway = renderedEnvironment('gateway', OPERATOR_SETTINGS);
    assert.equal(ui.TEMPORAL_ADDRESS, 'temporal:7233');
    assert.equal(
      ui.TEMPORAL_CODEC_ENDPOINT,
      `http://localhost:3000/codec/${OPERATOR_SETTINGS.CODEC_AUTH_TOKEN}`,
      'the browser reaches the gateway on its published port; the token travels in the path',
    );
    assert.equal(ui.TEMPORAL_CORS_ORIGINS, gateway.CODEC_CORS_ORIGINS);
  });

  it('runs the worker and the gateway from the same build, against the bundled server', () => {
    const worker = service('worker');
    const gateway = service('gateway');
    assert.deepEqual(worker.build, gateway.build);
    assert.equal(worker.image, gateway.image);
    assert.equal(worker.build, '.', 'built from the Dockerfile at the root');
    assert.notDeepEqual(worker.command, gateway.command);
    for (const name of ['worker', 'gateway']) {
      const env = environmentOf(name);
      assert.equal(env.TEMPORAL_ADDRESS, 'temporal:7233', name);
      assert.match(
        env.PROVIDER_MODE ?? '',
        /^\$\{PROVIDER_MODE[:}-]/,
        `${name}: PROVIDER_MODE comes from the environment`,
      );
    }
    assert.equal(environmentOf('gateway').GATEWAY_HOST, '0.0.0.0');
  });

  it('gives the apps only variables that worker/config.ts or a provider config reads', () => {
    for (const name of ['worker', 'gateway', 'sandboxes']) assertKnownVariables(name);
  });

  it('gives the worker and the gateway every variable worker/config.ts requires, in a form it accepts', () => {
    const requiredBySchema = configSchemaVariables().filter((v) => v.required);
    for (const name of ['worker', 'gateway']) {
      const env = renderedEnvironment(name, OPERATOR_SETTINGS);
      for (const { name: variable } of requiredBySchema)
        assert.ok(env[variable], `${name} lacks ${variable}`);
      const config = loadConfig(env);
      assert.equal(config.temporal.address, 'temporal:7233');
      assert.equal(config.providers.mode, 'live', `${name}: live unless PROVIDER_MODE says otherwise`);
      assert.equal(config.encryption.mode, 'aes-256-gcm', `${name}: payloads are encrypted`);
    }
    const gateway = loadConfig(renderedEnvironment('gateway', OPERATOR_SETTINGS)).gateway;
    assert.equal(gateway.host, '0.0.0.0');
    assert.equal(gateway.port, 3000);
    assert.equal(gateway.publicUrl, OPERATOR_SETTINGS.GATEWAY_PUBLIC_URL);
    assert.equal(gateway.codec.authToken, OPERATOR_SETTINGS.CODEC_AUTH_TOKEN, 'the codec endpoint is served');
  });

  it('lets the sandbox profile run without any provider credentials', () => {
    const settings = {
      ...OPERATOR_SETTINGS,
      PROVIDER_MODE: 'sandbox',
      GATEWAY_PUBLIC_URL: 'http://gateway:3000',
    };
    for (const name of ['worker', 'gateway', 'sandboxes']) {
      const env = renderedEnvironment(name, settings);
      const config = loadConfig(env);
      assert.equal(config.providers.mode, 'sandbox', name);
      const providers = configureProviders(config.providers, env);
      assert.equal(providers.length, PROVIDER_MODULES.length, `${name}: every provider has a sandbox`);
    }
    const sandboxes = loadConfig(renderedEnvironment('sandboxes', settings));
    assert.equal(sandboxes.providers.sandboxHost, '0.0.0.0', 'the sandboxes listen beyond their container');
    assert.equal(sandboxes.gateway.publicUrl, 'http://gateway:3000', 'notifications reach the gateway');
    const worker = loadConfig(renderedEnvironment('worker', settings));
    assert.equal(worker.providers.sandboxHost, 'sandboxes', 'the worker calls the sandboxes service');
    assert.equal(worker.providers.sandboxBasePort, sandboxes.providers.sandboxBasePort);
  });

  it('publishes only the gateway and the UI, plus the sandboxes on loopback in their profile', () => {
    const publishing = Object.entries(services)
      .filter(([, s]) => (s.ports ?? []).length > 0 && s.profiles === undefined)
      .map(([name]) => name)
      .sort();
    assert.deepEqual(publishing, ['gateway', 'temporal-ui']);
    const ui = (service('temporal-ui').ports ?? []).map(publishedPort);
    assert.deepEqual(ui, [{ ip: '127.0.0.1', ports: '8080' }], 'the UI shows decrypted data: loopback only');

    const sandboxPorts = (service('sandboxes').ports ?? []).map(publishedPort);
    assert.equal(sandboxPorts.length, 1);
    const [first, last = first] = (sandboxPorts[0]?.ports ?? '').split('-').map(Number);
    assert.equal(sandboxPorts[0]?.ip, '127.0.0.1');
    const base = Number(environmentOf('sandboxes').SANDBOX_BASE_PORT);
    assert.equal(first, base);
    assert.ok(
      (last ?? 0) - base + 1 >= PROVIDER_MODULES.length,
      `one port per provider in providers/registry.ts (${PROVIDER_MODULES.length}) from ${base}`,
    );
  });

  it('documents every required setting in deploy/README.md', () => {
    const readme = readFileSync(join(ROOT, 'deploy', 'README.md'), 'utf8');
    for (const file of [COMPOSE_FILE, CLOUD_FILE]) {
      for (const name of requiredVariables(file))
        assert.ok(readme.includes(name), `${name} is not in deploy/README.md`);
    }
  });

  it('is accepted by `docker compose config` where a compose CLI is installed', (t) => {
    const result = composeConfig(COMPOSE_FILE, OPERATOR_SETTINGS);
    if (!result) {
      t.skip(NO_COMPOSE_CLI);
      return;
    }
    assert.equal(result.status, 0, result.stderr);
    const sandbox = composeConfig(COMPOSE_FILE, OPERATOR_SETTINGS, '--profile', 'sandbox');
    assert.equal(sandbox?.status, 0, sandbox?.stderr);
    const missing = composeConfig(COMPOSE_FILE, {});
    assert.notEqual(missing?.status, 0, 'compose refuses to run without the required settings');
    for (const name of requiredVariables(COMPOSE_FILE)) assert.match(missing?.stderr ?? '', new RegExp(name));
  });
});

describe('deploy/compose.temporal-cloud.yaml', () => {
  const CLOUD_SETTINGS = {
    ...OPERATOR_SETTINGS,
    TEMPORAL_ADDRESS: 'payments.a1b2c.tmprl.cloud:7233',
    TEMPORAL_NAMESPACE: 'payments.a1b2c',
    TEMPORAL_API_KEY: 'an-api-key',
  };

  it('runs the same worker and gateway as docker-compose.yml, without the bundled Temporal', () => {
    assert.deepEqual(Object.keys(cloud.services).sort(), ['gateway', 'worker']);
    for (const name of ['worker', 'gateway']) {
      const ours = service(name, cloud);
      const bundled = service(name);
      for (const key of ['build', 'image', 'command', 'env_file', 'restart'] as const) {
        assert.deepEqual(ours[key], bundled[key], `${name}.${key} differs from docker-compose.yml`);
      }
      assert.equal(ours.depends_on, undefined, `${name} waits for no bundled service`);
      assertKnownVariables(name, cloud);
    }
    assert.deepEqual(service('gateway', cloud).ports, service('gateway').ports);
    assert.deepEqual(service('gateway', cloud).healthcheck, service('gateway').healthcheck);
  });

  it('connects over TLS with the API key, in live mode', () => {
    for (const name of ['worker', 'gateway']) {
      const config = loadConfig(renderedEnvironment(name, CLOUD_SETTINGS, cloud));
      assert.equal(config.temporal.address, CLOUD_SETTINGS.TEMPORAL_ADDRESS);
      assert.equal(config.temporal.namespace, CLOUD_SETTINGS.TEMPORAL_NAMESPACE);
      assert.equal(config.temporal.apiKey, CLOUD_SETTINGS.TEMPORAL_API_KEY);
      assert.ok(config.temporal.tls, `${name}: TLS is on`);
      assert.equal(config.providers.mode, 'live');
      assert.equal(config.encryption.mode, 'aes-256-gcm');
    }
  });

  it('is accepted by `docker compose config` where a compose CLI is installed', (t) => {
    const result = composeConfig(CLOUD_FILE, CLOUD_SETTINGS);
    if (!result) {
      t.skip(NO_COMPOSE_CLI);
      return;
    }
    assert.equal(result.status, 0, result.stderr);
  });
});

describe('Dockerfile', () => {
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const args = new Map(
    instructions
      .filter((line) => line.startsWith('ARG '))
      .map((line) => line.slice(4).split('=') as [string, string]),
  );
  const froms = instructions.filter((line) => line.startsWith('FROM '));
  const lastStage = instructions.slice(instructions.lastIndexOf(froms[froms.length - 1] ?? ''));
  /** COPY destinations of the final stage, relative to /app, as sources → destination. */
  const copied = lastStage
    .filter((line) => line.startsWith('COPY ') && !line.includes('--from='))
    .flatMap((line) => {
      const parts = line.slice(5).trim().split(/\s+/);
      return parts.slice(0, -1).map((source) => source.replace(/\/$/, ''));
    });

  it('builds from a pinned Node 20 bookworm-slim image', () => {
    assert.ok(froms.length >= 2, 'multi-stage');
    for (const from of froms) {
      const image = from.split(/\s+/)[1]?.replace(/^\$\{(\w+)\}$/, (_, name: string) => args.get(name) ?? '');
      assert.match(image ?? '', /^node:20\.\d+\.\d+-bookworm-slim$/, from);
    }
    assert.doesNotMatch(dockerfile, /:latest\b/);
  });

  it('installs from the lockfile without install scripts or dev dependencies', () => {
    const install = instructions.find((line) => /\bnpm (ci|install)\b/.test(line)) ?? '';
    assert.match(install, /\bnpm ci\b/);
    assert.match(install, /--ignore-scripts/);
    assert.match(install, /--omit=dev/);
  });

  it('runs as an unprivileged user, the worker by default', () => {
    const user = lastStage.filter((line) => line.startsWith('USER ')).pop();
    assert.ok(user, 'the final stage sets USER');
    assert.doesNotMatch(user, /^USER\s+(root|0)(:|$)/);
    assert.equal(
      lastStage.filter((line) => line.startsWith('CMD ')).pop(),
      'CMD ["node", "--import", "tsx", "worker/main.ts"]',
    );
  });

  it('contains every file the worker, gateway and sandboxes commands load, and .dockerignore keeps them', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#') && !line.startsWith('!'));
    const inImage = (file: string) =>
      copied.some((source) => file === source || file.startsWith(`${source}/`));
    const isIgnored = (file: string) =>
      ignored.some(
        (pattern) => file === pattern || file.startsWith(`${pattern}/`) || file.split('/')[0] === pattern,
      );

    const entries = ['worker', 'gateway', 'sandboxes'].map((name) => {
      const entry = service(name).command?.at(-1) ?? '';
      assert.ok(existsSync(join(ROOT, entry)), `${name} runs ${entry}, which does not exist`);
      return entry;
    });
    for (const file of [
      ...localModulesReachableFrom(entries),
      ...runtimeAssets(localModulesReachableFrom(entries)),
    ]) {
      assert.ok(inImage(file), `the image lacks ${file} (no COPY in the Dockerfile)`);
      assert.ok(!isIgnored(file), `.dockerignore leaves ${file} out of the build context`);
    }
    for (const file of ['package.json', 'package-lock.json']) assert.ok(!isIgnored(file), file);
  });
});

/** Our own modules the entry points import, directly or not (repo-relative paths). */
function localModulesReachableFrom(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const base = join(dirname(join(ROOT, file)), fileName);
      const resolved = [`${base}.ts`, join(base, 'index.ts'), base].find(
        (path) => existsSync(path) && statSync(path).isFile(),
      );
      assert.ok(resolved, `${file} imports ${fileName}, which cannot be resolved`);
      pending.push(relative(ROOT, resolved));
    }
  }
  return seen;
}

/** Non-TypeScript files those modules read next to themselves (`path.join(__dirname, 'charge.wsdl')`). */
function runtimeAssets(modules: Set<string>): string[] {
  return [...modules].flatMap((file) =>
    [...readFileSync(join(ROOT, file), 'utf8').matchAll(/join\(__dirname,\s*'([^']+)'\)/g)].map((match) => {
      const asset = relative(ROOT, join(ROOT, dirname(file), match[1] as string));
      assert.ok(existsSync(join(ROOT, asset)), `${file} reads ${asset}, which does not exist`);
      return asset;
    }),
  );
}
