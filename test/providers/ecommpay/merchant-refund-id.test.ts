/** merchant_refund_id carries our payment and refund ids to ECommPay and back. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  decodeMerchantRefundId,
  encodeMerchantRefundId,
} from '../../../providers/ecommpay/merchant-refund-id';

describe('merchant_refund_id', () => {
  it('is readable when both ids are simple', () => {
    assert.equal(encodeMerchantRefundId('order-1', 'r_2'), 'order-1.r_2');
    assert.deepEqual(decodeMerchantRefundId('order-1.r_2'), { paymentId: 'order-1', refundId: 'r_2' });
  });

  it('is encoded when either id has other characters', () => {
    const encoded = encodeMerchantRefundId('order.1', 'refund 2/€');
    assert.match(encoded, /^b64\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeMerchantRefundId(encoded), { paymentId: 'order.1', refundId: 'refund 2/€' });
  });

  it('round-trips any pair of non-empty ids', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (paymentId, refundId) => {
        const decoded = decodeMerchantRefundId(encodeMerchantRefundId(paymentId, refundId));
        return decoded?.paymentId === paymentId && decoded.refundId === refundId;
      }),
    );
  });

  it('is different for different refunds of different payments', () => {
    assert.notEqual(encodeMerchantRefundId('a', 'b-c'), encodeMerchantRefundId('a-b', 'c'));
  });

  it('does not decode values that are not ours', () => {
    for (const value of ['', 'plain', 'a.b.c', 'b64.!!.x', 'b64.YQ.', 'x.y.z.w', 'b64.YQ=.Yg']) {
      assert.equal(decodeMerchantRefundId(value), undefined, value);
    }
  });
});
