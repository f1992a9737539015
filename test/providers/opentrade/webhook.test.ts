/** The result handler at /webhooks/opentrade: verification, normalization and the replies. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OpenTradeConfig } from '../../../providers/opentrade';
import { opentradeProvider } from '../../../providers/opentrade';
import { signatureSettings } from '../../../providers/opentrade/config';
import { buildResultParams, signedResult } from '../../../providers/opentrade/protocol';
import type { PaymentResult } from '../../../providers/opentrade/protocol';
import type { WebhookOutcome } from '../../../providers/contract';

const FORM = 'application/x-www-form-urlencoded';
const baseConfig = opentradeProvider.sandboxConfig('http://127.0.0.1:1');

const paid: PaymentResult = {
  orderId: 'order-42',
  paymentId: '222',
  amount: 50_015,
  currency: 'RUB',
  status: 'success',
};

/** A result as the payment system sends it; `secret` lets a test forge one. */
function resultRequest(
  result: PaymentResult,
  config: OpenTradeConfig = baseConfig,
  secret = config.paymentSecret,
) {
  const { fields, headers } = signedResult(buildResultParams(result), secret, signatureSettings(config));
  return {
    rawBody: Buffer.from(new URLSearchParams(fields).toString()),
    headers: { 'content-type': `${FORM}; charset=utf-8`, ...headers },
    query: {},
  };
}

function handle(req: ReturnType<typeof resultRequest>, config: OpenTradeConfig = baseConfig) {
  return opentradeProvider.createWebhookHandler(config).handle(req);
}

function assertRejected(outcome: WebhookOutcome, status: number, reason: RegExp): void {
  assert.equal(outcome.kind, 'rejected');
  assert.equal(outcome.reply.status, status);
  assert.match(outcome.kind === 'rejected' ? outcome.reason : '', reason);
}

describe('OpenTrade result handler', () => {
  it('turns a signed success into an authoritative completed sale, answered OK', async () => {
    const outcome = await handle(resultRequest(paid));
    assert.deepEqual(outcome, {
      kind: 'event',
      paymentId: 'order-42',
      event: {
        type: 'payment_state',
        eventId: 'opentrade:222:success',
        status: {
          state: 'captured',
          providerReference: '222',
          currency: 'RUB',
          authorizedAmount: 50_015,
          capturedAmount: 50_015,
        },
      },
      reply: { status: 200, contentType: 'text/plain; charset=utf-8', body: 'OK' },
    });
  });

  it('turns a signed fail into a decline; resends keep their event id', async () => {
    const declined = { ...paid, status: 'fail' as const, reason: 'Insufficient funds' };
    const first = await handle(resultRequest(declined));
    const again = await handle(resultRequest(declined));
    assert.equal(first.kind, 'event');
    assert.deepEqual(first, again);
    assert.ok(first.kind === 'event' && first.event.type === 'payment_state');
    assert.equal(first.event.status.state, 'declined');
    assert.equal(first.event.status.declineReason, 'Insufficient funds');
    assert.equal(first.event.eventId, 'opentrade:222:fail');
  });

  it('rejects a forged, unsigned or altered result with 403', async () => {
    assertRejected(
      await handle(resultRequest(paid, baseConfig, 'wrong-secret-wrong-secret')),
      403,
      /mismatch/,
    );
    const unsigned = resultRequest(paid);
    unsigned.rawBody = Buffer.from(new URLSearchParams(buildResultParams(paid)).toString());
    assertRejected(await handle(unsigned), 403, /missing/);
    const altered = resultRequest(paid);
    altered.rawBody = Buffer.from(altered.rawBody.toString().replace('Amount=500.15', 'Amount=5.15'));
    assertRejected(await handle(altered), 403, /mismatch/);
  });

  it('rejects what is not a single form-encoded result before verifying it', async () => {
    const json = { ...resultRequest(paid), headers: { 'content-type': 'application/json' } };
    assertRejected(await handle(json), 415, /x-www-form-urlencoded/);
    const big = resultRequest(paid);
    big.rawBody = Buffer.concat([big.rawBody, Buffer.from(`&Pad=${'x'.repeat(17_000)}`)]);
    assertRejected(await handle(big), 413, /too large/);
    const repeated = resultRequest(paid);
    repeated.rawBody = Buffer.from(`${repeated.rawBody.toString()}&amount=1`);
    assertRejected(await handle(repeated), 400, /amount appears more than once/);
  });

  it('rejects a correctly signed result whose fields are unusable, naming the fields', async () => {
    const config = baseConfig;
    const { fields } = signedResult(
      [
        ['orderID', 'order-42'],
        ['Amount', '500.155'],
        ['Currency', '643'],
        ['Status', 'success'],
      ],
      config.paymentSecret,
      signatureSettings(config),
    );
    const req = { ...resultRequest(paid), rawBody: Buffer.from(new URLSearchParams(fields).toString()) };
    assertRejected(await handle(req), 400, /fields missing or invalid: PaymentID/);
    const { fields: tooPrecise } = signedResult(
      buildResultParams(paid).map(([n, v]): [string, string] => [n, n === 'Amount' ? '500.155' : v]),
      config.paymentSecret,
      signatureSettings(config),
    );
    const req2 = { ...resultRequest(paid), rawBody: Buffer.from(new URLSearchParams(tooPrecise).toString()) };
    assertRejected(await handle(req2), 400, /amount or currency unusable/);
  });

  it('verifies a signature sent in the configured header, in base64', async () => {
    const config = opentradeProvider.configSchema.parse({
      ...baseConfig,
      signatureLocation: 'header',
      signatureHeader: 'X-Result-Signature',
      signatureEncoding: 'base64',
    });
    const req = resultRequest(paid, config);
    assert.ok(typeof req.headers['x-result-signature' as keyof typeof req.headers] === 'string');
    assert.equal((await handle(req, config)).kind, 'event');
    assertRejected(
      await handle(resultRequest(paid, config, 'another-secret-entirely'), config),
      403,
      /mismatch/,
    );
    assertRejected(await handle({ ...req, headers: { 'content-type': FORM } }, config), 403, /missing/);
  });

  it('under md5-concat reads only the signed fields', async () => {
    const config = opentradeProvider.configSchema.parse({ ...baseConfig, resultSignature: 'md5-concat' });
    const declined = resultRequest({ ...paid, status: 'fail' }, config);
    // Reason is not covered by md5Fields, so a value slipped in by anyone is not read.
    declined.rawBody = Buffer.from(`${declined.rawBody.toString()}&Reason=${encodeURIComponent('call us')}`);
    const outcome = await handle(declined, config);
    assert.ok(outcome.kind === 'event' && outcome.event.type === 'payment_state');
    assert.equal(outcome.event.status.state, 'declined');
    assert.equal(outcome.event.status.declineReason, undefined);
    assertRejected(await handle(resultRequest(paid, config, 'x'.repeat(20)), config), 403, /mismatch/);
  });

  it('answers unknown payments with 404 and lost deliveries with 503', () => {
    const handler = opentradeProvider.createWebhookHandler(baseConfig);
    assert.equal(handler.unknownPaymentReply('nope').status, 404);
    assert.equal(handler.temporaryFailureReply().status, 503);
  });
});
