/** ECOMMPAY_* configuration: every field accepts text, as environment variables deliver it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ecommpayProvider } from '../../../providers/ecommpay';
import { ecommpayConfigSchema } from '../../../providers/ecommpay/config';

describe('ECommPay configuration', () => {
  it('reads environment text and applies the VERIFIED defaults', () => {
    const config = ecommpayConfigSchema.parse({ projectId: '2924', secretKey: 'k' });
    assert.deepEqual(config, {
      gateUrl: 'https://api.ecommpay.com',
      paymentPageUrl: 'https://paymentpage.ecommpay.com',
      projectId: 2924,
      secretKey: 'k',
      integration: 'gate',
      paymentMethod: 'card-partner',
      requestTimeoutMs: 15_000,
      duplicateRequestCodes: ['3102'],
      paymentNotFoundCodes: ['3061'],
      statusSignature: 'verify_if_present',
    });
  });

  it('every setting can come from text', () => {
    const config = ecommpayConfigSchema.parse({
      gateUrl: 'https://gate.example/',
      paymentPageUrl: 'https://pp.example//',
      projectId: '1',
      secretKey: 's',
      integration: 'payment_page',
      paymentMethod: 'card-partner',
      languageCode: 'en',
      requestTimeoutMs: '5000',
      duplicateRequestCodes: '3102, 3103',
      paymentNotFoundCodes: '3061',
      statusSignature: 'ignore',
    });
    assert.equal(config.gateUrl, 'https://gate.example');
    assert.equal(config.paymentPageUrl, 'https://pp.example');
    assert.equal(config.requestTimeoutMs, 5000);
    assert.deepEqual(config.duplicateRequestCodes, ['3102', '3103']);
  });

  it('refuses what cannot work, naming the field', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ secretKey: 's' }, 'projectId'],
      [{ projectId: 'abc', secretKey: 's' }, 'projectId'],
      [{ projectId: '1', secretKey: '' }, 'secretKey'],
      [{ projectId: '1', secretKey: 's', integration: 'iframe' }, 'integration'],
      [{ projectId: '1', secretKey: 's', gateUrl: 'ftp://x' }, 'gateUrl'],
      [{ projectId: '1', secretKey: 's', paymentMethod: '../card' }, 'paymentMethod'],
    ];
    for (const [input, field] of cases) {
      const result = ecommpayConfigSchema.safeParse(input);
      assert.equal(result.success, false, field);
      assert.ok(
        result.error?.issues.some((i) => i.path[0] === field),
        field,
      );
    }
  });

  it('sandboxConfig points both hosts at the sandbox', () => {
    const config = ecommpayProvider.sandboxConfig('http://127.0.0.1:4000');
    assert.equal(config.gateUrl, 'http://127.0.0.1:4000');
    assert.equal(config.paymentPageUrl, 'http://127.0.0.1:4000');
    assert.equal(config.integration, 'gate');
  });

  it('capabilities: sale-only, full refunds, KES/USD with the method limits', () => {
    assert.deepEqual(ecommpayProvider.capabilities, {
      captureModes: ['one_stage'],
      partialCapture: false,
      multipleCaptures: false,
      void: false,
      refunds: 'full_only',
      multipleRefunds: false,
      statusApi: true,
      currencies: ['KES', 'USD'],
      amountLimits: { KES: { min: 1_000, max: 20_000_000 }, USD: { min: 100, max: 300_000 } },
      recurring: 'none',
    });
  });
});
