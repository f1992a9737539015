/**
 * The keys that protect payloads stored in Temporal: every key that may have encrypted a payload still
 * in retained history (decryption), and the one current key that encrypts new payloads. Rotating is
 * adding a key and making it current; an old key is dropped only once no retained history uses it.
 */

/** AES-256 keys. */
export const KEY_BYTES = 32;

/** Key ids are stored in every payload's metadata and shown in errors: short and unremarkable. */
const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;

export class PayloadKeyRing {
  // An ES private field: JSON.stringify, util.inspect and pino never see the key material.
  readonly #keys: ReadonlyMap<string, Buffer>;

  constructor(
    keys: ReadonlyMap<string, Uint8Array>,
    readonly currentKeyId: string,
  ) {
    for (const [id, key] of keys) {
      if (!KEY_ID_PATTERN.test(id)) throw new Error(`key id "${id}" must be 1-64 of A-Z a-z 0-9 . _ -`);
      if (key.length !== KEY_BYTES) throw new Error(`key "${id}" must be ${KEY_BYTES} bytes`);
    }
    if (!keys.has(currentKeyId)) {
      throw new Error(
        `the current key "${currentKeyId}" is not among the keys (${[...keys.keys()].join(', ')})`,
      );
    }
    this.#keys = new Map([...keys].map(([id, key]) => [id, Buffer.from(key)]));
  }

  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /** The key with this id, or undefined when this process does not have it. */
  key(id: string): Buffer | undefined {
    return this.#keys.get(id);
  }

  currentKey(): Buffer {
    return this.#keys.get(this.currentKeyId) as Buffer; // the constructor checked it is there
  }

  /** What a log line or an accidental JSON.stringify shows: ids only. */
  toJSON(): { currentKeyId: string; keyIds: string[] } {
    return { currentKeyId: this.currentKeyId, keyIds: this.keyIds };
  }
}

/**
 * Parses `id:base64,id:base64`, the PAYLOAD_ENCRYPTION_KEYS format. Errors name the entry by id or
 * position, never by its key material.
 */
export function parseKeyList(text: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error('no keys: expected keyId:base64Key[,keyId:base64Key...]');
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    if (colon <= 0) throw new Error(`entry ${index + 1} is not keyId:base64Key`);
    const id = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    if (!KEY_ID_PATTERN.test(id))
      throw new Error(`entry ${index + 1}: key id must be 1-64 of A-Z a-z 0-9 . _ -`);
    if (keys.has(id)) throw new Error(`key id "${id}" appears twice`);
    const key = BASE64_PATTERN.test(encoded) ? Buffer.from(encoded, 'base64') : undefined;
    if (key?.length !== KEY_BYTES) {
      throw new Error(
        `key "${id}" must be ${KEY_BYTES} random bytes in base64 (e.g. \`openssl rand -base64 32\`)` +
          (key ? `, got ${key.length} bytes` : ', got something that is not base64'),
      );
    }
    keys.set(id, key);
  });
  return keys;
}

/** The PAYLOAD_ENCRYPTION_KEYS entry for a key: how scripts/start.ts stores its development key. */
export function formatKeyEntry(id: string, key: Uint8Array): string {
  return `${id}:${Buffer.from(key).toString('base64')}`;
}

/** Payload encryption as configured: on with a key ring, or explicitly off (PAYLOAD_ENCRYPTION=off). */
export type PayloadEncryption = { mode: 'aes-256-gcm'; keyRing: PayloadKeyRing } | { mode: 'off' };

/** For startup log lines: the mode and key ids, never key material. */
export function describeEncryption(encryption: PayloadEncryption): string {
  if (encryption.mode === 'off') return 'off';
  const { currentKeyId, keyIds } = encryption.keyRing;
  return `${encryption.mode}, current key "${currentKeyId}" (${keyIds.length} key${keyIds.length === 1 ? '' : 's'} for decryption)`;
}
