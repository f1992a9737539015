import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MoneyError } from '../../../domain/money';
import { fromAssistAmount, toAssistAmount } from '../../../providers/assist/amounts';
import {
  buildOrderForm,
  buildPushPaymentFailure,
  buildPushPaymentSuccess,
  buildResultXml,
  checkvalue,
  checkvaluesMatch,
  movementsFromOperations,
  notificationCheckvalue,
  ORDER_STATES,
  OPERATION_SUCCEEDED,
  OPERATION_TYPES,
  parsePushPaymentResult,
  parseResultXml,
  resultNotificationSchema,
  toExternalRefundId,
  toProviderStatus,
  verifyNotification,
} from '../../../providers/assist/protocol';
import type { MoneyMovements, OrderState, ResultNotification } from '../../../providers/assist/protocol';
import { classifyRequestError, describeResponseCode } from '../../../providers/assist/response-codes';
import type { ProviderStatus } from '../../../domain/provider-events';

describe('Assist checkvalue', () => {
  // COMPUTED self-consistency values from shared/providers/ecommpay-assist.md §2.4 (SALT "secret").
  it('reproduces the joined payment-request value', () => {
    assert.equal(
      checkvalue('secret', ['123456', 'ORD-1', '100.00', 'RUB'], 'joined'),
      'B31BA29EA75C070AB8DC4D2DC524E251',
    );
  });

  it('reproduces the unjoined (older docs) payment-request value', () => {
    assert.equal(
      checkvalue('secret', ['123456', 'ORD-1', '100.00', 'RUB'], 'unjoined'),
      '6E048D6E017EF05780252988C79E0B9C',
    );
  });

  it('reproduces the notification value', () => {
    const n = {
      merchant_id: '123456',
      ordernumber: 'ORD-1',
      amount: '100.00',
      currency: 'RUB',
      orderstate: 'Approved',
    } as const;
    assert.equal(notificationCheckvalue(n, 'secret'), '6D844811FDEA2753EFC084C1B44960E5');
  });

  it('compares case-insensitively and refuses other lengths', () => {
    assert.ok(checkvaluesMatch('6d844811fdea2753efc084c1b44960e5', '6D844811FDEA2753EFC084C1B44960E5'));
    assert.ok(!checkvaluesMatch('6D844811FDEA2753EFC084C1B44960E', '6D844811FDEA2753EFC084C1B44960E5'));
    assert.ok(!checkvaluesMatch('7D844811FDEA2753EFC084C1B44960E5', '6D844811FDEA2753EFC084C1B44960E5'));
  });
});

describe('Assist order.cfm form', () => {
  // The seed's example order (001): A20042011_28, 237.40 USD, two-stage.
  const seedOrder = {
    merchantId: '123456',
    orderNumber: 'A20042011_28',
    amount: 23740,
    currency: 'USD',
    twoStage: true,
    language: 'RU' as const,
    returnUrlOk: 'http://www.URL.by/yes',
    returnUrlNo: 'http://www.URL.by/no',
    email: 'test@test.by',
    comment: 'Order payment 28-A',
  };

  it('builds the seed example with Delay=1 and a joined checkvalue', () => {
    const fields = buildOrderForm(seedOrder, 'secret', 'joined');
    assert.deepEqual(fields, {
      Merchant_ID: '123456',
      OrderNumber: 'A20042011_28',
      OrderAmount: '237.40',
      OrderCurrency: 'USD',
      Delay: '1',
      Language: 'RU',
      URL_RETURN_OK: 'http://www.URL.by/yes',
      URL_RETURN_NO: 'http://www.URL.by/no',
      CardPayment: '1',
      Email: 'test@test.by',
      OrderComment: 'Order payment 28-A',
      Checkvalue: checkvalue('secret', ['123456', 'A20042011_28', '237.40', 'USD'], 'joined'),
    });
  });

  it('signs with the unjoined variant when configured, and omits absent payer data', () => {
    const { email: _email, comment: _comment, ...bare } = seedOrder;
    const fields = buildOrderForm({ ...bare, twoStage: false }, 'secret', 'unjoined');
    assert.equal(fields.Delay, '0');
    assert.equal(
      fields.Checkvalue,
      checkvalue('secret', ['123456', 'A20042011_28', '237.40', 'USD'], 'unjoined'),
    );
    for (const absent of ['Email', 'Firstname', 'Lastname', 'OrderComment']) assert.ok(!(absent in fields));
  });

  it('refuses an order number longer than Assist allows', () => {
    assert.throws(() => buildOrderForm({ ...seedOrder, orderNumber: 'x'.repeat(129) }, 'secret', 'joined'));
  });
});

describe('Assist amounts (two decimals, major units)', () => {
  it('rescales between minor units and Assist text exactly', () => {
    assert.equal(toAssistAmount(23740, 'USD'), '237.40');
    assert.equal(toAssistAmount(5, 'USD'), '0.05');
    assert.equal(toAssistAmount(500, 'JPY'), '500.00');
    assert.equal(toAssistAmount(1230, 'KWD'), '1.23');
    assert.equal(fromAssistAmount('237.40', 'USD', 'amount'), 23740);
    assert.equal(fromAssistAmount('500.00', 'JPY', 'amount'), 500);
    assert.equal(fromAssistAmount('1.23', 'KWD', 'amount'), 1230);
  });

  it('refuses what two decimals cannot carry, and inexact request amounts', () => {
    assert.throws(() => toAssistAmount(1234, 'KWD'), MoneyError);
    assert.throws(() => fromAssistAmount('500.50', 'JPY', 'amount'), MoneyError);
    assert.throws(() => fromAssistAmount('237.4', 'USD', 'amount', true), MoneyError);
    assert.equal(fromAssistAmount('237.4', 'USD', 'amount'), 23740);
  });
});

describe('Assist order state mapping', () => {
  const billnumber = '5111111000965142';
  const m = (authorized: number, captured: number, refunded: number): MoneyMovements => ({
    authorized,
    captured,
    refunded,
  });
  const cases: { state: OrderState; movements: MoneyMovements; expected: ProviderStatus }[] = [
    {
      state: 'In Process',
      movements: m(0, 0, 0),
      expected: { state: 'pending', providerReference: billnumber },
    },
    {
      state: 'Delayed',
      movements: m(100, 0, 0),
      expected: {
        state: 'authorized',
        providerReference: billnumber,
        authorizedAmount: 100,
        capturedAmount: 0,
        refundedAmount: 0,
      },
    },
    {
      state: 'Approved',
      movements: m(100, 100, 0),
      expected: {
        state: 'captured',
        providerReference: billnumber,
        authorizedAmount: 100,
        capturedAmount: 100,
        refundedAmount: 0,
      },
    },
    {
      state: 'PartialApproved',
      movements: m(100, 60, 0),
      expected: {
        state: 'captured',
        providerReference: billnumber,
        authorizedAmount: 100,
        capturedAmount: 60,
        refundedAmount: 0,
      },
    },
    {
      state: 'PartialDelayed',
      movements: m(100, 60, 0),
      expected: {
        state: 'captured',
        providerReference: billnumber,
        authorizedAmount: 100,
        capturedAmount: 60,
        refundedAmount: 0,
      },
    },
    {
      state: 'Canceled',
      movements: m(100, 0, 0),
      expected: {
        state: 'voided',
        providerReference: billnumber,
        authorizedAmount: 100,
        capturedAmount: 0,
        refundedAmount: 0,
      },
    },
    {
      state: 'Canceled',
      movements: m(100, 100, 100),
      expected: {
        state: 'refunded',
        providerReference: billnumber,
        authorizedAmount: 100,
        capturedAmount: 100,
        refundedAmount: 100,
      },
    },
    {
      state: 'PartialCanceled',
      movements: m(100, 100, 30),
      expected: {
        state: 'refunded',
        providerReference: billnumber,
        authorizedAmount: 100,
        capturedAmount: 100,
        refundedAmount: 30,
      },
    },
    {
      state: 'PartialCanceled',
      movements: m(100, 0, 0),
      expected: {
        state: 'authorized',
        providerReference: billnumber,
        authorizedAmount: 100,
        capturedAmount: 0,
        refundedAmount: 0,
      },
    },
    {
      state: 'Declined',
      movements: m(0, 0, 0),
      expected: {
        state: 'declined',
        providerReference: billnumber,
        declineCode: 'AS100',
        declineReason: 'authorization declined by the issuer or processing (AS100)',
      },
    },
    {
      state: 'Timeout',
      movements: m(0, 0, 0),
      expected: { state: 'expired', providerReference: billnumber },
    },
  ];

  for (const c of cases) {
    it(`maps ${c.state} (captured ${c.movements.captured}, refunded ${c.movements.refunded}) to ${c.expected.state}`, () => {
      const responsecode = c.state === 'Declined' ? 'AS100' : undefined;
      assert.deepEqual(
        toProviderStatus({ state: c.state, billnumber, movements: c.movements, responsecode }),
        c.expected,
      );
    });
  }

  it('covers every OrderState', () => {
    assert.deepEqual(new Set(cases.map((c) => c.state)), new Set(ORDER_STATES));
  });

  it('tells a void from a refund by the operations before the cancel', () => {
    const op = (type: string, amount: number, state = OPERATION_SUCCEEDED) => ({ type, state, amount });
    assert.deepEqual(
      movementsFromOperations([op(OPERATION_TYPES.authorization, 1000), op(OPERATION_TYPES.cancel, 1000)]),
      m(1000, 0, 0),
    );
    assert.deepEqual(
      movementsFromOperations([
        op(OPERATION_TYPES.authorization, 1000),
        op(OPERATION_TYPES.charge, 400),
        op(OPERATION_TYPES.cancel, 100),
        op(OPERATION_TYPES.cancel, 50, 'Failure'),
        op(OPERATION_TYPES.cancel, 300),
      ]),
      m(1000, 400, 400),
    );
    assert.deepEqual(
      movementsFromOperations([op(OPERATION_TYPES.sale, 700), op(OPERATION_TYPES.cancel, 200)]),
      m(700, 700, 200),
    );
  });
});

describe('Assist result notification', () => {
  const signed = (overrides: Partial<ResultNotification> = {}): ResultNotification => {
    const base = {
      merchant_id: '123456',
      ordernumber: 'ORD-1',
      billnumber: '5111111000965142',
      amount: '100.00',
      currency: 'RUB',
      orderstate: 'Approved' as const,
      packetdate: '2024-01-31 12:00:00',
    };
    return { ...base, checkvalue: notificationCheckvalue(base, 'secret'), ...overrides };
  };

  it('verifies a correctly signed notification, in either letter case', () => {
    const n = signed();
    assert.equal(n.checkvalue, '6D844811FDEA2753EFC084C1B44960E5');
    assert.ok(verifyNotification(n, 'secret'));
    assert.ok(verifyNotification({ ...n, checkvalue: n.checkvalue.toLowerCase() }, 'secret'));
  });

  it('rejects any change to a signed field, and the wrong secret', () => {
    const n = signed();
    assert.ok(!verifyNotification(n, 'other-secret'));
    const tampered: Partial<ResultNotification>[] = [
      { merchant_id: '654321' },
      { ordernumber: 'ORD-2' },
      { amount: '1000.00' },
      { currency: 'USD' },
      { orderstate: 'Delayed' },
    ];
    for (const change of tampered)
      assert.ok(!verifyNotification({ ...n, ...change }, 'secret'), JSON.stringify(change));
  });

  it('validates the wire fields', () => {
    assert.ok(resultNotificationSchema.safeParse(signed()).success);
    assert.ok(!resultNotificationSchema.safeParse({ ...signed(), orderstate: 'Paid' }).success);
    assert.ok(!resultNotificationSchema.safeParse({ ...signed(), billnumber: '12' }).success);
  });

  it('builds the pushpaymentresult replies', () => {
    const success = buildPushPaymentSuccess('5111111000965142', '2024-01-31 12:00:00');
    assert.match(
      success,
      /<pushpaymentresult firstcode="0" secondcode="0"><order><billnumber>5111111000965142<\/billnumber>/,
    );
    assert.deepEqual(parsePushPaymentResult(success), {
      firstcode: '0',
      secondcode: '0',
      order: { billnumber: '5111111000965142', packetdate: '2024-01-31 12:00:00' },
    });
    assert.deepEqual(parsePushPaymentResult(buildPushPaymentFailure('9', '7')), {
      firstcode: '9',
      secondcode: '7',
    });
  });
});

describe('Assist XML answers', () => {
  it('round-trips a result document with operations', () => {
    const result = {
      firstcode: '0',
      secondcode: '0',
      orders: [
        {
          ordernumber: 'A&B <1>',
          billnumber: '5111111000965142',
          orderamount: '237.40',
          ordercurrency: 'USD',
          orderstate: 'Delayed' as const,
          operation: [
            {
              billnumber: '5111111000965142.1',
              operationtype: OPERATION_TYPES.authorization,
              operationstate: OPERATION_SUCCEEDED,
              amount: '237.40',
              currency: 'USD',
              responsecode: 'AS000',
            },
          ],
        },
      ],
    };
    assert.deepEqual(parseResultXml(buildResultXml(result)), result);
  });

  it('refuses DOCTYPE (entity expansion) and malformed documents', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><result firstcode="0" secondcode="0"/>';
    assert.throws(() => parseResultXml(bomb), /DOCTYPE/);
    assert.throws(() => parseResultXml('<result firstcode="0"><order></result>'));
  });
});

describe('Assist codes and ids', () => {
  it('classifies response codes by range', () => {
    assert.equal(describeResponseCode('AS000').kind, 'success');
    assert.equal(describeResponseCode('AS105').kind, 'decline');
    assert.equal(describeResponseCode('AS300').kind, 'refusal');
  });

  it('classifies request-level codes: technical is transient, validation final', () => {
    assert.equal(classifyRequestError('9', '1').kind, 'transient');
    assert.equal(classifyRequestError('2', '1').kind, 'final');
    assert.equal(classifyRequestError('1', '1').kind, 'final');
    assert.equal(classifyRequestError('42', '0').code, 'assist_42_0');
  });

  it('derives a stable, valid Externalrefundid from any idempotency key', () => {
    assert.equal(toExternalRefundId('payment-A20042011_28-refund-1'), 'payment-A20042011_28-refund-1');
    const derived = toExternalRefundId('payment-A2004/28:refund#1');
    assert.match(derived, /^[A-Za-z0-9_-]{10,100}$/);
    assert.equal(toExternalRefundId('payment-A2004/28:refund#1'), derived);
    assert.notEqual(toExternalRefundId('payment-A2004/28:refund#2'), derived);
    assert.notEqual(toExternalRefundId('a:b'), toExternalRefundId('a/b'));
    assert.match(toExternalRefundId('x'.repeat(300)), /^[A-Za-z0-9_-]{10,100}$/);
  });
});
