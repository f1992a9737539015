/** The one table from ECommPay payment statuses to ours, and the amounts read from operations. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  operationOutcome,
  PAYMENT_STATUSES,
  paymentStatusMeaning,
  toProviderStatus,
} from '../../../providers/ecommpay/statuses';

/** Every payment status in shared/providers/ecommpay-assist.md §1.8 (PHP SDK plus the WooCommerce list). */
const EXPECTED: Record<string, string | undefined> = {
  success: 'captured',
  decline: 'declined',
  error: 'declined',
  'internal error': 'declined',
  'external error': 'declined',
  'decline renewal': 'declined',
  'invoice cancelled': 'declined',
  expired: 'expired',
  processing: 'pending',
  'external processing': 'pending',
  'scheduled recurring processing': 'pending',
  'awaiting 3ds result': 'pending',
  'awaiting redirect result': 'pending',
  'awaiting customer': 'pending',
  'awaiting customer action': 'pending',
  'awaiting clarification': 'pending',
  'awaiting clarify data': 'pending',
  'awaiting approval': 'pending',
  'awaiting merchant auth': 'pending',
  'awaiting confirmation': 'pending',
  'awaiting payment': 'pending',
  'awaiting retry': 'pending',
  'invoice sent': 'pending',
  'awaiting capture': 'authorized',
  canceled: 'voided',
  cancelled: 'voided',
  refunded: 'refunded',
  'partially refunded': 'refunded',
  reversed: 'refunded',
  'partially reversed': 'refunded',
  'partially paid': undefined,
  'partially paid out': undefined,
  'awaiting clearing': undefined,
  'awaiting partially clearing': undefined,
  'clearing processing': undefined,
};

describe('ECommPay payment statuses', () => {
  for (const [status, state] of Object.entries(EXPECTED)) {
    it(`"${status}" → ${state ?? 'needs an operator'}`, () => {
      assert.equal(paymentStatusMeaning(status).state, state);
    });
  }

  it('the table holds exactly the statuses of the facts', () => {
    assert.deepEqual(Object.keys(PAYMENT_STATUSES).sort(), Object.keys(EXPECTED).sort());
  });

  it('an unknown or prototype-named status needs an operator', () => {
    for (const status of ['brand new', 'constructor', 'toString', '__proto__']) {
      assert.equal(paymentStatusMeaning(status).state, undefined, status);
    }
  });

  it('operation statuses: success, failures, everything else in progress', () => {
    assert.equal(operationOutcome('success'), 'succeeded');
    for (const s of [
      'decline',
      'error',
      'internal error',
      'external error',
      'expired',
      'invoice cancelled',
    ]) {
      assert.equal(operationOutcome(s), 'failed', s);
    }
    for (const s of ['processing', 'awaiting redirect result', 'awaiting customer', 'unknown']) {
      assert.equal(operationOutcome(s), 'in_progress', s);
    }
  });
});

describe('toProviderStatus', () => {
  const sale = { type: 'sale', status: 'success', amount: 1000, requestId: 'req-1' };
  const refund = { type: 'refund', status: 'success', amount: 1000, requestId: 'req-2' };

  it('a complete operations list: every amount, refunds included', () => {
    assert.deepEqual(
      toProviderStatus({ status: 'refunded', currency: 'KES', operations: [sale, refund], complete: true }),
      {
        state: 'refunded',
        currency: 'KES',
        providerReference: 'req-1',
        authorizedAmount: 1000,
        capturedAmount: 1000,
        refundedAmount: 1000,
      },
    );
    assert.deepEqual(
      toProviderStatus({ status: 'success', currency: 'KES', operations: [sale], complete: true }),
      {
        state: 'captured',
        currency: 'KES',
        providerReference: 'req-1',
        authorizedAmount: 1000,
        capturedAmount: 1000,
        refundedAmount: 0,
      },
    );
  });

  it('one operation (a callback): amounts it does not mention stay unknown', () => {
    const status = toProviderStatus({
      status: 'refunded',
      currency: 'KES',
      operations: [refund],
      complete: false,
    });
    assert.deepEqual(status, { state: 'refunded', currency: 'KES', refundedAmount: 1000 });
  });

  it('failed operations move no money; a decline reports the last failure', () => {
    const declined = {
      type: 'sale',
      status: 'decline',
      amount: 500,
      code: '20000',
      message: 'General decline',
    };
    assert.deepEqual(
      toProviderStatus({ status: 'decline', currency: 'USD', operations: [declined], complete: true }),
      {
        state: 'declined',
        currency: 'USD',
        declineCode: '20000',
        declineReason: 'General decline',
      },
    );
  });

  it('pending and expired carry no amounts', () => {
    const waiting = { type: 'sale', status: 'awaiting redirect result', amount: 500, requestId: 'r' };
    assert.deepEqual(
      toProviderStatus({
        status: 'awaiting redirect result',
        currency: 'USD',
        operations: [waiting],
        complete: true,
      }),
      {
        state: 'pending',
        currency: 'USD',
        providerReference: 'r',
      },
    );
    const expired = { ...waiting, status: 'expired', message: 'Payment expired' };
    assert.deepEqual(
      toProviderStatus({ status: 'expired', currency: 'USD', operations: [expired], complete: true }),
      {
        state: 'expired',
        currency: 'USD',
        providerReference: 'r',
        declineReason: 'Payment expired',
      },
    );
  });

  it('a status without money operations leaves the amounts to the workflow', () => {
    assert.deepEqual(
      toProviderStatus({ status: 'success', currency: 'USD', operations: [], complete: true }),
      {
        state: 'captured',
        currency: 'USD',
      },
    );
  });

  it('an unsupported status gives undefined', () => {
    assert.equal(
      toProviderStatus({ status: 'partially paid', currency: 'USD', operations: [], complete: true }),
      undefined,
    );
  });
});
