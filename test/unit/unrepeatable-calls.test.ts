/**
 * A money call a provider cannot deduplicate reaches it at most once: when Temporal attempts the activity
 * again (the earlier attempt was lost with the worker), it reports an unknown outcome instead of calling.
 * Calls the provider deduplicates are retried as before.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createProviderActivities } from '../../activities/provider-activities';
import { FAILURE_TYPES } from '../../domain/errors';
import type { OperationResult, ProviderAdapter, RefundRequest } from '../../providers/contract';
import { PROVIDER_MODULES } from '../../providers/registry';

const REFUND: RefundRequest = {
  paymentId: 'A-1',
  providerReference: 'tx-1',
  currency: 'EUR',
  amount: 1000,
  refundId: 'r1',
  refundAmount: 400,
  isFullRefund: false,
  idempotencyKey: 'payment-A-1/refund-r1',
};

function adapter(unrepeatable?: ProviderAdapter['unrepeatable']): ProviderAdapter & { refunds: number } {
  const succeeded = async (): Promise<OperationResult> => ({ outcome: 'succeeded' });
  const fake = {
    unrepeatable,
    refunds: 0,
    createPayment: async () => ({}),
    getStatus: async () => ({ state: 'not_found' as const }),
    capture: succeeded,
    void: succeeded,
    async refund() {
      fake.refunds += 1;
      return { outcome: 'succeeded' as const };
    },
  };
  return fake;
}

function refundOnAttempt(provider: ProviderAdapter, attempt: number): Promise<OperationResult> {
  const activities = createProviderActivities({ adapters: new Map([['pay', provider]]) });
  return new MockActivityEnvironment({ attempt }).run(activities.refundAtProvider, 'pay', REFUND);
}

describe('unrepeatable provider calls', () => {
  it('calls the provider on the first attempt', async () => {
    const provider = adapter(['refund']);
    assert.deepEqual(await refundOnAttempt(provider, 1), { outcome: 'succeeded' });
    assert.equal(provider.refunds, 1);
  });

  it('reports an unknown outcome, without calling, when the activity is attempted again', async () => {
    const provider = adapter(['refund']);
    await assert.rejects(
      refundOnAttempt(provider, 2),
      (err: unknown) =>
        err instanceof ApplicationFailure &&
        err.type === FAILURE_TYPES.providerUnknown &&
        err.nonRetryable === true,
    );
    assert.equal(provider.refunds, 0, 'the provider was not asked a second time');
  });

  it('retries calls the provider deduplicates as usual', async () => {
    const provider = adapter(undefined);
    assert.deepEqual(await refundOnAttempt(provider, 3), { outcome: 'succeeded' });
    assert.equal(provider.refunds, 1);
  });

  it('BIG FISH and mobilPay declare their refunds unrepeatable', () => {
    const declared = Object.fromEntries(
      PROVIDER_MODULES.map((m) => [
        m.name,
        m.createAdapter(m.configSchema.parse(m.sandboxConfig('http://127.0.0.1:9'))).unrepeatable ?? [],
      ]),
    );
    assert.deepEqual(declared, {
      assist: [],
      bigfish: ['refund'],
      opentrade: [],
      ecommpay: [],
      mobilpay: ['refund'],
    });
  });
});
