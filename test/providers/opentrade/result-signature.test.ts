/**
 * The result signatures. Vectors were computed independently (Python hmac/hashlib) from the definitions in
 * providers/opentrade/result-signature.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalString,
  resultSignatureMatches,
  rfc3986,
  signedResult,
  signResult,
} from '../../../providers/opentrade/protocol';
import type { ResultParams, SignatureSettings } from '../../../providers/opentrade/protocol';

const SECRET = 'sandbox-payment-secret-0123456789';

const hmacHex: SignatureSettings = {
  scheme: 'hmac-sha256',
  location: 'parameter',
  parameterName: 'Signature',
  headerName: 'x-opentrade-signature',
  encoding: 'hex',
  md5Fields: ['orderID', 'PaymentID', 'Amount', 'Currency', 'Status'],
  md5Separator: ':',
};
const hmacBase64: SignatureSettings = { ...hmacHex, encoding: 'base64' };
const md5: SignatureSettings = { ...hmacHex, scheme: 'md5-concat' };

const failed: ResultParams = [
  ['orderID', 'A-1'],
  ['PaymentID', '222'],
  ['Amount', '500.15'],
  ['Currency', '643'],
  ['Status', 'fail'],
  ['Reason', 'a b&c=d'],
];
const paid: ResultParams = [
  ['orderID', 'order-42'],
  ['PaymentID', '222'],
  ['Amount', '500.15'],
  ['Currency', '643'],
  ['Status', 'success'],
  ['UserID', '0000000001'],
];

describe('hmac-sha256 over the canonical parameters', () => {
  it('sorts by name bytes, percent-encodes names and values, joins with &', () => {
    assert.equal(
      canonicalString(failed),
      'Amount=500.15&Currency=643&PaymentID=222&Reason=a%20b%26c%3Dd&Status=fail&orderID=A-1',
    );
    // UTF-8 byte order: 'Z' (0x5A) before 'ä' (0xC3 0xA4), whatever the insertion order.
    assert.equal(
      canonicalString([
        ['ä', '3'],
        ['Z', '2'],
        ['Amount', '1'],
      ]),
      'Amount=1&Z=2&%C3%A4=3',
    );
    assert.equal(rfc3986("it's (a) *test*!"), 'it%27s%20%28a%29%20%2Atest%2A%21');
  });

  it('matches the independently computed vectors, in hex and base64', () => {
    assert.equal(
      signResult(failed, SECRET, hmacHex),
      'f96c629eb3099a35e74f3393d867e0582adf17402cee4891893d3415aeb737ef',
    );
    assert.equal(signResult(failed, SECRET, hmacBase64), '+WxinrMJmjXnTzOT2GfgWCrfF0As7kiRiT00Fa63N+8=');
    assert.equal(
      signResult(paid, SECRET, hmacHex),
      '2f49db7c5b4979519d23d9eae33fe141fb0af05d4ad3eed919a6847deb229a56',
    );
    assert.equal(
      signResult(
        [
          ['ä', '3'],
          ['Z', '2'],
          ['Amount', '1'],
        ],
        SECRET,
        hmacHex,
      ),
      '6e909b02a62cd49440f1a030013d6603da138ca60b8ed8bf3748d0fe16d8f38d',
    );
  });

  it('accepts the right signature in either hex case and nothing else', () => {
    const good = signResult(paid, SECRET, hmacHex);
    assert.equal(resultSignatureMatches(paid, good, SECRET, hmacHex), true);
    assert.equal(resultSignatureMatches(paid, good.toUpperCase(), SECRET, hmacHex), true);
    assert.equal(resultSignatureMatches(paid, good, `not-${SECRET}`, hmacHex), false);
    const altered: ResultParams = paid.map(([n, v]) => [n, n === 'Amount' ? '500.16' : v]);
    assert.equal(resultSignatureMatches(altered, good, SECRET, hmacHex), false);
    const added: ResultParams = [...paid, ['Extra', '1']];
    assert.equal(resultSignatureMatches(added, good, SECRET, hmacHex), false, 'extra fields are signed too');
    assert.equal(resultSignatureMatches(paid, good.slice(0, 63), SECRET, hmacHex), false);
    assert.equal(resultSignatureMatches(paid, `${good.slice(0, 63)}g`, SECRET, hmacHex), false);
    assert.equal(resultSignatureMatches(paid, '', SECRET, hmacHex), false);
  });

  it('in base64, accepts only the padded standard alphabet of a 32-byte digest', () => {
    const good = signResult(paid, SECRET, hmacBase64);
    assert.equal(resultSignatureMatches(paid, good, SECRET, hmacBase64), true);
    assert.equal(resultSignatureMatches(paid, good.replace('=', ''), SECRET, hmacBase64), false);
    assert.equal(resultSignatureMatches(paid, signResult(paid, SECRET, hmacHex), SECRET, hmacBase64), false);
  });

  it('puts the signature in the configured parameter or header', () => {
    const inParameter = signedResult(paid, SECRET, hmacHex);
    assert.equal(inParameter.fields.Signature, signResult(paid, SECRET, hmacHex));
    assert.deepEqual(inParameter.headers, {});
    const inHeader = signedResult(paid, SECRET, { ...hmacHex, location: 'header' });
    assert.equal(inHeader.fields.Signature, undefined);
    assert.equal(inHeader.headers['x-opentrade-signature'], signResult(paid, SECRET, hmacHex));
  });
});

describe('md5-concat (legacy)', () => {
  it('hashes the configured values and the secret joined by the separator', () => {
    // md5("order-42:222:500.15:643:success:" + secret)
    assert.equal(signResult(paid, SECRET, md5), '8f6c3cd84b9b21bb3f6ec5ff9315d529');
    assert.equal(resultSignatureMatches(paid, '8F6C3CD84B9B21BB3F6EC5FF9315D529', SECRET, md5), true);
  });

  it('covers only the configured fields, and needs every one of them', () => {
    const good = signResult(paid, SECRET, md5);
    const otherUser: ResultParams = paid.map(([n, v]) => [n, n === 'UserID' ? '2' : v]);
    assert.equal(resultSignatureMatches(otherUser, good, SECRET, md5), true, 'UserID is not covered');
    const withoutStatus = paid.filter(([n]) => n !== 'Status');
    assert.equal(resultSignatureMatches(withoutStatus, good, SECRET, md5), false);
    assert.throws(() => signResult(withoutStatus, SECRET, md5), /md5Fields/);
  });
});
