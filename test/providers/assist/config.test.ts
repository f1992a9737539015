import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assistProvider } from '../../../providers/assist';

describe('Assist configuration', () => {
  it('parses environment strings, including the sandbox configuration stringified', () => {
    const asEnv = Object.fromEntries(
      Object.entries(assistProvider.sandboxConfig('http://127.0.0.1:4010/')).map(([k, v]) => [k, String(v)]),
    );
    const config = assistProvider.configSchema.parse(asEnv);
    assert.equal(config.baseUrl, 'http://127.0.0.1:4010');
    assert.equal(config.acceptTestMode, true);
    assert.equal(config.requestTimeoutMs, 15_000);
    assert.equal(config.checkvalueVariant, 'joined');
    assert.equal(config.confirmTransport, 'http');
    assert.equal(config.language, 'EN');
  });

  it('defaults to refusing test-mode payments and names what is missing', () => {
    const parsed = assistProvider.configSchema.safeParse({
      baseUrl: 'https://payments.paysecure.ru',
      merchantId: '123456',
      login: 'shop_login',
      password: 'Secret123',
    });
    assert.equal(parsed.success, false);
    assert.deepEqual(
      parsed.error?.issues.map((i) => i.path.join('.')),
      ['secretWord'],
    );
    const ok = assistProvider.configSchema.parse({
      baseUrl: 'https://payments.paysecure.ru',
      merchantId: '123456',
      login: 'shop_login',
      password: 'Secret123',
      secretWord: 'salt',
    });
    assert.equal(ok.acceptTestMode, false);
  });
});
