import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bigfishProvider } from '../../../providers/bigfish';

describe('BIG FISH configuration', () => {
  it('parses environment strings, including the sandbox configuration stringified', () => {
    const asEnv = Object.fromEntries(
      Object.entries(bigfishProvider.sandboxConfig('http://127.0.0.1:4020/')).map(([k, v]) => [k, String(v)]),
    );
    const config = bigfishProvider.configSchema.parse(asEnv);
    assert.equal(config.baseUrl, 'http://127.0.0.1:4020');
    assert.equal(config.storeName, 'sdk_test');
    assert.equal(config.providerName, 'OTPSimple');
    assert.equal(config.language, 'HU');
    assert.deepEqual(config.wholeUnitCurrencies, ['HUF']);
    assert.equal(config.requestTimeoutMs, 20_000);
    assert.equal(config.moneyCallTimeoutMs, 25_000);
  });

  it('reads lists and numbers from text and names what is missing', () => {
    const parsed = bigfishProvider.configSchema.safeParse({ baseUrl: 'https://system.paymentgateway.hu' });
    assert.equal(parsed.success, false);
    assert.deepEqual(
      parsed.error?.issues.map((i) => i.path.join('.')),
      ['storeName', 'apiKey', 'providerName'],
    );
    const config = bigfishProvider.configSchema.parse({
      baseUrl: 'https://system.paymentgateway.hu',
      storeName: 'shop',
      apiKey: 'key',
      providerName: 'Barion2',
      language: 'en',
      wholeUnitCurrencies: ' huf, czk ',
      requestTimeoutMs: '5000',
      registrationValidityDays: '365',
    });
    assert.equal(config.language, 'EN');
    assert.deepEqual(config.wholeUnitCurrencies, ['HUF', 'CZK']);
    assert.equal(config.requestTimeoutMs, 5000);
    assert.equal(config.registrationValidityDays, 365);
    assert.equal(config.notificationSecret, undefined);
  });

  it('refuses a short notification secret and a ProviderName that is not one', () => {
    const base = { baseUrl: 'https://x.example', storeName: 's', apiKey: 'k' };
    assert.equal(
      bigfishProvider.configSchema.safeParse({ ...base, providerName: 'OTP Simple' }).success,
      false,
    );
    assert.equal(
      bigfishProvider.configSchema.safeParse({ ...base, providerName: 'OTP', notificationSecret: 'short' })
        .success,
      false,
    );
  });
});
