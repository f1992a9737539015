/**
 * The PayloadCodec that encrypts every payload our processes send to Temporal (workflow and activity
 * inputs and results, signals, updates, queries, failure attributes) with AES-256-GCM.
 *
 * The whole original Payload, metadata included, is protobuf-encoded and encrypted, so the stored
 * payload reveals nothing but `encoding: binary/encrypted` and the id of the key. Its data is
 * IV (12 random bytes) || ciphertext || auth tag (16 bytes), the layout of WebCrypto and of
 * Temporal's encryption sample. The tag makes any change to the stored bytes a decryption error
 * instead of silently different data.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { PayloadKeyRing } from './key-ring';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA_KEY = 'encryption-key-id';

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12; // the size GCM is specified for; random per payload, so never reused with a key
const TAG_BYTES = 16;
const ProtoPayload = temporal.api.common.v1.Payload;

/** A payload that cannot be decrypted: unknown key, damaged or tampered data. */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly keys: PayloadKeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  /** Payloads without our encoding pass through: history written before encryption still reads. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (isEncrypted(payload) ? this.decrypt(payload) : payload));
  }

  private encrypt(payload: Payload): Payload {
    const keyId = this.keys.currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.keys.currentKey(), iv, { authTagLength: TAG_BYTES });
    const plaintext = ProtoPayload.encode(payload).finish();
    const data = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA_KEY]: Buffer.from(keyId),
      },
      data,
    };
  }

  private decrypt(payload: Payload): Payload {
    const keyIdBytes = payload.metadata?.[KEY_ID_METADATA_KEY];
    if (!keyIdBytes) throw new PayloadDecryptionError(`encrypted payload without "${KEY_ID_METADATA_KEY}"`);
    const keyId = Buffer.from(keyIdBytes).toString('utf8');
    const key = this.keys.key(keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        `payload encrypted with key "${keyId}", which is not configured (known: ${this.keys.keyIds.join(', ')}); ` +
          'keep every key that encrypted retained history in PAYLOAD_ENCRYPTION_KEYS',
      );
    }
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadDecryptionError(`encrypted payload (key "${keyId}") is too short to be valid`);
    }
    const iv = data.subarray(0, IV_BYTES);
    const tag = data.subarray(data.length - TAG_BYTES);
    const decipher = createDecipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new PayloadDecryptionError(
        `payload failed authentication with key "${keyId}": it was altered, truncated, or encrypted with another key under that id`,
      );
    }
    const original = ProtoPayload.decode(plaintext);
    return { metadata: original.metadata, data: original.data };
  }
}

function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  return (
    encoding !== undefined &&
    encoding !== null &&
    Buffer.from(encoding).toString('utf8') === ENCRYPTED_ENCODING
  );
}
