/** Reading a callback: where the signature sits, what it covers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCallback, signCallback, splitSignature } from '../../../providers/ecommpay/callback';
import { readJson } from '../../../providers/ecommpay/json-reader';
import type { JsonObject } from '../../../providers/ecommpay/json-reader';
import { sign } from '../../../providers/ecommpay/signature';

const body = (): JsonObject => ({ payment: { id: 'test-payment', status: 'success' } });

describe('callback signature placement', () => {
  it('top-level signature: the Python SDK callback vector verifies', () => {
    // py-callback-1: secret qwerty, {payment:{id,status}} (shared/providers/ecommpay-signature-vectors.json).
    const signature =
      'UGzKT0NC26f4u0niyJSQPx5q3kFFIndwLXeJVXahfCFwbY+Svg1WoXIxzrIyyjWUSLFhT8wAQ5SfBDRHnwm6Yg==';
    const reading = readCallback(JSON.stringify({ ...body(), signature }), 'qwerty');
    assert.equal(reading.ok, true);
  });

  it('general.signature: removed with an emptied general', () => {
    const withGeneral = { ...body(), general: { signature: sign(body(), 'k') } };
    const split = splitSignature(readJson(JSON.stringify(withGeneral)) as JsonObject);
    assert.deepEqual(JSON.parse(JSON.stringify(split?.signed)), body());
  });

  it('general keeps its other fields in the signed body', () => {
    const signed = { ...body(), general: { project_id: 1, payment_id: 'p' } };
    const split = splitSignature({ ...signed, general: { ...signed.general, signature: 'x' } });
    assert.deepEqual(JSON.parse(JSON.stringify(split?.signed)), signed);
    assert.equal(split?.signature, 'x');
  });

  it('the top-level signature wins when both are present', () => {
    assert.equal(
      splitSignature({ ...body(), signature: 'top', general: { signature: 'nested' } })?.signature,
      'top',
    );
  });

  it('no signature, or an empty one: nothing to verify against', () => {
    assert.equal(splitSignature(body()), undefined);
    assert.equal(splitSignature({ ...body(), signature: '' }), undefined);
    assert.equal(splitSignature({ ...body(), signature: 5 }), undefined);
  });

  it('signCallback puts the signature at top level', () => {
    const signed = signCallback(body(), 'qwerty');
    assert.equal(signed.signature, sign(body(), 'qwerty'));
  });
});
