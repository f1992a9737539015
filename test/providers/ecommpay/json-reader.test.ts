/** The strict JSON reader that callbacks and Gate answers go through before their signature is checked. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isJsonObject, JsonReadError, readJson } from '../../../providers/ecommpay/json-reader';

describe('readJson', () => {
  it('reads what JSON.parse reads, for well-formed callbacks', () => {
    const text = '{"a":[1,-2,3.5,0,true,false,null,"x\\u00e9\\n\\"q\\""],"b":{"c":{}},"d":[] , "e" : 1e-7}';
    assert.deepEqual(JSON.parse(JSON.stringify(readJson(text))), JSON.parse(text));
  });

  it('gives objects a null prototype', () => {
    const value = readJson('{"a":{"b":1}}');
    assert.ok(isJsonObject(value));
    assert.equal(Object.getPrototypeOf(value), null);
    assert.equal(Object.getPrototypeOf(value.a), null);
  });

  it('refuses __proto__ keys, also nested and escaped', () => {
    assert.throws(() => readJson('{"__proto__":{"x":1}}'), JsonReadError);
    assert.throws(() => readJson('{"a":[{"__proto__":1}]}'), /__proto__/);
    assert.throws(() => readJson('{"\\u005f_proto__":1}'), /__proto__/);
  });

  it('refuses repeated keys (what we verify must be what we read)', () => {
    assert.throws(() => readJson('{"a":1,"a":2}'), /repeated key/);
  });

  it('refuses numbers that would not print back identically', () => {
    for (const text of ['9007199254740993', '1.0', '1e3', '-0', '0.10']) {
      assert.throws(() => readJson(`{"n":${text}}`), /exactly/, text);
    }
    assert.deepEqual(JSON.stringify(readJson('{"n":9007199254740991}')), '{"n":9007199254740991}');
  });

  it('refuses malformed text with a position and no content', () => {
    for (const text of [
      '',
      '{',
      '{"a":}',
      '{"a":1,}',
      '[1 2]',
      '{"a":tru}',
      '"x',
      '{} x',
      "{'a':1}",
      '{"a":"\\x"}',
    ]) {
      assert.throws(
        () => readJson(text),
        (e: unknown) => e instanceof JsonReadError && /offset \d+/.test(e.message),
        text,
      );
    }
  });

  it('refuses nesting deeper than the limit', () => {
    assert.throws(() => readJson('['.repeat(40) + ']'.repeat(40)), /nesting/);
    assert.doesNotThrow(() => readJson('['.repeat(5) + ']'.repeat(5), { maxDepth: 5 }));
  });
});
