/**
 * mobilPay's wire formats, pure: the card request XML, the facts' decrypted IPN sample, the <crc> answers, the
 * action → status table, amounts, dates, the merchant token and both SOAP code tables.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProviderError } from '../../../domain/errors';
import { fromMobilpayAmount, toMobilpayAmount } from '../../../providers/mobilpay/amounts';
import { IpnAmountError, statusFromIpn } from '../../../providers/mobilpay/ipn-states';
import { merchantToken, verifyMerchantToken } from '../../../providers/mobilpay/merchant-token';
import {
  buildCrcError,
  buildCrcSuccess,
  buildPaymentRequestXml,
  parseCrcAnswer,
  parseIpnXml,
  parsePaymentRequestXml,
} from '../../../providers/mobilpay/protocol';
import type { MobilpayNotification, PaymentRequestInput } from '../../../providers/mobilpay/protocol';
import { signatureOf, toProviderReference } from '../../../providers/mobilpay/provider-reference';
import {
  expectPaymentOk,
  expectRecurrenceOk,
  parseAnswerCode,
  RECURRENCE_ERRORS,
} from '../../../providers/mobilpay/soap-codes';
import { orderTimestamp, parseRecurrenceDate, recurrenceDate } from '../../../providers/mobilpay/wall-clock';

/**
 * facts §2.4: bytic/omnipay-mobilpay's serverCompletePurchase.xml (sandbox, 2021), personal data replaced with
 * placeholders as the facts give it; the shipping copy of the billing block is left out.
 */
const FACTS_IPN = `<?xml version="1.0" encoding="utf-8"?>
<order type="card" id="1619511426" timestamp="20210427111706"><signature>WDAR-YAEY-93H4-9F3X-514R</signature><service/>
<invoice currency="RON" amount="25.00" installments="2,3"><contact_info><billing type="person"><first_name><![CDATA[First]]></first_name><last_name><![CDATA[Last]]></last_name><address><![CDATA[+]]></address></billing></contact_info></invoice>
<url><return>http://localhost/card-redirect.php</return><confirm>https://hookb.in/confirm</confirm></url>
<mobilpay timestamp="20210427112031" crc="47b6a77de9854bba047b5d2889f9d13b"><action>confirmed</action>
<customer type="person"><first_name><![CDATA[First]]></first_name><last_name><![CDATA[Last]]></last_name><address><![CDATA[Street+1%2C+Bucharest]]></address><email><![CDATA[user%40example.com]]></email><mobile_phone><![CDATA[%2B40700000000]]></mobile_phone></customer>
<purchase>1219841</purchase><original_amount>25.00</original_amount><processed_amount>25.00</processed_amount><current_payment_count>1</current_payment_count><pan_masked>9****5098</pan_masked><rrn>9991619</rrn><payment_instrument_id>41678</payment_instrument_id>
<token_id>MTI2NzgxOvU9tf//XCNC0taaYWK6W0Cj1a+5DhmSx6yIr+DImuz33wtQ+5q8d33qPngNshlSU6qAaZq4/9zbUM3uAPijRuA=</token_id><token_expiration_date>2022-01-01 00:00:00</token_expiration_date>
<error code="0"><![CDATA[Transaction approved]]></error></mobilpay></order>`;

const REQUEST: PaymentRequestInput = {
  orderId: 'ORD-123',
  timestamp: '20240425020304',
  signature: 'WDAR-YAEY-93H4-9F3X-514R',
  amount: '1.00',
  currency: 'RON',
  details: 'Plata online cu cardul',
  billing: { firstName: 'T', lastName: 'T', email: 't@example.com' },
  recurrence: { paymentsNo: 10, intervalDays: 30 },
  ipnCipher: 'aes-256-cbc',
  params: { orchestrator_token: 'a'.repeat(64) },
  returnUrl: 'https://shop.example/return',
  confirmUrl: 'https://shop.example/confirm?account=preauth',
};

function notification(overrides: Partial<MobilpayNotification> = {}): MobilpayNotification {
  return {
    '@_crc': 'c',
    action: 'confirmed',
    purchase: '1',
    original_amount: '25.00',
    processed_amount: '25.00',
    error: { '@_code': '0' },
    ...overrides,
  };
}

describe('mobilPay card request XML', () => {
  it('has the PHP SDK shape, with <recurrence> right after <invoice>', () => {
    const xml = buildPaymentRequestXml(REQUEST);
    assert.match(
      xml,
      /^<\?xml version="1.0" encoding="UTF-8"\?><order type="card" id="ORD-123" timestamp="20240425020304">/,
    );
    assert.match(
      xml,
      /<signature>WDAR-YAEY-93H4-9F3X-514R<\/signature><invoice currency="RON" amount="1.00">/,
    );
    assert.match(
      xml,
      /<contact_info><billing type="person"><first_name>T<\/first_name><last_name>T<\/last_name><email>t@example.com<\/email><\/billing><\/contact_info>/,
    );
    assert.match(
      xml,
      /<\/invoice><recurrence payments_no="10" interval_day="30"><\/recurrence><ipn_cipher>aes-256-cbc<\/ipn_cipher>/,
    );
    assert.match(
      xml,
      /<params><param><name>orchestrator_token<\/name><value>a{64}<\/value><\/param><\/params>/,
    );
    assert.match(
      xml,
      /<url><return>https:\/\/shop.example\/return<\/return><confirm>https:\/\/shop.example\/confirm\?account=preauth<\/confirm><\/url><\/order>$/,
    );
  });

  it('round-trips through the sandbox parser; no billing block without contact data', () => {
    const { order } = parsePaymentRequestXml(
      buildPaymentRequestXml({ ...REQUEST, billing: {}, recurrence: undefined }),
    );
    assert.equal(order['@_id'], 'ORD-123');
    assert.equal(order.invoice['@_amount'], '1.00');
    assert.equal(order.recurrence, undefined);
    assert.equal(order.url.confirm, REQUEST.confirmUrl);
    assert.doesNotMatch(buildPaymentRequestXml({ ...REQUEST, billing: {} }), /contact_info/);
  });

  it('escapes what it writes', () => {
    const xml = buildPaymentRequestXml({ ...REQUEST, details: '<b>&"x"' });
    assert.equal(parsePaymentRequestXml(xml).order.invoice.details, '<b>&"x"');
  });

  it('the sandbox refuses amounts without two decimals and orders without a confirm URL', () => {
    assert.throws(() => parsePaymentRequestXml(buildPaymentRequestXml({ ...REQUEST, amount: '1.5' })));
    assert.throws(() => parsePaymentRequestXml(buildPaymentRequestXml({ ...REQUEST, confirmUrl: '' })));
    assert.throws(() => parsePaymentRequestXml('<!DOCTYPE x [<!ENTITY a "b">]><order/>'));
  });
});

describe('mobilPay IPN XML (facts §2.4 sample)', () => {
  it('parses as the bytic test expects', () => {
    const { order, notification: n } = parseIpnXml(FACTS_IPN);
    assert.equal(order['@_id'], '1619511426');
    assert.equal(order.signature, 'WDAR-YAEY-93H4-9F3X-514R');
    assert.equal(order.invoice['@_currency'], 'RON');
    assert.equal(n.purchase, '1219841');
    assert.equal(n.action, 'confirmed');
    assert.equal(n.error['@_code'], '0');
    assert.equal(n.error['#text'], 'Transaction approved');
    assert.equal(n['@_timestamp'], '20210427112031');
    assert.equal(n.original_amount, '25.00');
    assert.equal(n.processed_amount, '25.00');
    assert.equal(n.current_payment_count, '1');
    assert.equal(n['@_crc'], '47b6a77de9854bba047b5d2889f9d13b');
    assert.equal('customer' in n, false, 'personal data is dropped unread');
  });

  it('maps to a capture of 25.00 RON and is answered with the exact expected body', () => {
    const { notification: n } = parseIpnXml(FACTS_IPN);
    const status = statusFromIpn(
      'confirmed',
      n,
      'RON',
      toProviderReference('WDAR-YAEY-93H4-9F3X-514R', n.purchase),
    );
    assert.deepEqual(status, {
      providerReference: 'WDAR-YAEY-93H4-9F3X-514R/1219841',
      currency: 'RON',
      state: 'captured',
      authorizedAmount: 2_500,
      capturedAmount: 2_500,
    });
    assert.equal(
      buildCrcSuccess(n['@_crc']),
      '<?xml version="1.0" encoding="utf-8"?>\n<crc>47b6a77de9854bba047b5d2889f9d13b</crc>',
    );
  });

  it('refuses an IPN without crc (the PHP parser throws too)', () => {
    assert.throws(() => parseIpnXml(FACTS_IPN.replace(' crc="47b6a77de9854bba047b5d2889f9d13b"', '')));
  });
});

describe('mobilPay action → status table', () => {
  const map = (action: Parameters<typeof statusFromIpn>[0], overrides: Partial<MobilpayNotification> = {}) =>
    statusFromIpn(action, notification({ action, ...overrides }), 'RON', 'S/1');

  it('applies a state only when the error code is 0', () => {
    for (const action of ['confirmed', 'paid', 'canceled', 'credit', 'paid_pending'] as const) {
      const s = map(action, { error: { '@_code': '20', '#text': 'free text is not passed on' } });
      assert.deepEqual(s, {
        providerReference: 'S/1',
        currency: 'RON',
        state: 'declined',
        declineCode: '20',
        declineReason: 'insufficient funds',
      });
    }
  });

  it('confirmed → captured (a partial capture keeps the authorized amount)', () => {
    const s = map('confirmed', { processed_amount: '15.00' });
    assert.deepEqual([s.state, s.authorizedAmount, s.capturedAmount], ['captured', 2_500, 1_500]);
  });

  it('paid → authorized; the pending ones → pending', () => {
    assert.deepEqual([map('paid').state, map('paid').authorizedAmount], ['authorized', 2_500]);
    assert.equal(map('paid_pending').state, 'pending');
    assert.equal(map('confirmed_pending').state, 'pending');
  });

  it('canceled → voided when a hold was released, expired when nothing was ever held', () => {
    const voided = map('canceled');
    assert.deepEqual([voided.state, voided.authorizedAmount, voided.capturedAmount], ['voided', 2_500, 0]);
    assert.equal(map('canceled', { processed_amount: '0.00' }).state, 'expired');
  });

  it('credit → refunded with what this one IPN proves', () => {
    const s = map('credit', { processed_amount: '5.00' });
    assert.deepEqual(
      [s.state, s.capturedAmount, s.refundedAmount, s.authorizedAmount],
      ['refunded', 500, 500, undefined],
    );
  });

  it('refuses unusable amounts', () => {
    assert.throws(() => map('confirmed', { processed_amount: '30.00' }), IpnAmountError);
    assert.throws(() => map('confirmed', { processed_amount: undefined }), IpnAmountError);
    assert.throws(() => statusFromIpn('paid', notification(), 'JPY', 'S/1'), IpnAmountError);
  });
});

describe('mobilPay <crc> answers', () => {
  it('builds errors as the PHP sample does (decimal code, escaped message)', () => {
    assert.equal(
      buildCrcError(1, 0x300000f3, 'a <b> & "c"'),
      '<?xml version="1.0" encoding="utf-8"?>\n<crc error_type="1" error_code="805306611">a &#60;b&#62; &#38; &#34;c&#34;</crc>',
    );
  });

  it('reads answers as mobilPay would', () => {
    assert.deepEqual(parseCrcAnswer(buildCrcSuccess('x')), { ok: true });
    assert.deepEqual(
      parseCrcAnswer('<crc>success</crc>'),
      { ok: true },
      'any text is a success (facts §2.4)',
    );
    assert.deepEqual(parseCrcAnswer(buildCrcError(2, 7, 'no')), { ok: false, errorType: 2, errorCode: '7' });
    assert.deepEqual(parseCrcAnswer(buildCrcError(1, 7, 'later')), {
      ok: false,
      errorType: 1,
      errorCode: '7',
    });
    assert.throws(() => parseCrcAnswer('<html>oops</html>'));
  });
});

describe('mobilPay amounts, dates, references', () => {
  it('converts between minor units and two-decimal text without floats', () => {
    assert.equal(toMobilpayAmount(2_500, 'RON'), '25.00');
    assert.equal(toMobilpayAmount(1, 'EUR'), '0.01');
    assert.equal(fromMobilpayAmount('25', 'RON', 'a'), 2_500);
    assert.equal(fromMobilpayAmount('0.1', 'RON', 'a'), 10);
    assert.equal(fromMobilpayAmount('99999.99', 'USD', 'a'), 9_999_999);
    assert.throws(() => toMobilpayAmount(100, 'JPY'));
    assert.throws(() => fromMobilpayAmount('1.005', 'RON', 'a'));
  });

  it('writes timestamps and recurrence dates in Bucharest time, and reads them back (DST included)', () => {
    const summer = new Date('2024-07-01T09:08:07Z'); // UTC+3
    const winter = new Date('2024-01-01T09:08:07Z'); // UTC+2
    assert.equal(orderTimestamp(summer, 'Europe/Bucharest'), '20240701120807');
    assert.equal(recurrenceDate(winter, 'Europe/Bucharest'), '2024-01-01 11:08:07');
    for (const at of [summer, winter, new Date('2024-03-31T01:30:00Z'), new Date('2024-10-27T02:30:00Z')]) {
      assert.equal(
        parseRecurrenceDate(recurrenceDate(at, 'Europe/Bucharest'), 'Europe/Bucharest')?.toISOString(),
        at.toISOString(),
      );
    }
    assert.equal(parseRecurrenceDate('2024-02-30 10:00:00', 'UTC'), undefined);
    assert.equal(parseRecurrenceDate('2024-01-01 10:60:00', 'UTC'), undefined);
    assert.equal(parseRecurrenceDate('2024-01-01T10:00:00', 'UTC'), undefined);
  });

  it('provider references name the seller account', () => {
    assert.equal(
      signatureOf(toProviderReference('WDAR-YAEY-93H4-9F3X-514R', '1219841')),
      'WDAR-YAEY-93H4-9F3X-514R',
    );
    assert.equal(signatureOf('1219841'), undefined);
    assert.equal(signatureOf(undefined), undefined);
  });
});

describe('mobilPay merchant token', () => {
  const facts = { orderId: 'o-1', signature: 'WDAR-YAEY-93H4-9F3X-514R', amount: '25.00', currency: 'RON' };
  const secret = 's'.repeat(32);

  it('verifies with the current or the previous secret, and nothing else', () => {
    const token = merchantToken(secret, facts);
    assert.match(token, /^[0-9a-f]{64}$/);
    assert.equal(verifyMerchantToken(token, [secret], facts), true);
    assert.equal(verifyMerchantToken(token, ['n'.repeat(32), secret], facts), true);
    assert.equal(verifyMerchantToken(token, ['n'.repeat(32)], facts), false);
    assert.equal(verifyMerchantToken(token, [secret], { ...facts, amount: '25.01' }), false);
    assert.equal(verifyMerchantToken(token, [secret], { ...facts, orderId: 'o-2' }), false);
    assert.equal(verifyMerchantToken(undefined, [secret], facts), false);
    assert.equal(verifyMerchantToken('zz', [secret], facts), false);
  });
});

describe('mobilPay SOAP codes', () => {
  const errorOf = (fn: () => void): ProviderError => {
    try {
      fn();
    } catch (error) {
      if (error instanceof ProviderError) return error;
      throw error;
    }
    throw new Error('expected a ProviderError');
  };

  it('reads codes in decimal and hex', () => {
    assert.equal(parseAnswerCode('20480'), 0x5000);
    assert.equal(parseAnswerCode('0x5000'), 0x5000);
    assert.equal(parseAnswerCode(' 0 '), 0);
    assert.equal(parseAnswerCode('OK'), undefined);
  });

  it('maps every seed 004 recurrence code to one clear error; 0x5000 is OK', () => {
    expectRecurrenceOk('moveRecurrence', 0x5000);
    const expected: Array<[number, ProviderError['kind'], string]> = [
      [0x1000, 'final', 'invalid_user'],
      [0x1001, 'final', 'restricted_usage'],
      [0x2000, 'final', 'invalid_request'],
      [0x3000, 'final', 'invalid_action'],
      [0x4001, 'transient', 'database_error'],
      [0x4002, 'final', 'invalid_data'],
      [0x4004, 'final', 'purchase_not_found'],
      [0x4005, 'final', 'invalid_seller_account'],
    ];
    assert.equal(RECURRENCE_ERRORS.size, expected.length);
    for (const [code, kind, name] of expected) {
      const error = errorOf(() => expectRecurrenceOk('cancelRecurrence', code));
      assert.deepEqual([error.kind, error.code], [kind, name], `code 0x${code.toString(16)}`);
      assert.match(error.message, /^mobilPay cancelRecurrence: /);
    }
    const unknown = errorOf(() => expectRecurrenceOk('cancelRecurrence', 0x7777));
    assert.deepEqual([unknown.kind, unknown.code], ['final', 'mobilpay_0x7777']);
  });

  it('payment calls: 0 is OK; state and amount refusals are "may already be done"', () => {
    expectPaymentOk('credit', '0');
    const cases: Array<[Parameters<typeof expectPaymentOk>[0], string, ProviderError['kind']]> = [
      ['capture', '52', 'unknown'],
      ['cancel', '51', 'unknown'],
      ['credit', '53', 'final'],
      ['credit', '54', 'unknown'],
      ['capture', '55', 'unknown'],
      ['credit', '56', 'unknown'],
      ['capture', '99', 'transient'],
      ['cancel', '99', 'transient'],
      ['credit', '99', 'unknown'],
      ['capture', '48', 'final'],
      ['credit', String(0x4004), 'final'],
      ['credit', 'garbage', 'final'],
    ];
    for (const [call, code, kind] of cases) {
      assert.equal(errorOf(() => expectPaymentOk(call, code)).kind, kind, `${call} ${code}`);
    }
  });
});
