import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fakePayments, samplePayment } from './fakes';
import { testGateway } from './harness';

describe('pay page', () => {
  it('renders an auto-submitting form for a POST redirect, with every value escaped', async () => {
    const view = {
      ...samplePayment('A1'),
      status: 'awaiting_payer' as const,
      redirect: {
        method: 'POST' as const,
        url: 'http://sandbox/pay/order.cfm',
        fields: { OrderNumber: 'A1', Comment: '"><script>x</script>' },
      },
    };
    const { app } = testGateway({ payments: fakePayments({ getPayment: async () => view }).api });
    const res = await app.inject({ method: 'GET', url: '/v1/payments/A1/pay' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.match(res.body, /<form method="POST" action="http:\/\/sandbox\/pay\/order.cfm">/);
    assert.match(res.body, /name="OrderNumber" value="A1"/);
    assert.ok(!res.body.includes('<script>x'), 'field values are escaped');
  });

  it('refuses when there is nothing for the payer to do', async () => {
    const view = { ...samplePayment('A1'), status: 'authorized' as const };
    const { app } = testGateway({ payments: fakePayments({ getPayment: async () => view }).api });
    const res = await app.inject({ method: 'GET', url: '/v1/payments/A1/pay' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /authorized/);
  });
});
