/** The ECommPay signature against every published vector and string-to-sign fixture (shared/providers §1.6–1.7). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { sign, signaturesMatch, stringToSign } from '../../../providers/ecommpay/signature';
import type { SignableValue } from '../../../providers/ecommpay/signature';

const VECTORS_FILE = '/work/shared/providers/ecommpay-signature-vectors.json';
type Params = { [key: string]: SignableValue };

const vectorsSchema = z.object({
  vectors: z.array(
    z.object({
      id: z.string(),
      secret: z.string(),
      params: z.record(z.string(), z.unknown()),
      string_to_sign: z.string(),
      signature: z.string(),
    }),
  ),
});

describe('ECommPay signature', () => {
  const { vectors } = vectorsSchema.parse(JSON.parse(readFileSync(VECTORS_FILE, 'utf8')));

  it('the vectors file is not empty', () => assert.ok(vectors.length >= 3));

  for (const vector of vectors) {
    it(`reproduces vector ${vector.id}`, () => {
      const params = vector.params as Params;
      assert.equal(stringToSign(params), vector.string_to_sign);
      assert.equal(sign(params, vector.secret), vector.signature);
    });
  }

  it('JS SDK converter fixture: nested objects, arrays, null and false', () => {
    const params: Params = {
      0: null,
      a: { b: 1, c: 2 },
      d: false,
      f: ['g', { h: 7, i: { k: 8 } }],
      e: [4, 5],
      l: { m: [{ n: 9 }] },
    };
    assert.equal(stringToSign(params), '0:;a:b:1;a:c:2;d:0;e:0:4;e:1:5;f:0:g;f:1:h:7;f:1:i:k:8;l:m:0:n:9');
  });

  it('Go SDK fixture: large integers and a trailing null', () => {
    const params: Params = {
      a: { b: 1111111111111111, c: 2 },
      d: false,
      f: ['g', { h: 7, i: { k: 8 } }],
      e: [4, 5],
      j: null,
    };
    assert.equal(
      stringToSign(params),
      'a:b:1111111111111111;a:c:2;d:0;e:0:4;e:1:5;f:0:g;f:1:h:7;f:1:i:k:8;j:',
    );
  });

  it('empty containers vanish, empty strings stay, colons in keys are doubled', () => {
    assert.equal(stringToSign({ a: [], b: {}, c: '', d: false, 'e:f': 1 }), 'c:;d:0;e::f:1');
  });

  it('drops frame_mode at every depth and ignores undefined members', () => {
    assert.equal(
      stringToSign({ frame_mode: 'popup', x: { frame_mode: 'iframe', y: 1 }, z: undefined }),
      'x:y:1',
    );
  });

  it('sorts by full path in code-point order (a:10 before a:2; astral after U+FFFF-range keys)', () => {
    const eleven = { a: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] };
    assert.equal(
      sign(eleven, 'secret'),
      'ZNd/bZBTo7i6LyLGMUaI7QJpujcdppnOP63iMIlL0wLuS9SyvAVYO63659pFzHpr1m4kRIkx4iV3Wx3sxiizmA==',
    );
    assert.equal(stringToSign({ ab: 'z', ab0: 'y' }), 'ab:z;ab0:y');
    // UTF-16 order would put U+1F600 (a surrogate pair, 0xD83D...) before U+FF01; code points do not.
    assert.equal(stringToSign({ '\u{1F600}': 1, '\uFF01': 2 }), '\uFF01:2;\u{1F600}:1');
  });

  it('refuses values it cannot print the way ECommPay would', () => {
    assert.throws(() => stringToSign({ a: Number.NaN }), /finite/);
  });

  it('compares signatures in constant time and exactly', () => {
    const good = sign({ a: 1 }, 'k');
    assert.equal(signaturesMatch(good, good), true);
    assert.equal(signaturesMatch(good, sign({ a: 2 }, 'k')), false);
    assert.equal(signaturesMatch(good, good.slice(0, -2)), false);
    assert.equal(signaturesMatch('', good), false);
  });
});
