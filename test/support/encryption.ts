/**
 * The payload encryption every test runs with: a fixed, public, test-only key, so that tests exercise
 * the same codec and failure converter as production and a failing test's history can be decoded.
 */
import { createDataConverter } from '../../worker/encryption/data-converter';
import { formatKeyEntry, PayloadKeyRing, type PayloadEncryption } from '../../worker/encryption/key-ring';

export const TEST_KEY_ID = 'test';
const TEST_KEY = Buffer.from('test-only-key-not-for-production'); // 32 bytes

export const TEST_ENCRYPTION: PayloadEncryption = {
  mode: 'aes-256-gcm',
  keyRing: new PayloadKeyRing(new Map([[TEST_KEY_ID, TEST_KEY]]), TEST_KEY_ID),
};

export const testDataConverter = createDataConverter(TEST_ENCRYPTION);

/** The same key as environment variables, for processes the tests spawn (worker/main.ts). */
export const TEST_ENCRYPTION_ENV = {
  PAYLOAD_ENCRYPTION_KEYS: formatKeyEntry(TEST_KEY_ID, TEST_KEY),
  PAYLOAD_ENCRYPTION_KEY_ID: TEST_KEY_ID,
};

/** CODEC_AUTH_TOKEN of the test gateways. */
export const TEST_CODEC_TOKEN = 'test-codec-token-0123456789abcdef0123456789';
