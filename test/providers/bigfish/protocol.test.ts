import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProviderError } from '../../../domain/errors';
import { MoneyError } from '../../../domain/money';
import { fromBigfishAmount, toBigfishAmount, toBigfishDecimal } from '../../../providers/bigfish/amounts';
import { encodeJson, JsonDecimal } from '../../../providers/bigfish/json-text';
import {
  answerHeadSchema,
  apiFormFields,
  basicAuthorization,
  buildCloseBody,
  buildInitBody,
  buildInitRpBody,
  buildNotificationBody,
  buildRefundBody,
  fromUrlSafeBase64,
  initRequestSchema,
  operationAnswerSchema,
  readNotificationTransactionId,
  recurringInfoSchema,
  responseUrlWithTransaction,
  resultAnswerSchema,
  startUrl,
  urlSafeBase64,
} from '../../../providers/bigfish/protocol';
import {
  isTransactionResultCode,
  requestError,
  toProviderStatus,
  TRANSACTION_RESULT_CODES,
} from '../../../providers/bigfish/result-codes';

const TX = '783593c87fee4d372f47f53840028682'; // an observed TransactionId (php7-sdk README)

describe('BIG FISH envelope and encodings', () => {
  it('builds the Basic header of the public SDK test store exactly as the demo documents it', () => {
    assert.equal(
      basicAuthorization('sdk_test', '86af3-80e4f-f8228-9498f-910ad'),
      'Basic c2RrX3Rlc3Q6ODZhZjMtODBlNGYtZjgyMjgtOTQ5OGYtOTEwYWQ=',
    );
  });

  it("encodes Info/Extra with the SDK's url-safe base64 (test vector) and decodes it back", () => {
    const encoded = urlSafeBase64('{"KhbCardPocketId":"3"}');
    assert.equal(encoded, 'eyJLaGJDYXJkUG9ja2V0SWQiOiIzIn0.');
    assert.equal(fromUrlSafeBase64(encoded), '{"KhbCardPocketId":"3"}');
  });

  it('writes amounts as JSON numbers digit for digit, and nothing else as a fraction', () => {
    assert.equal(
      encodeJson({ Amount: new JsonDecimal('237.40'), Flag: 1, Skip: undefined }),
      '{"Amount":237.40,"Flag":1}',
    );
    assert.equal(JSON.parse(encodeJson({ Amount: new JsonDecimal('0.10') })).Amount, 0.1);
    assert.equal(encodeJson({ a: ['x', true, null], b: 'qu"ote' }), '{"a":["x",true,null],"b":"qu\\"ote"}');
    assert.throws(() => encodeJson({ Amount: 0.1 }), /JsonDecimal/);
    assert.throws(() => new JsonDecimal('1e5'), /plain decimal/);
    assert.throws(() => new JsonDecimal('01.5'), /plain decimal/);
  });

  it('sends method and json as the two form fields, keys UpperCamelCase, AutoCommit as a string', () => {
    const fields = apiFormFields(
      'Init',
      buildInitBody({
        storeName: 'sdk_test',
        providerName: 'OTP',
        responseUrl: 'https://shop.example/response',
        notificationUrl: 'https://shop.example/notify',
        amount: new JsonDecimal('100'),
        currency: 'HUF',
        orderId: 'DEMO_ORDER',
        userId: 'DEMO_USER',
        language: 'HU',
        autoCommit: false,
      }),
    );
    assert.equal(fields.method, 'Init');
    assert.equal(
      fields.json,
      '{"StoreName":"sdk_test","ProviderName":"OTP","ResponseUrl":"https://shop.example/response",' +
        '"NotificationUrl":"https://shop.example/notify","Amount":100,"Currency":"HUF","OrderId":"DEMO_ORDER",' +
        '"UserId":"DEMO_USER","Language":"HU","AutoCommit":"false","ModuleName":"temporal-payments","ModuleVersion":"0.1.0"}',
    );
    // What the sandbox reads back from it is the same request.
    const parsed = initRequestSchema.parse(JSON.parse(fields.json));
    assert.equal(parsed.AutoCommit, false);
    assert.equal(parsed.Amount, 100);
  });

  it('adds PaymentRegistration=1, type MIT and the MIT rules in Info when registering a card', () => {
    const body = buildInitBody({
      storeName: 's',
      providerName: 'OTPSimple',
      responseUrl: 'https://shop.example/r',
      notificationUrl: 'https://shop.example/n',
      amount: new JsonDecimal('10.00'),
      currency: 'EUR',
      orderId: 'o',
      userId: 'u',
      language: 'EN',
      autoCommit: false,
      registration: { expireDate: '2027-01-31', frequencyDays: 30, amountIndicator: '02' },
    });
    assert.equal(body.PaymentRegistration, 1);
    assert.equal(body.PaymentRegistrationType, 'MIT');
    const info = recurringInfoSchema.parse(JSON.parse(fromUrlSafeBase64(String(body.Info))));
    assert.deepEqual(info.Order.RecurringPayment, {
      ExpireDate: '2027-01-31',
      Frequency: 30,
      AmountIndicator: '02',
    });
  });

  it('reads the demo Init sample, but requires the NotificationUrl BIG FISH documents as mandatory', () => {
    const demo = {
      StoreName: 'sdk_test',
      ProviderName: 'OTP',
      ResponseUrl: 'https://shop.example/response',
      Amount: '100',
      Currency: 'HUF',
      OrderId: 'DEMO_ORDER',
      UserId: 'DEMO_USER',
      Language: 'HU',
    };
    const parsed = initRequestSchema.safeParse(demo);
    assert.equal(parsed.success, false);
    assert.deepEqual(
      parsed.error?.issues.map((i) => i.path.join('.')),
      ['NotificationUrl'],
    );
    assert.equal(
      initRequestSchema.safeParse({ ...demo, NotificationUrl: 'https://shop.example/n' }).success,
      true,
    );
  });

  it('builds Close for full capture, partial capture and release as BIG FISH documents them', () => {
    assert.deepEqual(JSON.parse(encodeJson(buildCloseBody({ transactionId: TX, approved: true }))), {
      TransactionId: TX,
      Approved: 'true',
    });
    assert.equal(
      encodeJson(
        buildCloseBody({ transactionId: TX, approved: true, approvedAmount: new JsonDecimal('60.50') }),
      ),
      `{"TransactionId":"${TX}","Approved":"true","ApprovedAmount":60.50}`,
    );
    // A release is always of the whole hold: an amount is never sent with Approved=false.
    assert.deepEqual(
      JSON.parse(
        encodeJson(
          buildCloseBody({ transactionId: TX, approved: false, approvedAmount: new JsonDecimal('1') }),
        ),
      ),
      { TransactionId: TX, Approved: 'false' },
    );
    assert.equal(
      encodeJson(buildRefundBody({ transactionId: TX, amount: new JsonDecimal('100') })),
      `{"TransactionId":"${TX}","Amount":100}`,
    );
  });

  it('builds InitRP around the registering transaction', () => {
    const body = buildInitRpBody({
      storeName: 'sdk_test',
      referenceTransactionId: TX,
      responseUrl: 'https://shop.example/r',
      notificationUrl: 'https://shop.example/n',
      amount: new JsonDecimal('100'),
      currency: 'HUF',
      orderId: 'DEMO_ORDER',
      userId: 'DEMO_USER',
      autoCommit: false,
    });
    assert.equal(body.ReferenceTransactionId, TX);
    assert.equal(body.AutoCommit, 'false');
  });

  it('points the payer at Start and comes back to ResponseUrl with the TransactionId', () => {
    assert.equal(
      startUrl('https://system-test.paymentgateway.hu', TX),
      `https://system-test.paymentgateway.hu/Start?TransactionId=${TX}`,
    );
    assert.equal(
      responseUrlWithTransaction('https://shop.example/back?lang=hu', TX),
      `https://shop.example/back?lang=hu&TransactionId=${TX}`,
    );
  });
});

describe('BIG FISH amounts', () => {
  it('converts minor units to major-unit text exactly, HUF in whole forints', () => {
    assert.equal(toBigfishDecimal(23_740, 'EUR', ['HUF']), '237.40');
    assert.equal(toBigfishDecimal(1, 'USD', ['HUF']), '0.01');
    assert.equal(toBigfishDecimal(123_400, 'HUF', ['HUF']), '1234');
    assert.equal(toBigfishDecimal(900_719_925_474_099, 'EUR', []), '9007199254740.99');
    assert.equal(toBigfishAmount(115, 'EUR', []).text, '1.15');
    assert.throws(() => toBigfishDecimal(123_456, 'HUF', ['HUF']), MoneyError);
    assert.equal(toBigfishDecimal(123_456, 'HUF', []), '1234.56');
  });

  it('reads JSON numbers and strings back exactly, where a double cannot have lost digits', () => {
    assert.equal(fromBigfishAmount(237.4, 'EUR', 'Amount'), 23_740);
    assert.equal(fromBigfishAmount(1.15, 'EUR', 'Amount'), 115); // 1.15 * 100 would be 114.99999999999999
    assert.equal(fromBigfishAmount('100', 'HUF', 'Amount'), 10_000);
    assert.equal(fromBigfishAmount(1234, 'HUF', 'Amount'), 123_400);
    assert.throws(() => fromBigfishAmount(0.1 + 0.2, 'EUR', 'Amount'), MoneyError);
    assert.throws(() => fromBigfishAmount(1e21, 'EUR', 'Amount'), MoneyError);
    assert.throws(() => fromBigfishAmount(-1, 'EUR', 'Amount'), MoneyError);
    assert.throws(() => fromBigfishAmount('1.005', 'EUR', 'Amount'), MoneyError);
  });
});

describe('BIG FISH answers', () => {
  it("recognizes the request-level errors of BIG FISH's own tests as final refusals", () => {
    for (const sample of [
      { ResultCode: 'UnknownStore', ResultMessage: 'Ismeretlen kereskedő (test_storename)' },
      { ResultCode: 'UnknownTransaction', ResultMessage: 'Ismeretlen tranzakció (test_transaction_id)' },
    ]) {
      const head = answerHeadSchema.parse(sample);
      assert.equal(isTransactionResultCode(head.ResultCode), false);
      const error = requestError('Result', head.ResultCode);
      assert.ok(error instanceof ProviderError);
      assert.equal(error.kind, 'final');
      assert.equal(error.code, sample.ResultCode);
      assert.doesNotMatch(error.message, /test_storename|test_transaction_id/);
    }
  });

  it('reads an Init answer; the placeholder id of a unit test is not a BIG FISH TransactionId', () => {
    assert.equal(
      operationAnswerSchema.safeParse({ ResultCode: 'SUCCESSFUL', TransactionId: 'test_transaction_id' })
        .success,
      false,
    );
    const ok = operationAnswerSchema.parse({
      ResultCode: 'SUCCESSFUL',
      TransactionId: TX,
      ResultMessage: null,
    });
    assert.equal(ok.TransactionId, TX);
    assert.equal(ok.ResultMessage, undefined);
  });

  it('reads a Result answer with the values of the documented Details sample', () => {
    const answer = resultAnswerSchema.parse({
      TransactionId: 'a4d6f6f27f2116da21da62d705dbd7ef',
      ResultCode: 'SUCCESSFUL',
      ResultMessage: 'Sikeres tranzakció',
      Anum: '006766',
      OrderId: 'BF-TEST-ORDER',
      UserId: 'BF-TEST-USER',
      ProviderTransactionId: 'tr_GVaydOjpVySGJycK15glvGgbLGxmCQyf',
      AutoCommit: 'false',
      CommitState: 'APPROVED',
    });
    assert.equal(answer.AutoCommit, false);
    assert.equal(answer.CommitState, 'APPROVED');
    for (const flag of ['1', true, 'TRUE'])
      assert.equal(resultAnswerSchema.parse({ ...answer, AutoCommit: flag }).AutoCommit, true);
  });
});

describe('BIG FISH ResultCode table', () => {
  const requested = { amount: 10_000, currency: 'HUF' };
  const status = (
    resultCode: (typeof TRANSACTION_RESULT_CODES)[number],
    extra: Record<string, unknown> = {},
  ) => toProviderStatus({ transactionId: TX, resultCode, ...extra }, { ...requested, autoCommit: true });

  it('maps every transaction result code', () => {
    const states = Object.fromEntries(TRANSACTION_RESULT_CODES.map((code) => [code, status(code).state]));
    assert.deepEqual(states, {
      SUCCESSFUL: 'captured',
      ERROR: 'declined',
      PENDING: 'pending',
      CANCELED: 'declined',
      TIMEOUT: 'expired',
      OPEN: 'pending',
      UNSUCCESSFUL: 'declined',
    });
    assert.equal(status('CANCELED').declineCode, 'CANCELED');
    assert.equal(status('CANCELED').declineReason, 'the payer canceled the payment');
    assert.equal(
      status('ERROR', { resultMessage: 'Sikertelen\ntranzakció' }).declineReason,
      'Sikertelen tranzakció',
    );
    assert.equal(status('SUCCESSFUL').providerReference, TX);
  });

  it('splits a successful two-step payment by CommitState', () => {
    const twoStep = (commitState?: string) =>
      toProviderStatus(
        { transactionId: TX, resultCode: 'SUCCESSFUL', autoCommit: false, commitState },
        requested,
      );
    assert.deepEqual(twoStep(undefined), {
      state: 'authorized',
      providerReference: TX,
      currency: 'HUF',
      authorizedAmount: 10_000,
      capturedAmount: 0,
    });
    const captured = twoStep('APPROVED');
    assert.equal(captured.state, 'captured');
    assert.equal(captured.capturedAmount, undefined, 'Result cannot tell a partial capture from a full one');
    assert.equal(twoStep('REFUSED').state, 'voided');
    assert.throws(
      () => twoStep('SOMETHING_NEW'),
      (e: unknown) => e instanceof ProviderError && e.kind === 'unknown',
    );
  });

  it('never guesses the commit mode when neither the answer nor the caller knows it', () => {
    assert.throws(
      () => toProviderStatus({ transactionId: TX, resultCode: 'SUCCESSFUL' }, requested),
      (e: unknown) => e instanceof ProviderError && e.code === 'commit_mode_unknown',
    );
    assert.equal(toProviderStatus({ transactionId: TX, resultCode: 'OPEN' }, requested).state, 'pending');
  });
});

describe('BIG FISH notification bodies', () => {
  const json = 'application/json';
  const read = (body: string, contentType = json, query: Record<string, string> = {}) =>
    readNotificationTransactionId(Buffer.from(body), contentType, query);

  it('finds the TransactionId in the JSON body an integrator reads, in the query, or in a form', () => {
    const body = buildNotificationBody({ storeName: 'sdk_test', transactionId: TX, orderId: 'o-1' });
    assert.deepEqual(read(body), { ok: true, transactionId: TX });
    assert.deepEqual(read(JSON.stringify({ CommonData: { TransactionId: TX.toUpperCase() } })), {
      ok: true,
      transactionId: TX,
    });
    assert.deepEqual(read('', json, { TransactionId: TX }), { ok: true, transactionId: TX });
    assert.deepEqual(read(`TransactionId=${TX}`, 'application/x-www-form-urlencoded'), {
      ok: true,
      transactionId: TX,
    });
    assert.deepEqual(read(''), { ok: true });
  });

  it('refuses malformed, unreadable or contradicting notifications', () => {
    assert.equal(read('not json').ok, false);
    assert.equal(read('[1]').ok, false);
    assert.equal(read(JSON.stringify({ commonData: { transactionId: 'x' } })).ok, false);
    const other = 'ffffffffffffffffffffffffffffffff';
    assert.equal(read(JSON.stringify({ TransactionId: TX }), json, { TransactionId: other }).ok, false);
  });
});
