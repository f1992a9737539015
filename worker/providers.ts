/**
 * Which providers this process offers and how each is configured. In `sandbox` mode (the default of
 * `npm start`) every provider talks to its local sandbox on SANDBOX_BASE_PORT + its registry index,
 * with test credentials; any `<PREFIX>_*` variable still overrides. In `live` mode the provider's own
 * variables are required and validated.
 */
import type { ProviderModule } from '../providers/contract';
import { PROVIDER_MODULES } from '../providers/registry';
import type { AppConfig } from './config';
import { ConfigError } from './config';

export interface ConfiguredProvider {
  module: ProviderModule;
  config: unknown;
  /** Set in sandbox mode: where this provider's sandbox listens. */
  sandboxUrl?: string;
  sandboxPort?: number;
}

export function configureProviders(
  settings: AppConfig['providers'],
  env: NodeJS.ProcessEnv = process.env,
): ConfiguredProvider[] {
  const known = PROVIDER_MODULES.map((m) => m.name);
  const unknown = (settings.enabled ?? []).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      `invalid configuration:\n  PROVIDERS: unknown provider(s) ${unknown.join(', ')}; known: ${known.join(', ')}`,
    );
  }
  return PROVIDER_MODULES.flatMap((module, index) => {
    if (settings.enabled && !settings.enabled.includes(module.name)) return [];
    const fromEnv = providerEnv(module.envPrefix, env);
    if (settings.mode === 'live') return [{ module, config: parseProviderConfig(module, fromEnv) }];
    const sandboxPort = settings.sandboxBasePort + index;
    const sandboxUrl = `http://${settings.sandboxHost}:${sandboxPort}`;
    const config = parseProviderConfig(module, {
      ...stringified(module.sandboxConfig(sandboxUrl)),
      ...fromEnv,
    });
    return [{ module, config, sandboxUrl, sandboxPort }];
  });
}

/** `ASSIST_SECRET_WORD=x` → `{ secretWord: 'x' }` for prefix `ASSIST_`. */
function providerEnv(prefix: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(prefix) || !value) continue;
    out[camelCase(name.slice(prefix.length))] = value;
  }
  return out;
}

function parseProviderConfig(module: ProviderModule, raw: Record<string, unknown>): unknown {
  rejectUnknownVariables(module, raw);
  const parsed = module.configSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    return `  ${module.envPrefix}${snakeCase(key)}: ${issue.message}`;
  });
  throw new ConfigError(`invalid configuration for ${module.displayName}:\n${lines.join('\n')}`);
}

/** A misspelled optional variable would otherwise be dropped silently and its default used instead. */
function rejectUnknownVariables(module: ProviderModule, raw: Record<string, unknown>): void {
  const schema = module.configSchema as { shape?: Record<string, unknown> };
  if (!schema.shape) return;
  const known = Object.keys(schema.shape);
  const unknown = Object.keys(raw).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  const names = (keys: string[]) => keys.map((k) => `${module.envPrefix}${snakeCase(k)}`).join(', ');
  throw new ConfigError(
    `invalid configuration for ${module.displayName}:\n  ${names(unknown)}: not a ${module.displayName} setting; known: ${names(known)}`,
  );
}

/** Sandbox defaults go through the same parsing as environment strings. */
function stringified(config: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
}

function camelCase(snake: string): string {
  return snake.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function snakeCase(camel: string): string {
  return camel.replace(/([A-Z])/g, '_$1').toUpperCase();
}
