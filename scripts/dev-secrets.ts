/**
 * Secrets `npm start` makes up so that the embedded stack runs with zero configuration and still
 * encrypts: a payload key and a codec token, each created once under .data/ (mode 0600) and reused on
 * every restart, because payloads encrypted by the previous run stay in .data/temporal.sqlite and
 * must stay readable. Their values are never printed; the files are where to find them.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatKeyEntry, KEY_BYTES, parseKeyList } from '../worker/encryption/key-ring';

export const DEV_KEY_FILE = '.data/dev-payload-key';
export const DEV_CODEC_TOKEN_FILE = '.data/dev-codec-token';
const DEV_KEY_ID = 'dev';

export interface DevSecret {
  value: string;
  /** False when this run created it. */
  reused: boolean;
}

/** A PAYLOAD_ENCRYPTION_KEYS value with one key, `dev`. */
export function devPayloadKey(file: string): DevSecret {
  const secret = readOrCreate(file, () => formatKeyEntry(DEV_KEY_ID, randomBytes(KEY_BYTES)));
  try {
    parseKeyList(secret.value);
  } catch (err) {
    throw new Error(
      `${DEV_KEY_FILE} is damaged (${(err as Error).message}); restore it, or delete it to start ` +
        'over (payloads encrypted with it then become unreadable: delete .data/temporal.sqlite too)',
    );
  }
  return secret;
}

/** A CODEC_AUTH_TOKEN value. */
export function devCodecToken(file: string): DevSecret {
  return readOrCreate(file, () => randomBytes(32).toString('hex'));
}

function readOrCreate(file: string, create: () => string): DevSecret {
  if (existsSync(file)) return { value: readFileSync(file, 'utf8').trim(), reused: true };
  const value = create();
  mkdirSync(dirname(file), { recursive: true });
  // 'wx': never overwrite a secret another process wrote meanwhile; 0600: only this user reads it.
  writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return { value, reused: false };
}
