import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configureProviders } from '../../worker/providers';
import { ConfigError } from '../../worker/config';

const sandbox = { mode: 'sandbox' as const, sandboxHost: '127.0.0.1', sandboxBasePort: 4100 };

describe('provider configuration from the environment', () => {
  it('configures every registered provider against its sandbox by default', () => {
    const providers = configureProviders(sandbox, {});
    assert.deepEqual(
      providers.map((p) => [p.module.name, p.sandboxPort]),
      providers.map((p, i) => [p.module.name, 4100 + i]),
    );
  });

  it('names a misspelled variable instead of silently using a default', () => {
    assert.throws(
      () => configureProviders(sandbox, { ASSIST_CONFIRM_TRANSPRT: 'soap' }),
      (err: unknown) =>
        err instanceof ConfigError && /ASSIST_CONFIRM_TRANSPRT: not a IPS Assist setting/.test(err.message),
    );
  });

  it('names the variable and the reason for a bad value', () => {
    assert.throws(
      () => configureProviders(sandbox, { ASSIST_CONFIRM_TRANSPORT: 'carrier-pigeon' }),
      (err: unknown) => err instanceof ConfigError && /ASSIST_CONFIRM_TRANSPORT/.test(err.message),
    );
  });

  it('requires the live credentials in live mode', () => {
    assert.throws(
      () => configureProviders({ ...sandbox, mode: 'live', enabled: ['assist'] }, {}),
      (err: unknown) => err instanceof ConfigError && /ASSIST_MERCHANT_ID/.test(err.message),
    );
  });

  it('rejects an unknown provider name', () => {
    assert.throws(
      () => configureProviders({ ...sandbox, enabled: ['paypal'] }, {}),
      (err: unknown) =>
        err instanceof ConfigError && /PROVIDERS: unknown provider\(s\) paypal/.test(err.message),
    );
  });
});
