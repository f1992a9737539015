/** GetPaymentModes' wire format, for the lead to serve beside GET /v1/payment-methods. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import {
  buildPaymentModeListAnswer,
  OPENTAO_CUSTOM_MODE_ID,
  opentradeProvider,
  parsePaymentModeListAnswer,
  paymentModesFor,
} from '../../../providers/opentrade';

describe('GetPaymentModes', () => {
  const configured = [
    { name: 'assist', displayName: 'IPS Assist' },
    { name: 'opentrade', displayName: 'OpenTrade Commerce custom payment system' },
  ];

  it('lists every configured provider, the custom payment system as opentao.custom', () => {
    assert.deepEqual(paymentModesFor(configured, opentradeProvider.name), [
      { id: 'assist', name: 'IPS Assist' },
      { id: OPENTAO_CUSTOM_MODE_ID, name: 'OpenTrade Commerce custom payment system' },
    ]);
  });

  it('writes a PaymentModeListAnswer that reads back', () => {
    const modes = [
      ...paymentModesFor(configured, opentradeProvider.name),
      { id: 'x', name: 'X & Y', description: 'd', sortCode: 'cards', sortText: 'Cards' },
    ];
    const xml = buildPaymentModeListAnswer(modes);
    assert.ok(xml.includes('<ErrorCode>Ok</ErrorCode><Result><PaymentMode><Id>assist</Id>'));
    assert.ok(xml.includes('<PaymSortCode>cards</PaymSortCode>'));
    assert.deepEqual(parsePaymentModeListAnswer(xml), modes);
    assert.deepEqual(parsePaymentModeListAnswer(buildPaymentModeListAnswer([])), []);
  });

  it('refuses an answer that is not Ok', () => {
    assert.throws(
      () =>
        parsePaymentModeListAnswer(
          '<PaymentModeListAnswer><ErrorCode>SessionExpired</ErrorCode><Result/></PaymentModeListAnswer>',
        ),
      z.ZodError,
    );
  });
});
