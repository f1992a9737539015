/** The AES-256-GCM payload codec and its key ring: round trip, integrity, key ids, rotation. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA_KEY,
  PayloadDecryptionError,
} from '../../worker/encryption/aes-gcm-codec';
import { formatKeyEntry, parseKeyList, PayloadKeyRing } from '../../worker/encryption/key-ring';

const OLD_KEY = randomBytes(32);
const NEW_KEY = randomBytes(32);
const CUSTOMER = { email: 'jane.doe@example.com', phone: '+15551234567', ip: '203.0.113.7' };

function codec(keys: Record<string, Buffer>, current: string): AesGcmPayloadCodec {
  return new AesGcmPayloadCodec(new PayloadKeyRing(new Map(Object.entries(keys)), current));
}

const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

async function encodeOne(c: AesGcmPayloadCodec, payload: Payload): Promise<Payload> {
  const [encoded] = await c.encode([payload]);
  assert.ok(encoded);
  return encoded;
}

async function decodeOne(c: AesGcmPayloadCodec, payload: Payload): Promise<Payload> {
  const [decoded] = await c.decode([payload]);
  assert.ok(decoded);
  return decoded;
}

describe('AesGcmPayloadCodec', () => {
  const original = defaultPayloadConverter.toPayload(CUSTOMER);

  it('round-trips a payload, metadata included', async () => {
    const c = codec({ k1: OLD_KEY }, 'k1');
    const decoded = await decodeOne(c, await encodeOne(c, original));
    assert.deepEqual(text(decoded.data), text(original.data));
    assert.deepEqual(
      Object.keys(decoded.metadata ?? {}).map((k) => [k, text(decoded.metadata?.[k])]),
      Object.keys(original.metadata ?? {}).map((k) => [k, text(original.metadata?.[k])]),
    );
    assert.deepEqual(defaultPayloadConverter.fromPayload(decoded), CUSTOMER);
  });

  it('stores only the encrypted encoding, the key id and ciphertext', async () => {
    const encoded = await encodeOne(codec({ k1: OLD_KEY }, 'k1'), original);
    assert.deepEqual(
      Object.keys(encoded.metadata ?? {}).sort(),
      [KEY_ID_METADATA_KEY, METADATA_ENCODING_KEY].sort(),
    );
    assert.equal(text(encoded.metadata?.[METADATA_ENCODING_KEY]), ENCRYPTED_ENCODING);
    assert.equal(text(encoded.metadata?.[KEY_ID_METADATA_KEY]), 'k1');
    const stored = Buffer.from(encoded.data ?? []);
    for (const secret of [...Object.values(CUSTOMER), 'json/plain']) {
      assert.equal(stored.includes(secret), false, `${secret} is visible in the stored bytes`);
    }
  });

  it('uses a fresh IV per payload: equal inputs give different ciphertexts', async () => {
    const c = codec({ k1: OLD_KEY }, 'k1');
    const [a, b] = await c.encode([original, original]);
    assert.notDeepEqual(Buffer.from(a?.data ?? []), Buffer.from(b?.data ?? []));
  });

  it('refuses altered, truncated or re-keyed ciphertext', async () => {
    const c = codec({ k1: OLD_KEY }, 'k1');
    const encoded = await encodeOne(c, original);
    const data = Buffer.from(encoded.data ?? []);
    const variants: Array<[string, Buffer]> = [
      ['a flipped ciphertext byte', Buffer.from(data).fill(data[20]! ^ 1, 20, 21)],
      ['a flipped tag byte', Buffer.from(data).fill(data[data.length - 1]! ^ 1, data.length - 1)],
      ['a flipped IV byte', Buffer.from(data).fill(data[0]! ^ 1, 0, 1)],
      ['a truncated tail', data.subarray(0, data.length - 1)],
      ['almost nothing', data.subarray(0, 10)],
    ];
    for (const [what, altered] of variants) {
      await assert.rejects(decodeOne(c, { ...encoded, data: altered }), PayloadDecryptionError, what);
    }
    // Another key under the same id (a misconfigured deployment) is caught by the tag too.
    await assert.rejects(
      decodeOne(codec({ k1: NEW_KEY }, 'k1'), encoded),
      /failed authentication with key "k1"/,
    );
  });

  it('names an unknown key id and the variable to fix', async () => {
    const encoded = await encodeOne(codec({ gone: OLD_KEY }, 'gone'), original);
    await assert.rejects(decodeOne(codec({ k2: NEW_KEY }, 'k2'), encoded), (err: Error) => {
      assert.ok(err instanceof PayloadDecryptionError);
      assert.match(err.message, /key "gone", which is not configured \(known: k2\)/);
      assert.match(err.message, /PAYLOAD_ENCRYPTION_KEYS/);
      return true;
    });
    const withoutKeyId = {
      metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING) },
      data: encoded.data,
    };
    await assert.rejects(
      decodeOne(codec({ k2: NEW_KEY }, 'k2'), withoutKeyId),
      /without "encryption-key-id"/,
    );
  });

  it('rotation: the old key still decodes, the new current key encodes', async () => {
    const before = codec({ old: OLD_KEY }, 'old');
    const storedBefore = await encodeOne(before, original);

    const after = codec({ old: OLD_KEY, new: NEW_KEY }, 'new');
    assert.deepEqual(defaultPayloadConverter.fromPayload(await decodeOne(after, storedBefore)), CUSTOMER);
    const storedAfter = await encodeOne(after, original);
    assert.equal(text(storedAfter.metadata?.[KEY_ID_METADATA_KEY]), 'new');
    // A process still on the old configuration cannot read what the new key wrote, and says why.
    await assert.rejects(decodeOne(before, storedAfter), /key "new", which is not configured/);
  });

  it('passes payloads without the encrypted encoding through (history from before encryption)', async () => {
    const c = codec({ k1: OLD_KEY }, 'k1');
    const plain = [
      original,
      defaultPayloadConverter.toPayload(undefined),
      { metadata: {}, data: Buffer.from('x') },
      {},
    ];
    const decoded = await c.decode(plain);
    decoded.forEach((payload, i) => assert.equal(payload, plain[i]));
  });

  it('encodes and decodes batches in order', async () => {
    const c = codec({ k1: OLD_KEY }, 'k1');
    const inputs = [1, 'two', { three: 3 }, undefined].map((v) => defaultPayloadConverter.toPayload(v));
    const decoded = await c.decode(await c.encode(inputs));
    assert.deepEqual(
      decoded.map((p) => defaultPayloadConverter.fromPayload(p)),
      [1, 'two', { three: 3 }, undefined],
    );
  });
});

describe('PayloadKeyRing and PAYLOAD_ENCRYPTION_KEYS', () => {
  it('parses id:base64 entries', () => {
    const keys = parseKeyList(`${formatKeyEntry('a', OLD_KEY)}, ${formatKeyEntry('b.2', NEW_KEY)}`);
    assert.deepEqual([...keys.keys()], ['a', 'b.2']);
    assert.deepEqual(keys.get('b.2'), NEW_KEY);
  });

  it('refuses bad entries without quoting key material', () => {
    const short = randomBytes(16).toString('base64');
    const cases: Array<[string, RegExp]> = [
      ['', /no keys/],
      [short, /entry 1 is not keyId:base64Key/],
      [`a:${short}`, /key "a" must be 32 random bytes in base64.*got 16 bytes/],
      ['a:not base64!', /key "a" must be 32 random bytes.*not base64/],
      [`a:${OLD_KEY.toString('base64')},a:${NEW_KEY.toString('base64')}`, /key id "a" appears twice/],
      [`bad id:${OLD_KEY.toString('base64')}`, /entry 1: key id must be/],
    ];
    for (const [text, expected] of cases) {
      assert.throws(
        () => parseKeyList(text),
        (err: Error) => {
          assert.match(err.message, expected);
          assert.equal(err.message.includes(short), false, 'the message quotes the key');
          return true;
        },
      );
    }
  });

  it('never shows key material in JSON or inspect output', () => {
    const ring = new PayloadKeyRing(new Map([['k1', OLD_KEY]]), 'k1');
    for (const shown of [JSON.stringify(ring), inspect(ring, { depth: 5, showHidden: true })]) {
      assert.equal(shown.includes(OLD_KEY.toString('base64')), false);
      assert.equal(shown.includes(OLD_KEY.toString('hex')), false);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(ring)), { currentKeyId: 'k1', keyIds: ['k1'] });
  });

  it('requires the current key to be in the ring', () => {
    assert.throws(
      () => new PayloadKeyRing(new Map([['k1', OLD_KEY]]), 'k2'),
      /current key "k2" is not among/,
    );
  });
});
