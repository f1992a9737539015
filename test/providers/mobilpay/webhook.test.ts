/**
 * The IPN handler on its own: sealed IPNs built with the protocol helpers, every outcome and every answer.
 */
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ProviderEvent } from '../../../domain/provider-events';
import type { WebhookOutcome } from '../../../providers/contract';
import { mobilpayProvider } from '../../../providers/mobilpay';
import { isCipherAvailable, sealEnvelope } from '../../../providers/mobilpay/envelope';
import { MERCHANT_TOKEN_PARAM, merchantToken } from '../../../providers/mobilpay/merchant-token';
import {
  buildIpnXml,
  buildPaymentRequestXml,
  parseCrcAnswer,
  parsePaymentRequestXml,
} from '../../../providers/mobilpay/protocol';
import type { MobilpayAction, NotificationFacts } from '../../../providers/mobilpay/protocol';
import { CONFIRM_ERROR_CODES, MobilpayWebhookHandler } from '../../../providers/mobilpay/webhook';

const config = mobilpayProvider.configSchema.parse(mobilpayProvider.sandboxConfig('http://127.0.0.1:1'));
const handler = new MobilpayWebhookHandler(config);
const merchantKey = createPublicKey(config.privateKeyPem);
const FORM = 'application/x-www-form-urlencoded';

interface IpnOptions {
  orderId?: string;
  signature?: string;
  action?: MobilpayAction | string;
  errorCode?: string;
  processed?: string;
  count?: number;
  recurrence?: boolean;
  token?: string;
  key?: KeyObject;
  tokenSecret?: string;
}

/** A sealed IPN as mobilPay would send it for a request we made. */
function ipnBody(o: IpnOptions = {}): Buffer {
  const orderId = o.orderId ?? 'order-1';
  const signature = o.signature ?? config.signature;
  const token =
    o.token ??
    merchantToken(o.tokenSecret ?? config.ipnTokenSecret, {
      orderId,
      signature,
      amount: '25.00',
      currency: 'RON',
    });
  const request = buildPaymentRequestXml({
    orderId,
    timestamp: '20240101120000',
    signature,
    amount: '25.00',
    currency: 'RON',
    recurrence: o.recurrence ? { paymentsNo: 3, intervalDays: 30 } : undefined,
    ipnCipher: 'aes-256-cbc',
    params: { [MERCHANT_TOKEN_PARAM]: token },
    returnUrl: 'https://m.example/r',
    confirmUrl: 'https://m.example/c',
  });
  const facts: NotificationFacts = {
    timestamp: '20240101120500',
    crc: '47b6a77de9854bba047b5d2889f9d13b',
    action: (o.action ?? 'confirmed') as MobilpayAction,
    purchase: '1219841',
    originalAmount: '25.00',
    processedAmount: o.processed ?? '25.00',
    currentPaymentCount: o.count ?? 1,
    errorCode: o.errorCode ?? '0',
    errorMessage: 'Transaction approved',
  };
  const xml = buildIpnXml(parsePaymentRequestXml(request).raw, facts);
  return Buffer.from(
    new URLSearchParams({ ...sealEnvelope(xml, o.key ?? merchantKey, 'aes-256-cbc') }).toString(),
  );
}

async function handle(
  rawBody: Buffer,
  query: Record<string, string> = {},
  contentType = FORM,
): Promise<WebhookOutcome> {
  return handler.handle({ rawBody, headers: { 'content-type': contentType }, query });
}

async function eventOf(body: Buffer, query?: Record<string, string>): Promise<ProviderEvent> {
  const outcome = await handle(body, query);
  assert.equal(outcome.kind, 'event', outcome.kind === 'rejected' ? outcome.reason : '');
  return (outcome as Extract<WebhookOutcome, { kind: 'event' }>).event;
}

function assertRejected(outcome: WebhookOutcome, status: number, errorType: 1 | 2, errorCode: number): void {
  assert.equal(outcome.kind, 'rejected');
  assert.equal(outcome.reply.status, status);
  assert.deepEqual(parseCrcAnswer(outcome.reply.body), {
    ok: false,
    errorType,
    errorCode: String(errorCode),
  });
}

describe('mobilPay IPN handler', () => {
  it('turns a confirmed IPN into a payment_state and echoes the crc', async () => {
    const outcome = await handle(ipnBody());
    assert.equal(outcome.kind, 'event');
    if (outcome.kind !== 'event') return;
    assert.equal(outcome.paymentId, 'order-1');
    assert.deepEqual(outcome.event, {
      type: 'payment_state',
      eventId: 'mobilpay:order-1:1219841:confirmed:0:25.00:1',
      status: {
        providerReference: `${config.signature}/1219841`,
        currency: 'RON',
        state: 'captured',
        authorizedAmount: 2_500,
        capturedAmount: 2_500,
      },
    });
    assert.deepEqual(outcome.reply, {
      status: 200,
      contentType: 'application/xml; charset=utf-8',
      body: '<?xml version="1.0" encoding="utf-8"?>\n<crc>47b6a77de9854bba047b5d2889f9d13b</crc>',
    });
  });

  it('records a decline and answers it with a plain <crc> (no resends)', async () => {
    const outcome = await handle(ipnBody({ errorCode: '20', processed: '0.00' }));
    assert.equal(outcome.kind, 'event');
    if (outcome.kind !== 'event' || outcome.event.type !== 'payment_state') return;
    assert.equal(outcome.event.status.state, 'declined');
    assert.equal(outcome.event.status.declineReason, 'insufficient funds');
    assert.deepEqual(parseCrcAnswer(outcome.reply.body), { ok: true });
  });

  it('gives duplicates one eventId and different IPNs different ones', async () => {
    const a = await eventOf(ipnBody());
    const b = await eventOf(ipnBody());
    const credit = await eventOf(ipnBody({ action: 'credit', processed: '5.00' }));
    assert.equal(a.eventId, b.eventId);
    assert.notEqual(a.eventId, credit.eventId);
  });

  it('reports later charges and an unscheduled recurrence as recurring_charge', async () => {
    const second = await eventOf(ipnBody({ count: 2, recurrence: true }));
    assert.equal(second.type, 'recurring_charge');
    assert.equal(second.type === 'recurring_charge' && second.chargeNumber, 2);
    const notScheduled = await eventOf(ipnBody({ count: 0, recurrence: true }));
    assert.equal(notScheduled.type === 'recurring_charge' && notScheduled.chargeNumber, 0);
    assert.equal((await eventOf(ipnBody({ count: 1, recurrence: true }))).type, 'payment_state');
    // count 0 on an order that asked for no recurrence says nothing about a schedule.
    assert.equal((await eventOf(ipnBody({ count: 0 }))).type, 'payment_state');
  });

  it('opens IPNs of the pre-authorization account named in the confirm URL', async () => {
    const event = await eventOf(ipnBody({ signature: config.preauthSignature, action: 'paid' }), {
      account: 'preauth',
    });
    assert.equal(
      event.type === 'payment_state' && event.status.providerReference,
      `${config.preauthSignature}/1219841`,
    );
    assertRejected(
      await handle(ipnBody(), { account: 'other' }),
      400,
      2,
      CONFIRM_ERROR_CODES.invalidPostParameters,
    );
  });

  it('rejects an IPN sealed for another key, as undecryptable (temporary)', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    assertRejected(await handle(ipnBody({ key: stranger })), 400, 1, CONFIRM_ERROR_CODES.decryptFailed);
  });

  it('rejects an IPN sealed with our certificate but without a valid merchant token', async () => {
    assertRejected(
      await handle(ipnBody({ token: '0'.repeat(64) })),
      400,
      1,
      CONFIRM_ERROR_CODES.notAuthentic,
    );
    assertRejected(
      await handle(ipnBody({ tokenSecret: 'x'.repeat(40) })),
      400,
      1,
      CONFIRM_ERROR_CODES.notAuthentic,
    );
    assertRejected(
      await handle(ipnBody({ signature: config.preauthSignature })),
      400,
      1,
      CONFIRM_ERROR_CODES.notAuthentic,
    );
  });

  it('accepts tokens of the previous secret during a rotation', async () => {
    const previous = 'p'.repeat(40);
    const rotated = new MobilpayWebhookHandler({
      ...config,
      ipnTokenSecret: 'n'.repeat(40),
      ipnTokenPreviousSecret: previous,
    });
    const outcome = await rotated.handle({
      rawBody: ipnBody({ tokenSecret: previous }),
      headers: { 'content-type': FORM },
      query: {},
    });
    assert.equal(outcome.kind, 'event');
  });

  it('refuses an unknown action permanently, once the IPN is authentic', async () => {
    assertRejected(await handle(ipnBody({ action: 'refunded' })), 400, 2, CONFIRM_ERROR_CODES.invalidAction);
  });

  it('refuses unusable amounts permanently', async () => {
    assertRejected(
      await handle(ipnBody({ processed: '26.00' })),
      400,
      2,
      CONFIRM_ERROR_CODES.unusableAmounts,
    );
  });

  it('refuses malformed requests before decrypting anything', async () => {
    assertRejected(
      await handle(ipnBody(), {}, 'application/json'),
      415,
      2,
      CONFIRM_ERROR_CODES.invalidPostParameters,
    );
    assertRejected(await handle(Buffer.from('data=abc')), 400, 2, CONFIRM_ERROR_CODES.invalidPostParameters);
    const doubled = Buffer.concat([ipnBody(), Buffer.from('&data=AAAA')]);
    assertRejected(await handle(doubled), 400, 2, CONFIRM_ERROR_CODES.invalidPostParameters);
    assertRejected(
      await handle(Buffer.alloc(70 * 1024, 'a')),
      413,
      2,
      CONFIRM_ERROR_CODES.invalidPostParameters,
    );
    const notBase64 = Buffer.from(
      'env_key=%25%25&data=***&cipher=aes-256-cbc&iv=AAAAAAAAAAAAAAAAAAAAAA%3D%3D',
    );
    assertRejected(await handle(notBase64), 400, 1, CONFIRM_ERROR_CODES.invalidPostParameters);
  });

  it(
    'an IPN without `cipher` is RC4: refused as "cipher not available" where OpenSSL lacks it',
    { skip: isCipherAvailable('rc4') },
    async () => {
      const sealed = new URLSearchParams(ipnBody().toString());
      sealed.delete('cipher');
      sealed.delete('iv');
      assertRejected(
        await handle(Buffer.from(sealed.toString())),
        400,
        1,
        CONFIRM_ERROR_CODES.cipherUnavailable,
      );
    },
  );

  it('answers an unknown order permanently and an unavailable Temporal temporarily', () => {
    const unknown = handler.unknownPaymentReply('order-x');
    assert.equal(unknown.status, 200);
    assert.deepEqual(parseCrcAnswer(unknown.body), {
      ok: false,
      errorType: 2,
      errorCode: String(CONFIRM_ERROR_CODES.unknownOrder),
    });
    const temporary = handler.temporaryFailureReply();
    assert.equal(temporary.status, 503);
    assert.deepEqual(parseCrcAnswer(temporary.body), {
      ok: false,
      errorType: 1,
      errorCode: String(CONFIRM_ERROR_CODES.temporarilyUnavailable),
    });
  });
});
