/** The step-15 result's fields and the single status mapping of the provider. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { MoneyError } from '../../../domain/money';
import { buildResultParams, readResult, toProviderStatus } from '../../../providers/opentrade/protocol';
import type { PaymentResult } from '../../../providers/opentrade/protocol';

const paid: PaymentResult = {
  orderId: 'order-42',
  paymentId: '222',
  amount: 50_015,
  currency: 'RUB',
  status: 'success',
  userId: '0000000001',
};

describe('result fields', () => {
  it('are written with the seed-style names, a dot decimal and the numeric currency', () => {
    assert.deepEqual(buildResultParams(paid), [
      ['orderID', 'order-42'],
      ['PaymentID', '222'],
      ['Amount', '500.15'],
      ['Currency', '643'],
      ['Status', 'success'],
      ['UserID', '0000000001'],
    ]);
  });

  it('are read back, with names and Status in any case and either decimal separator', () => {
    assert.deepEqual(readResult(buildResultParams(paid)), paid);
    const shouted = readResult([
      ['ORDERID', 'order-42'],
      ['paymentid', '222'],
      ['amount', '500,15'],
      ['currency', '643'],
      ['status', 'FAIL'],
      ['reason', 'Card declined'],
    ]);
    const { userId: _unsent, ...rest } = paid;
    assert.deepEqual(shouted, { ...rest, status: 'fail', reason: 'Card declined' });
  });

  it('refuse missing or malformed fields and unusable money', () => {
    const without = (name: string) => buildResultParams(paid).filter(([n]) => n !== name);
    assert.throws(() => readResult(without('orderID')), z.ZodError);
    assert.throws(() => readResult(without('Status')), z.ZodError);
    const change = (name: string, value: string) =>
      buildResultParams(paid).map(([n, v]): [string, string] => [n, n === name ? value : v]);
    assert.throws(() => readResult(change('Status', 'pending')), z.ZodError);
    assert.throws(() => readResult(change('Currency', 'RUB')), z.ZodError);
    assert.throws(() => readResult(change('Amount', '5e2')), z.ZodError);
    assert.throws(() => readResult([...buildResultParams(paid), ['Reason', 'line\nbreak']]), z.ZodError);
    assert.throws(() => readResult(change('Amount', '500.155')), MoneyError);
    assert.throws(() => readResult(change('Currency', '999')), MoneyError);
  });
});

describe('status mapping', () => {
  it('success is a completed one-stage sale of the amount paid', () => {
    assert.deepEqual(toProviderStatus(paid), {
      state: 'captured',
      providerReference: '222',
      currency: 'RUB',
      authorizedAmount: 50_015,
      capturedAmount: 50_015,
    });
  });

  it('fail is a decline, with the reason when there is one', () => {
    assert.deepEqual(toProviderStatus({ ...paid, status: 'fail', reason: 'Insufficient funds' }), {
      state: 'declined',
      providerReference: '222',
      currency: 'RUB',
      declineCode: 'fail',
      declineReason: 'Insufficient funds',
    });
    assert.equal(toProviderStatus({ ...paid, status: 'fail' }).declineReason, undefined);
  });
});
