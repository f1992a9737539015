import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { opentradeProvider } from '../../../providers/opentrade';

describe('OpenTrade configuration', () => {
  it('parses environment strings, including the sandbox configuration stringified', () => {
    const asEnv = Object.fromEntries(
      Object.entries(opentradeProvider.sandboxConfig('http://127.0.0.1:4010/')).map(([k, v]) => [
        k,
        String(v),
      ]),
    );
    const config = opentradeProvider.configSchema.parse(asEnv);
    assert.equal(config.serviceUrl, 'http://127.0.0.1:4010/OtapiWebService2.asmx');
    assert.equal(config.paymentSystemId, 'opentao.custom');
    assert.equal(config.resultSignature, 'hmac-sha256');
    assert.equal(config.signatureLocation, 'parameter');
    assert.equal(config.signatureParameter, 'Signature');
    assert.deepEqual(config.md5Fields, ['orderID', 'PaymentID', 'Amount', 'Currency', 'Status']);
    assert.deepEqual(config.transientErrorCodes, [
      'InternalError',
      'NotAvailable',
      'ServiceUnavailable',
      'Timeout',
    ]);
    assert.equal(config.requestTimeoutMs, 15_000);
  });

  it('names what is missing or too weak', () => {
    const parsed = opentradeProvider.configSchema.safeParse({
      serviceUrl: 'https://pay.example/OtapiWebService2.asmx',
      paymentSecret: 'short',
    });
    assert.equal(parsed.success, false);
    assert.deepEqual(
      parsed.error?.issues.map((i) => i.path.join('.')),
      ['instanceKey', 'paymentSecret'],
    );
  });

  it('reads lists from comma-separated text and insists that md5-concat signs what is acted on', () => {
    const base = {
      serviceUrl: 'https://pay.example/svc',
      instanceKey: 'k',
      paymentSecret: '0123456789abcdef',
      resultSignature: 'md5-concat',
    };
    const ok = opentradeProvider.configSchema.parse({
      ...base,
      md5Fields: 'PaymentID, orderID,Amount,Currency,Status,Reason',
      transientErrorCodes: 'InternalError',
      md5Separator: 'none',
    });
    assert.equal(ok.md5Separator, '');
    assert.deepEqual(ok.md5Fields, ['PaymentID', 'orderID', 'Amount', 'Currency', 'Status', 'Reason']);
    assert.deepEqual(ok.transientErrorCodes, ['InternalError']);
    const weak = opentradeProvider.configSchema.safeParse({ ...base, md5Fields: 'orderID,Amount' });
    assert.equal(weak.success, false);
    assert.match(weak.error?.issues[0]?.message ?? '', /must include PaymentID, Currency, Status/);
  });
});
