/**
 * The mobilPay adapter and webhook handler against the sandbox over real HTTP: the sealed card request, IPNs and
 * their resends, SOAP capture/cancel/credit with sessions, error classification and faults.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError } from '../../../domain/errors';
import type { CreatePaymentRequest } from '../../../providers/contract';
import { postForm } from '../../../providers/shared/http';
import { MobilpayAdapter } from '../../../providers/mobilpay/adapter';
import { findPayerForm } from '../../../providers/mobilpay/sandbox-payer-page';
import { paymentRequest, startHarness, statusOf } from './harness';
import type { Harness } from './harness';

const isProviderError = (kind: ProviderError['kind'], code?: string | RegExp) => (error: unknown) =>
  error instanceof ProviderError &&
  error.kind === kind &&
  (code === undefined || (typeof code === 'string' ? error.code === code : code.test(error.code)));

describe('mobilPay adapter ↔ sandbox', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  async function paid(captureMode: 'one_stage' | 'two_stage') {
    const req = paymentRequest(h, { captureMode });
    const created = await h.adapter.createPayment(req);
    await h.sandbox.actAsPayer(created.redirect!, 'approve');
    const [event] = await h.receiver.waitForEvents(req.paymentId);
    return { req, status: statusOf(event) };
  }

  const ledgerOf = (paymentId: string) => h.sandbox.ledger().filter((e) => e.paymentId === paymentId);

  it('redirects with a sealed form POST: env_key, data, cipher, iv', async () => {
    const created = await h.adapter.createPayment(paymentRequest(h));
    assert.equal(created.redirect?.method, 'POST');
    assert.equal(created.redirect?.url, h.config.paymentUrl);
    assert.deepEqual(Object.keys(created.redirect?.fields ?? {}).sort(), ['cipher', 'data', 'env_key', 'iv']);
    assert.equal(created.redirect?.fields.cipher, 'aes-256-cbc');
    assert.equal(created.providerReference, undefined, 'mobilPay names the purchase only in its IPN');
  });

  it('the payment page language follows the payment', async () => {
    const created = await h.adapter.createPayment(paymentRequest(h, { language: 'EN' }));
    assert.equal(created.redirect?.url, `${h.config.paymentUrl}/en`);
    await h.sandbox.actAsPayer(created.redirect!, 'abandon'); // the sandbox serves the /en page too
  });

  it('one-stage: Pay gives a confirmed IPN, answered with the crc', async () => {
    const { req, status } = await paid('one_stage');
    assert.equal(status.state, 'captured');
    assert.equal(status.capturedAmount, 2_500);
    assert.equal(status.authorizedAmount, 2_500);
    assert.equal(status.currency, 'RON');
    assert.match(status.providerReference ?? '', new RegExp(`^${h.config.signature}/\\d+$`));
    const outcome = h.receiver.outcomes.find((o) => o.kind === 'event' && o.paymentId === req.paymentId);
    assert.match(
      outcome?.reply.body ?? '',
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<crc>[0-9a-f]{32}<\/crc>$/,
    );
    assert.deepEqual(
      ledgerOf(req.paymentId).map((e) => [e.kind, e.amount]),
      [['sale', 2_500]],
    );
  });

  it('one-stage: two partial credits, then one too many', async () => {
    const { req, status } = await paid('one_stage');
    const ref = {
      paymentId: req.paymentId,
      providerReference: status.providerReference,
      currency: 'RON',
      amount: 2_500,
    };
    const refund = (refundAmount: number, n: number) =>
      h.adapter.refund({
        ...ref,
        refundAmount,
        isFullRefund: false,
        refundId: `r${n}`,
        idempotencyKey: `k/refund-r${n}`,
      });
    assert.equal((await refund(1_000, 1)).outcome, 'succeeded');
    assert.equal((await refund(1_500, 2)).outcome, 'succeeded');
    // 54: more than is left. Our books disagree with mobilPay's: maybe an earlier attempt went through.
    await assert.rejects(refund(1, 3), isProviderError('unknown', 'mobilpay_54'));
    const events = await h.receiver.waitForEvents(req.paymentId, 3);
    const credits = events.slice(1).map((e) => statusOf(e));
    assert.deepEqual(
      credits.map((s) => [s.state, s.refundedAmount]),
      [
        ['refunded', 1_000],
        ['refunded', 1_500],
      ],
    );
    assert.deepEqual(
      ledgerOf(req.paymentId).map((e) => [e.kind, e.amount]),
      [
        ['sale', 2_500],
        ['refund', 1_000],
        ['refund', 1_500],
      ],
    );
  });

  it('two-stage: paid, partial capture, then a second capture is "may already be done"', async () => {
    const { req, status } = await paid('two_stage');
    assert.equal(status.state, 'authorized');
    assert.match(status.providerReference ?? '', new RegExp(`^${h.config.preauthSignature}/`));
    const ref = {
      paymentId: req.paymentId,
      providerReference: status.providerReference,
      currency: 'RON',
      amount: 2_500,
    };
    const capture = (captureAmount: number) =>
      h.adapter.capture({ ...ref, captureAmount, isFullCapture: false, idempotencyKey: 'k/capture-1' });
    await assert.rejects(capture(2_501), isProviderError('unknown', 'mobilpay_55'));
    assert.equal((await capture(1_500)).outcome, 'succeeded');
    await assert.rejects(capture(1_000), isProviderError('unknown', 'mobilpay_52'));
    await assert.rejects(
      h.adapter.void({ ...ref, idempotencyKey: 'k/void-1' }),
      isProviderError('unknown', 'mobilpay_51'),
    );
    const [, confirmed] = await h.receiver.waitForEvents(req.paymentId, 2);
    assert.deepEqual(
      [statusOf(confirmed).state, statusOf(confirmed).capturedAmount, statusOf(confirmed).authorizedAmount],
      ['captured', 1_500, 2_500],
    );
    assert.deepEqual(
      ledgerOf(req.paymentId).map((e) => [e.kind, e.amount]),
      [
        ['authorize', 2_500],
        ['capture', 1_500],
        ['release', 1_000],
      ],
    );
  });

  it('two-stage: cancel releases the hold; a credit before capture is refused (53)', async () => {
    const { req, status } = await paid('two_stage');
    const ref = {
      paymentId: req.paymentId,
      providerReference: status.providerReference,
      currency: 'RON',
      amount: 2_500,
    };
    await assert.rejects(
      h.adapter.refund({
        ...ref,
        refundAmount: 100,
        isFullRefund: false,
        refundId: 'r',
        idempotencyKey: 'k/r',
      }),
      isProviderError('final', 'mobilpay_53'),
    );
    assert.equal((await h.adapter.void({ ...ref, idempotencyKey: 'k/void-1' })).outcome, 'succeeded');
    const [, canceled] = await h.receiver.waitForEvents(req.paymentId, 2);
    assert.equal(statusOf(canceled).state, 'voided');
    assert.equal(statusOf(canceled).authorizedAmount, 2_500);
    assert.deepEqual(
      ledgerOf(req.paymentId).map((e) => e.kind),
      ['authorize', 'release'],
    );
  });

  it('declined: the same action with an error code, and nothing moves', async () => {
    const req = paymentRequest(h);
    const created = await h.adapter.createPayment(req);
    await h.sandbox.actAsPayer(created.redirect!, 'decline');
    const [event] = await h.receiver.waitForEvents(req.paymentId);
    const status = statusOf(event);
    assert.equal(status.state, 'declined');
    assert.equal(status.declineCode, '35');
    assert.equal(status.declineReason, 'transaction declined');
    const outcome = h.receiver.outcomes.find((o) => o.kind === 'event' && o.paymentId === req.paymentId);
    assert.doesNotMatch(outcome?.reply.body ?? '', /error_type/, 'a decline is recorded fine: plain <crc>');
    assert.equal(ledgerOf(req.paymentId).length, 0);
  });

  it('abandoned: the order expires and the canceled IPN reads as expired', async () => {
    const req = paymentRequest(h);
    const created = await h.adapter.createPayment(req);
    await h.sandbox.actAsPayer(created.redirect!, 'abandon');
    const [event] = await h.receiver.waitForEvents(req.paymentId, 1, 4_000);
    assert.equal(statusOf(event).state, 'expired');
    // The order id is used up: paying it now would take money for a payment we already closed.
    await assert.rejects(h.sandbox.actAsPayer(created.redirect!, 'approve'), /HTTP 409/);
  });

  it('a temporary-failure answer makes mobilPay resend the same IPN', async () => {
    const req = paymentRequest(h);
    const created = await h.adapter.createPayment(req);
    h.receiver.failNext.set(req.paymentId, 2);
    await h.sandbox.actAsPayer(created.redirect!, 'approve');
    const events = await h.receiver.waitForEvents(req.paymentId, 3, 5_000);
    assert.equal(new Set(events.map((e) => e.eventId)).size, 1, 'a resend has the same eventId');
    await sleep(300);
    assert.equal(h.receiver.eventsFor(req.paymentId).length, 3, 'the plain <crc> ends delivery');
  });

  it('pays the same order only once, and shows the open attempt again', async () => {
    const req = paymentRequest(h);
    const created = await h.adapter.createPayment(req);
    const first = await postForm(created.redirect!.url, created.redirect!.fields, 5_000);
    const again = await postForm(created.redirect!.url, created.redirect!.fields, 5_000);
    assert.equal(findPayerForm(first.body, 'approve').action, findPayerForm(again.body, 'approve').action);
    await h.sandbox.actAsPayer(created.redirect!, 'approve');
    const third = await postForm(created.redirect!.url, created.redirect!.fields, 5_000);
    assert.equal(third.status, 409);
  });

  it('a forged IPN (sealed with our certificate, no merchant token) is rejected with 4xx', async () => {
    const { req } = await paid('one_stage');
    const status = await h.sandbox.sendForgedNotification(req.paymentId);
    assert.equal(status, 400);
    const last = h.receiver.outcomes.at(-1);
    assert.equal(last?.kind, 'rejected');
    assert.match(last?.reply.body ?? '', /error_type="1"/);
  });

  it('injected SOAP faults: capture is retried (transient), credit is not (unknown)', async () => {
    const { req, status } = await paid('one_stage');
    const ref = {
      paymentId: req.paymentId,
      providerReference: status.providerReference,
      currency: 'RON',
      amount: 2_500,
    };
    h.sandbox.setFaults({ failNextCalls: 1 });
    await assert.rejects(
      h.adapter.refund({
        ...ref,
        refundAmount: 100,
        isFullRefund: false,
        refundId: 'r',
        idempotencyKey: 'k/r',
      }),
      isProviderError('unknown', 'http_500'),
    );
    const two = await paid('two_stage');
    h.sandbox.setFaults({ failNextCalls: 1 });
    await assert.rejects(
      h.adapter.capture({
        paymentId: two.req.paymentId,
        providerReference: two.status.providerReference,
        currency: 'RON',
        amount: 2_500,
        captureAmount: 2_500,
        isFullCapture: true,
        idempotencyKey: 'k/capture-1',
      }),
      isProviderError('transient', 'http_500'),
    );
    h.sandbox.setFaults({});
    assert.equal(ledgerOf(req.paymentId).filter((e) => e.kind === 'refund').length, 0);
  });

  it('SOAP answers: unknown order (0x4004) is final; unreachable is transient; a wrong login is final', async () => {
    const ref = {
      paymentId: 'no-such-order',
      currency: 'RON',
      amount: 100,
      captureAmount: 100,
      isFullCapture: true,
    };
    await assert.rejects(
      h.adapter.capture({ ...ref, idempotencyKey: 'k' }),
      isProviderError('final', `mobilpay_${0x4004}`),
    );
    const unreachable = new MobilpayAdapter({ ...h.config, soapUrl: 'http://127.0.0.1:9/api/payment2/' });
    await assert.rejects(
      unreachable.capture({ ...ref, idempotencyKey: 'k' }),
      isProviderError('transient', /soap_/),
    );
    const wrongLogin = new MobilpayAdapter({ ...h.config, soapPassword: 'wrong' });
    await assert.rejects(
      wrongLogin.capture({ ...ref, idempotencyKey: 'k' }),
      isProviderError('final', 'login_refused'),
    );
  });

  it('createPayment refuses what mobilPay cannot take, as final errors', async () => {
    const oneAccount = new MobilpayAdapter({ ...h.config, preauthSignature: undefined });
    await assert.rejects(
      oneAccount.createPayment(paymentRequest(h, { captureMode: 'two_stage' })),
      isProviderError('final', 'two_stage_not_configured'),
    );
    await assert.rejects(
      h.adapter.createPayment(paymentRequest(h, { amount: 10_000_000 })),
      isProviderError('final', 'invalid_request'),
    );
    await assert.rejects(
      h.adapter.createPayment(paymentRequest(h, { currency: 'JPY', amount: 100 })),
      isProviderError('final', 'invalid_request'),
    );
    await assert.rejects(
      h.adapter.createPayment(paymentRequest(h, { paymentId: 'x'.repeat(65) })),
      isProviderError('final', 'invalid_request'),
    );
  });

  it('operators get the ledger and set faults over HTTP', async () => {
    const ledger = await fetch(`${h.sandbox.url}/sandbox/ledger`);
    assert.equal(ledger.status, 200);
    assert.ok(Array.isArray(await ledger.json()));
    const bad = await postForm(`${h.sandbox.url}/sandbox/faults`, { failNextCalls: 'x' }, 5_000);
    assert.equal(bad.status, 400);
    const wsdl = await fetch(`${h.config.soapUrl}?wsdl`);
    assert.match(await wsdl.text(), new RegExp(`<soap:address location="${h.config.soapUrl}"/>`));
  });

  it('getStatus: there is no status API, and it says so', async () => {
    await assert.rejects(
      h.adapter.getStatus({ paymentId: 'p', currency: 'RON', amount: 1 }),
      isProviderError('final', 'no_status_api'),
    );
  });
});

describe('mobilPay SOAP sessions', () => {
  let h: Harness;
  before(async () => {
    // The sandbox ends sessions after 300 ms; the adapter would reuse them for 20 minutes.
    h = await startHarness({ sandbox: { sessionTtlMs: 300 } });
  });
  after(async () => {
    await h.close();
  });

  it('reuses the session and renews it when mobilPay no longer accepts it (0x1000)', async () => {
    const requests: Array<{ req: CreatePaymentRequest; reference?: string }> = [];
    for (let i = 0; i < 2; i++) {
      const req = paymentRequest(h);
      const created = await h.adapter.createPayment(req);
      await h.sandbox.actAsPayer(created.redirect!, 'approve');
      const [event] = await h.receiver.waitForEvents(req.paymentId);
      requests.push({ req, reference: statusOf(event).providerReference });
    }
    const refund = (n: number) => {
      const { req, reference } = requests[n]!;
      return h.adapter.refund({
        paymentId: req.paymentId,
        providerReference: reference,
        currency: 'RON',
        amount: 2_500,
        refundAmount: 100,
        isFullRefund: false,
        refundId: 'r',
        idempotencyKey: 'k/r',
      });
    };
    assert.equal((await refund(0)).outcome, 'succeeded');
    await sleep(400);
    assert.equal((await refund(1)).outcome, 'succeeded', 'renewed after the sandbox ended the session');
    const refunds = h.sandbox.ledger().filter((e) => e.kind === 'refund');
    assert.equal(refunds.length, 2, 'the refused attempt moved nothing');
  });
});
