/**
 * What Temporal stores is ciphertext: a payment with a customer's email, phone and IP runs through
 * create, approval, a capture whose first provider call fails, and a rejected command; then its raw
 * history, read by a client WITHOUT the codec (what anyone with access to Temporal or its database
 * sees), must contain none of that data, and its failures must read "Encoded failure". The gateway's
 * codec endpoint, as the Temporal UI calls it, gets the data back.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import { PaymentsError } from '../../client/errors';
import { payloadToJson } from '../../client/gateway/codec-json';
import { assistProvider } from '../../providers/assist';
import { paymentWorkflowId } from '../../workflows/payment-definitions';
import { TEST_CODEC_TOKEN } from '../support/encryption';
import { startStack, type Stack } from '../support/stack';
import { connectTestTemporal, type TestTemporal } from '../support/temporal';
import { waitForPayment } from '../support/wait';

let temporal: TestTemporal;
let stack: Stack;

before(async () => {
  temporal = await connectTestTemporal();
  stack = await startStack(temporal, { provider: assistProvider });
});
after(async () => {
  await stack?.close();
  await temporal?.close();
});

const CUSTOMER = {
  email: `jane.doe.${randomUUID().slice(0, 8)}@example.com`,
  phone: '+1 (555) 013-2468',
  ipAddress: '203.0.113.77',
};

it('keeps personal data and failure messages out of the stored history', { timeout: 90_000 }, async () => {
  const orderId = `enc-${randomUUID().slice(0, 12)}`;
  const created = await stack.payments.createPayment({
    orderId,
    provider: assistProvider.name,
    amount: 4_200,
    currency: 'USD',
    captureMode: 'two_stage',
    customer: { ...CUSTOMER, firstName: 'Jane', lastName: 'Doe' },
    returnUrls: { success: 'https://merchant.example/ok', failure: 'https://merchant.example/fail' },
  });
  await stack.sandbox.actAsPayer(created.redirect!, 'approve');
  const authorized = await waitForPayment(stack.payments, orderId, (p) => p.status === 'authorized', {
    timeoutMs: 30_000,
  });

  // Rejected by the update validator: the message reaches the client through the encoded failure.
  await assert.rejects(stack.payments.capture(orderId, { amount: 4_201 }), (err: unknown) => {
    assert.ok(err instanceof PaymentsError, String(err));
    assert.equal(err.code, 'validation');
    assert.match(err.message, /remains authorized/);
    return true;
  });
  // The provider's first answer is a 500: the activity's failure is recorded, then the retry succeeds.
  stack.sandbox.setFaults({ failNextCalls: 1 });
  const captured = await stack.payments.capture(orderId, {}, `capture-${orderId}`);
  assert.equal(captured.status, 'captured');

  const providerReference = captured.providerReference ?? authorized.providerReference;
  assert.ok(providerReference, 'the provider gave the payment a reference');
  const secrets = { ...CUSTOMER, providerReference, phoneDigits: '0132468' };

  // Without the codec: exactly what Temporal has stored.
  const plainClient = new Client({ connection: temporal.connection, namespace: temporal.namespace });
  const history = await plainClient.workflow.getHandle(paymentWorkflowId(orderId)).fetchHistory();
  const asJson = JSON.stringify(withBytesAsText(history));
  const asProto = Buffer.from(proto.api.history.v1.History.encode(history).finish());
  for (const [name, value] of Object.entries(secrets)) {
    assert.equal(asJson.includes(value), false, `${name} appears in the history JSON`);
    assert.equal(asProto.includes(value), false, `${name} appears in the stored history bytes`);
  }

  const failures = failuresIn(history);
  assert.ok(failures.length > 0, 'the failed provider call left a failure in the history');
  for (const failure of failures) {
    assert.equal(failure.message, 'Encoded failure');
    assert.equal(failure.stackTrace ?? '', '');
    assert.ok(failure.encodedAttributes, 'the real message is in encodedAttributes');
  }

  // The Temporal UI's view: the gateway's codec endpoint decrypts the same stored payloads.
  const started = history.events?.find((e) => e.workflowExecutionStartedEventAttributes);
  const input = started?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
  const [decodedInput] = await decodeThroughGateway(input);
  assert.equal(
    JSON.stringify(decodedInput).includes(CUSTOMER.email),
    true,
    'the codec endpoint decrypts the input',
  );
  const [decodedFailure] = await decodeThroughGateway([failures[0]!.encodedAttributes!]);
  assert.equal(typeof (decodedFailure as { message?: unknown }).message, 'string');
  assert.notEqual((decodedFailure as { message: string }).message, 'Encoded failure');
});

/**
 * The history as plain JSON-able data with every bytes field as UTF-8 text, so that a plain-text
 * payload shows its contents. (The messages' own toJSON gives proto-JSON, where bytes are base64 and
 * a plain-text email would not be found by a substring search.)
 */
function withBytesAsText(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(withBytesAsText);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withBytesAsText(v)]));
}

type Failure = proto.api.failure.v1.IFailure;

/** Every Failure anywhere in the history (activity last failures, update outcomes, causes). */
function failuresIn(value: unknown, found: Failure[] = []): Failure[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return found;
  for (const [key, child] of Object.entries(value)) {
    if ((key === 'failure' || key === 'lastFailure' || key === 'cause') && child)
      found.push(child as Failure);
    failuresIn(child, found);
  }
  return found;
}

async function decodeThroughGateway(payloads: Payload[]): Promise<unknown[]> {
  const res = await fetch(`${stack.gatewayUrl}/codec/${TEST_CODEC_TOKEN}/decode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': temporal.namespace },
    body: JSON.stringify({ payloads: payloads.map(payloadToJson) }),
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { payloads: Array<{ metadata: Record<string, string>; data?: string }> };
  return body.payloads.map((p) =>
    defaultPayloadConverter.fromPayload({
      metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
      data: Buffer.from(p.data ?? '', 'base64'),
    }),
  );
}
