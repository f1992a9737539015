/**
 * /v1/recurring and PaymentsClient's recurrence methods refuse bad requests before anything reaches
 * Temporal: the real client runs over a Temporal `Client` that fails the test if it is touched.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { Client } from '@temporalio/client';
import { buildGateway } from '../../client/gateway/app';
import { PaymentsClient } from '../../client/payments-client';
import type { ProviderModule } from '../../providers/contract';
import { assistProvider } from '../../providers/assist';
import { bigfishProvider } from '../../providers/bigfish';
import { mobilpayProvider } from '../../providers/mobilpay';
import { fakePayments } from './fakes';
import { PROBLEM_JSON } from './harness';

const temporalMustNotBeCalled = new Proxy(
  {},
  {
    get(_target, property) {
      throw new Error(`Temporal was called (${String(property)}) for a request that should fail validation`);
    },
  },
) as unknown as Client;

const describe_ = (m: Pick<ProviderModule, 'displayName' | 'capabilities'>) => ({
  displayName: m.displayName,
  capabilities: m.capabilities,
});
const payments = new PaymentsClient({
  client: temporalMustNotBeCalled,
  taskQueue: 'payments',
  providers: new Map([
    ['assist', describe_(assistProvider)],
    ['bigfish', describe_(bigfishProvider)],
    ['mobilpay', describe_(mobilpayProvider)],
  ]),
  gatewayPublicUrl: 'http://gateway.test',
  timeouts: {
    payerTimeoutMs: 1000,
    statusPollScheduleMs: [1000],
    redirectTimeoutMs: 1000,
    captureDeadlineMs: 1000,
    captureDeadlineAction: 'void',
    refundWindowMs: 1000,
  },
});

const app = buildGateway({
  payments: fakePayments().api,
  recurrences: payments,
  webhooks: new Map(),
  logger: pino({ level: 'silent' }),
  bodyLimitBytes: 4096,
  readiness: async () => true,
});

const VALID = {
  recurrenceId: 'sub-1001',
  provider: 'mobilpay',
  amount: 2_500,
  currency: 'RON',
  intervalDays: 30,
  paymentsNo: 12,
  returnUrls: { success: 'https://shop.example/ok', failure: 'https://shop.example/fail' },
};

async function post(body: unknown) {
  const res = await app.inject({ method: 'POST', url: '/v1/recurring', payload: body as object });
  return {
    status: res.statusCode,
    type: res.headers['content-type'],
    body: res.json() as Record<string, unknown>,
  };
}

describe('recurrence validation', () => {
  it('names the providers that can, when the chosen one cannot recur', async () => {
    const res = await post({ ...VALID, provider: 'assist', currency: 'USD' });
    assert.equal(res.status, 422);
    assert.equal(res.type, PROBLEM_JSON);
    assert.match(
      String(res.body.detail),
      /IPS Assist does not support recurring payments; providers that can: bigfish, mobilpay/,
    );
  });

  it('refuses a single payment, a missing interval, a past first date, an over-limit amount and a long id', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ paymentsNo: 1 }, 'paymentsNo', /at least 2/],
      [{ intervalDays: undefined }, 'intervalDays', /intervalDays/],
      [{ intervalDays: 1.5 }, 'intervalDays', /whole number of days/],
      [{ firstChargeAt: '2020-01-01T00:00:00Z' }, 'firstChargeAt', /future/],
      [{ amount: 10_000_000 }, 'amount', /between/],
      [{ currency: 'HUF' }, 'currency', /must be one of/],
      [{ recurrenceId: 'x'.repeat(49) }, 'recurrenceId', /1–48 characters/],
    ];
    for (const [change, field, message] of cases) {
      const res = await post({ ...VALID, ...change });
      assert.equal(res.status, 422, JSON.stringify(change));
      const errors = res.body.errors as Array<{ field: string; message: string }>;
      const error = errors.find((e) => e.field === field);
      assert.ok(error, `${field} named for ${JSON.stringify(change)}: ${JSON.stringify(errors)}`);
      assert.match(error.message, message);
    }
  });

  it('checks PATCH and DELETE bodies and the recurrence id in the path', async () => {
    const empty = await app.inject({ method: 'PATCH', url: '/v1/recurring/sub-1', payload: {} });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.json().detail, /nextChargeAt, amount, or both/);
    const badDate = await app.inject({
      method: 'PATCH',
      url: '/v1/recurring/sub-1',
      payload: { nextChargeAt: 'tomorrow' },
    });
    assert.equal(badDate.statusCode, 422);
    assert.match(badDate.json().detail, /ISO 8601/);
    const badAmount = await app.inject({
      method: 'PATCH',
      url: '/v1/recurring/sub-1',
      payload: { amount: -5 },
    });
    assert.equal(badAmount.statusCode, 422);
    const unknownField = await app.inject({
      method: 'DELETE',
      url: '/v1/recurring/sub-1',
      payload: { when: 'now' },
    });
    assert.equal(unknownField.statusCode, 422);
    const badId = await app.inject({ method: 'GET', url: '/v1/recurring/bad%20id' });
    assert.equal(badId.statusCode, 422);
  });

  it('routes a later provider charge by the first payment id, without Temporal for unknown ids', async () => {
    const event = {
      type: 'recurring_charge' as const,
      eventId: 'e1',
      chargeNumber: 2,
      status: { state: 'captured' as const, capturedAmount: 2_500 },
    };
    assert.equal(await payments.deliverNotification('order-without-suffix', event), 'unknown_payment');
  });
});
