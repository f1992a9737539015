/** Payload encryption and codec endpoint settings: each mistake is refused, naming the variable. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../worker/config';

const KEY_A = randomBytes(32).toString('base64');
const KEY_B = randomBytes(32).toString('base64');

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err.message;
  }
  assert.fail('the configuration was accepted');
}

describe('payload encryption configuration', () => {
  it('refuses to start without keys unless encryption is explicitly off', () => {
    const message = refusal({});
    assert.match(message, /PAYLOAD_ENCRYPTION_KEYS: not set/);
    assert.match(message, /PAYLOAD_ENCRYPTION=off/);
  });

  it('PAYLOAD_ENCRYPTION=off runs without encryption', () => {
    assert.deepEqual(loadConfig({ PAYLOAD_ENCRYPTION: 'off' }).encryption, { mode: 'off' });
  });

  it('off together with keys is a contradiction, not a choice', () => {
    assert.match(
      refusal({ PAYLOAD_ENCRYPTION: 'off', PAYLOAD_ENCRYPTION_KEYS: `a:${KEY_A}` }),
      /PAYLOAD_ENCRYPTION: is off, but PAYLOAD_ENCRYPTION_KEYS/,
    );
  });

  it('one key is the current key without PAYLOAD_ENCRYPTION_KEY_ID', () => {
    const { encryption } = loadConfig({ PAYLOAD_ENCRYPTION_KEYS: `a:${KEY_A}` });
    assert.equal(encryption.mode, 'aes-256-gcm');
    assert.deepEqual(encryption.mode === 'aes-256-gcm' && encryption.keyRing.toJSON(), {
      currentKeyId: 'a',
      keyIds: ['a'],
    });
  });

  it('several keys need PAYLOAD_ENCRYPTION_KEY_ID, and it must be one of them', () => {
    const keys = `old:${KEY_A},new:${KEY_B}`;
    assert.match(
      refusal({ PAYLOAD_ENCRYPTION_KEYS: keys }),
      /PAYLOAD_ENCRYPTION_KEY_ID: not set; .*\(old, new\)/,
    );
    assert.match(
      refusal({ PAYLOAD_ENCRYPTION_KEYS: keys, PAYLOAD_ENCRYPTION_KEY_ID: 'newer' }),
      /PAYLOAD_ENCRYPTION_KEY_ID: "newer" is not a key id in PAYLOAD_ENCRYPTION_KEYS \(old, new\)/,
    );
    const { encryption } = loadConfig({ PAYLOAD_ENCRYPTION_KEYS: keys, PAYLOAD_ENCRYPTION_KEY_ID: 'new' });
    assert.equal(encryption.mode === 'aes-256-gcm' && encryption.keyRing.currentKeyId, 'new');
  });

  it('a malformed key is refused without echoing it', () => {
    const wrong = randomBytes(24).toString('base64');
    const message = refusal({ PAYLOAD_ENCRYPTION_KEYS: `a:${wrong}` });
    assert.match(message, /PAYLOAD_ENCRYPTION_KEYS: key "a" must be 32 random bytes/);
    assert.equal(message.includes(wrong), false);
  });
});

describe('codec endpoint configuration', () => {
  const encrypted = { PAYLOAD_ENCRYPTION_KEYS: `a:${KEY_A}` };

  it('has no token by default, and the dev UI origins', () => {
    assert.deepEqual(loadConfig(encrypted).gateway.codec, {
      authToken: undefined,
      corsOrigins: ['http://localhost:8233', 'http://127.0.0.1:8233'],
    });
  });

  it('refuses a short or URL-unsafe token without echoing it', () => {
    for (const token of ['too-short', `${'x'.repeat(40)}/slash`]) {
      const message = refusal({ ...encrypted, CODEC_AUTH_TOKEN: token });
      assert.match(message, /CODEC_AUTH_TOKEN: must be at least 32 characters/);
      assert.equal(message.includes(token), false);
    }
  });

  it('takes a list of origins and refuses anything else', () => {
    const { corsOrigins } = loadConfig({
      ...encrypted,
      CODEC_CORS_ORIGINS: 'https://temporal.example, http://10.0.0.5:8080',
    }).gateway.codec;
    assert.deepEqual(corsOrigins, ['https://temporal.example', 'http://10.0.0.5:8080']);
    assert.match(
      refusal({ ...encrypted, CODEC_CORS_ORIGINS: 'https://temporal.example/ui' }),
      /CODEC_CORS_ORIGINS: "https:\/\/temporal.example\/ui" is not an origin/,
    );
  });
});
