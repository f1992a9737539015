/** The Assist sandbox's own wire behaviour: what the adapter tests do not reach. */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { assistProvider } from '../../../providers/assist';
import type { AssistConfig } from '../../../providers/assist';
import { postForm } from '../../../providers/shared/http';
import { parseResultXml } from '../../../providers/assist/protocol';
import type { ProviderSandbox } from '../../../providers/contract';

describe('Assist sandbox wire behaviour', () => {
  const received: { paymentId: string; eventId: string }[] = [];
  let receiver: Server;
  let sandbox: ProviderSandbox;
  let config: AssistConfig;

  before(async () => {
    const handler = assistProvider.createWebhookHandler(assistProvider.sandboxConfig('http://127.0.0.1:1'));
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const outcome = await handler.handle({
          rawBody: Buffer.concat(chunks),
          headers: req.headers,
          query: {},
        });
        if (outcome.kind === 'event')
          received.push({ paymentId: outcome.paymentId, eventId: outcome.event.eventId });
        res
          .writeHead(outcome.reply.status, { 'content-type': outcome.reply.contentType })
          .end(outcome.reply.body);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const notificationUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
    sandbox = await assistProvider.startSandbox(assistProvider.sandboxConfig('http://127.0.0.1:1'), {
      port: 0,
      notificationUrl,
      retryTimeScale: 0.0001,
    });
    config = assistProvider.sandboxConfig(sandbox.url);
  });

  after(async () => {
    await sandbox.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const payment = (paymentId: string) => ({
    paymentId,
    amount: 1000,
    currency: 'EUR',
    captureMode: 'two_stage' as const,
    returnUrls: { success: 'http://merchant.test/yes', failure: 'http://merchant.test/no' },
    notificationUrl: 'http://unused.test',
    idempotencyKey: `create-${paymentId}`,
  });

  it('refuses an order form with a wrong Checkvalue, or signed with the other variant', async () => {
    const { redirect } = await assistProvider.createAdapter(config).createPayment(payment('cv-1'));
    assert.ok(redirect);
    const tampered = await postForm(redirect.url, { ...redirect.fields, OrderAmount: '1.00' }, 5000);
    assert.equal(tampered.status, 400);
    const unjoined = assistProvider.createAdapter({ ...config, checkvalueVariant: 'unjoined' });
    const other = (await unjoined.createPayment(payment('cv-2'))).redirect;
    assert.ok(other);
    assert.equal((await postForm(other.url, other.fields, 5000)).status, 400);
  });

  it('redirects the payer to URL_RETURN_OK with 303 after paying', async () => {
    const { redirect } = await assistProvider.createAdapter(config).createPayment(payment('return-1'));
    assert.ok(redirect);
    const cardPage = await postForm(redirect.url, redirect.fields, 5000);
    const action = /action="([^"]+)"/.exec(cardPage.body)?.[1];
    assert.ok(action);
    const answer = await request(new URL(action, sandbox.url), {
      method: 'POST',
      body: 'action=approve',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await answer.body.dump();
    assert.equal(answer.statusCode, 303);
    assert.equal(answer.headers.location, 'http://merchant.test/yes');
  });

  it('accepts Externalrefundid only with a JSON answer', async () => {
    const answer = await postForm(
      `${sandbox.url}/cancel/cancel.cfm`,
      {
        Billnumber: '5111111000965142',
        Merchant_ID: config.merchantId,
        Login: config.login,
        Password: config.password,
        Externalrefundid: 'refund-0000000001',
        Format: '3',
      },
      5000,
    );
    const result = parseResultXml(answer.body);
    assert.notEqual(result.firstcode, '0');
  });

  it('duplicates a notification on request; both deliveries carry the same eventId', async () => {
    sandbox.setFaults({ notificationMode: 'duplicate' });
    try {
      const { redirect } = await assistProvider.createAdapter(config).createPayment(payment('dup-1'));
      assert.ok(redirect);
      await sandbox.actAsPayer(redirect, 'approve');
      const deliveries = () => received.filter((r) => r.paymentId === 'dup-1');
      while (deliveries().length < 2) await sleep(10);
      assert.equal(deliveries()[0]?.eventId, deliveries()[1]?.eventId);
    } finally {
      sandbox.setFaults({});
    }
  });

  it('serves the WSDL with its own SOAP address, the ledger, and takes faults over HTTP', async () => {
    const wsdl = await request(`${sandbox.url}/charge/charge.wsdl`);
    assert.match(await wsdl.body.text(), new RegExp(`location="${sandbox.url}/charge/wscharge.cfm"`));
    const ledger = await request(`${sandbox.url}/sandbox/ledger`);
    assert.ok(Array.isArray(await ledger.body.json()));
    const faults = await request(`${sandbox.url}/sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ failNextCalls: 1 }),
      headers: { 'content-type': 'application/json' },
    });
    await faults.body.dump();
    assert.equal(faults.statusCode, 204);
    const failed = await postForm(`${sandbox.url}/orderstate/orderstate.cfm`, { Ordernumber: 'x' }, 5000);
    assert.equal(failed.status, 500);
  });
});
