/**
 * OpenTrade wire formats: the seed's PaymentFormAnswer samples (both revisions), the redirect they become, the
 * checks against our request, the PaymentRequest we send, amounts and ErrorCodes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { MoneyError } from '../../../domain/money';
import {
  buildPaymentFormAnswer,
  buildPaymentRequestXml,
  errorCodeFailure,
  formMismatches,
  fromNumericCurrency,
  fromProtocolAmount,
  parsePaymentFormAnswer,
  parsePaymentRequestXml,
  toNumericCurrency,
  toProtocolAmount,
  toRedirect,
} from '../../../providers/opentrade/protocol';
import type { PaymentForm } from '../../../providers/opentrade/protocol';
import { XmlInputError } from '../../../providers/opentrade/xml';

/** Seed 000, English page: the PaymentFormAnswer response sample, verbatim. */
const SEED_SAMPLE_EN = `<?xml version="1.0" encoding="utf-8"?>
<PaymentFormAnswer>
  <ErrorCode>Ok</ErrorCode>
  <Result>
    <RequestMethod>POST</RequestMethod>
    <RequestUrl>http://example.com/test.php</RequestUrl>
    <Parameters>
      <Parameter>
        <Name>paymentId</Name>
        <Value>222</Value>
      </Parameter>
      <Parameter>
        <Name>userId</Name>
        <Value>0000000001</Value>
      </Parameter>
      <Parameter>
        <Name>amount</Name>
        <Value>500.15</Value>
      </Parameter>
      <Parameter>
        <Name>currency</Name>
        <Value>643</Value>
      </Parameter>
      <Parameter>
        <Name>description</Name>
        <Value>Top up the account USR-0000000001 (user 0000000001, payment 222)</Value>
      </Parameter>
    </Parameters>
  </Result>
</PaymentFormAnswer>`;

/** The Russian revisions: comma decimal, notify.js, and (one revision) ErrorCode repeated after Result. */
const SEED_SAMPLE_RU = SEED_SAMPLE_EN.replace('500.15', '500,15')
  .replace('http://example.com/test.php', 'http://example.com/notify.js')
  .replace('</Result>', '</Result>\n  <ErrorCode>Ok</ErrorCode>');

const expectedForSample = {
  orderId: 'A-1',
  amount: 50_015,
  currencyNumeric: '643',
  successUrl: 'https://merchant.test/ok',
  failUrl: 'https://merchant.test/fail',
  resultUrl: 'https://gateway.test/webhooks/opentrade',
};
const readRub = (text: string) => fromProtocolAmount(text, 'RUB', 'Amount');

describe('PaymentFormAnswer', () => {
  it('parses the seed sample and turns it into a form POST redirect', () => {
    const answer = parsePaymentFormAnswer(SEED_SAMPLE_EN);
    assert.ok('form' in answer);
    assert.equal(answer.form.method, 'POST');
    assert.equal(answer.form.url, 'http://example.com/test.php');
    assert.deepEqual(toRedirect(answer.form), {
      method: 'POST',
      url: 'http://example.com/test.php',
      fields: {
        paymentId: '222',
        userId: '0000000001',
        amount: '500.15',
        currency: '643',
        description: 'Top up the account USR-0000000001 (user 0000000001, payment 222)',
      },
    });
    // The sample's lowerCamel names satisfy the checks written with the EN list's names (orderID, PaymentID).
    assert.deepEqual(formMismatches(answer.form, expectedForSample, readRub), []);
  });

  it('reads the Russian revision: comma decimal and the repeated ErrorCode', () => {
    const answer = parsePaymentFormAnswer(SEED_SAMPLE_RU);
    assert.ok('form' in answer);
    assert.equal(answer.form.url, 'http://example.com/notify.js');
    assert.deepEqual(formMismatches(answer.form, expectedForSample, readRub), []);
  });

  it('refuses a repeated ErrorCode with different values', () => {
    const xml = SEED_SAMPLE_EN.replace('</Result>', '</Result><ErrorCode>InternalError</ErrorCode>');
    assert.throws(() => parsePaymentFormAnswer(xml), z.ZodError);
  });

  it('returns other ErrorCodes with their description, and needs Result only for Ok', () => {
    const refused = parsePaymentFormAnswer(
      '<PaymentFormAnswer><ErrorCode>InvalidParameters</ErrorCode><ErrorDescription>bad</ErrorDescription></PaymentFormAnswer>',
    );
    assert.deepEqual(refused, { errorCode: 'InvalidParameters', errorDescription: 'bad' });
    assert.throws(
      () => parsePaymentFormAnswer('<PaymentFormAnswer><ErrorCode>Ok</ErrorCode></PaymentFormAnswer>'),
      (err: unknown) => err instanceof z.ZodError && /Result is missing/.test(err.message),
    );
  });

  it('defaults an empty RequestMethod to POST and reads the method case-insensitively', () => {
    const withMethod = (m: string) =>
      parsePaymentFormAnswer(SEED_SAMPLE_EN.replace('<RequestMethod>POST</RequestMethod>', m));
    const empty = withMethod('<RequestMethod></RequestMethod>');
    const missing = withMethod('');
    const lower = withMethod('<RequestMethod>get</RequestMethod>');
    assert.ok('form' in empty && 'form' in missing && 'form' in lower);
    assert.equal(empty.form.method, 'POST');
    assert.equal(missing.form.method, 'POST');
    assert.equal(lower.form.method, 'GET');
    assert.throws(() => withMethod('<RequestMethod>PUT</RequestMethod>'), z.ZodError);
  });

  it('turns a GET form into a URL with the parameters in its query and no fields', () => {
    const form: PaymentForm = {
      method: 'GET',
      url: 'https://ps.test/pay?lang=ru',
      parameters: [
        { name: 'PaymentID', value: '222' },
        { name: 'Description', value: 'a b&c' },
      ],
    };
    assert.deepEqual(toRedirect(form), {
      method: 'GET',
      url: 'https://ps.test/pay?lang=ru&PaymentID=222&Description=a+b%26c',
      fields: {},
    });
  });

  it('accepts no parameters, and refuses names that differ only in case', () => {
    const none = parsePaymentFormAnswer(
      SEED_SAMPLE_EN.replace(/<Parameters>[\s\S]*<\/Parameters>/, '<Parameters/>'),
    );
    assert.ok('form' in none);
    assert.deepEqual(none.form.parameters, []);
    const twice = SEED_SAMPLE_EN.replace('<Name>userId</Name>', '<Name>PaymentID</Name>');
    assert.throws(() => parsePaymentFormAnswer(twice), /PaymentID appears twice/);
  });

  it('refuses a RequestUrl that is not http(s), DOCTYPEs and other documents', () => {
    assert.throws(
      () =>
        parsePaymentFormAnswer(SEED_SAMPLE_EN.replace('http://example.com/test.php', 'javascript:alert(1)')),
      z.ZodError,
    );
    assert.throws(
      () => parsePaymentFormAnswer('<!DOCTYPE x [<!ENTITY a "b">]><PaymentFormAnswer/>'),
      XmlInputError,
    );
    assert.throws(() => parsePaymentFormAnswer('<html><body>502 Bad Gateway</body></html>'), z.ZodError);
  });

  it('names every contradiction with the request, never the values', () => {
    const form: PaymentForm = {
      method: 'POST',
      url: 'https://ps.test/pay',
      parameters: [
        { name: 'orderID', value: 'B-2' },
        { name: 'Amount', value: '500.16' },
        { name: 'Currency', value: '840' },
        { name: 'resultUrl', value: 'https://attacker.test/' },
        { name: 'failUrl', value: expectedForSample.failUrl },
      ],
    };
    assert.deepEqual(formMismatches(form, expectedForSample, readRub), [
      'PaymentID is missing',
      'Amount differs from the request',
      'Currency differs from the request',
      'orderID differs from the request',
      'resultUrl differs from the request',
    ]);
    const unreadable = {
      ...form,
      parameters: [
        { name: 'PaymentID', value: '1' },
        { name: 'Amount', value: '5.001' },
      ],
    };
    const read = (text: string) => {
      try {
        return readRub(text);
      } catch {
        return undefined;
      }
    };
    assert.deepEqual(formMismatches(unreadable, expectedForSample, read), [
      'Amount differs from the request',
      'Currency is missing',
    ]);
  });

  it('builds answers the parser reads back (the sandbox side)', () => {
    const form: PaymentForm = {
      method: 'POST',
      url: 'http://127.0.0.1:9/pay',
      parameters: [
        { name: 'PaymentID', value: '222' },
        { name: 'Description', value: '<Tea & "Coffee">' },
        { name: 'Empty', value: '' },
      ],
    };
    assert.deepEqual(parsePaymentFormAnswer(buildPaymentFormAnswer({ errorCode: 'Ok', form })), {
      errorCode: 'Ok',
      form,
    });
    assert.deepEqual(
      parsePaymentFormAnswer(buildPaymentFormAnswer({ errorCode: 'AccessDenied', errorDescription: 'no' })),
      { errorCode: 'AccessDenied', errorDescription: 'no' },
    );
  });
});

describe('PaymentRequest (xmlParameters of GetPaymentParameters)', () => {
  const input = {
    orderId: 'order-42',
    amount: 50_015,
    currency: 'RUB',
    paymentSystemId: 'opentao.custom',
    successUrl: 'https://merchant.test/ok?a=1&b=2',
    failUrl: 'https://merchant.test/fail',
    resultUrl: 'https://gateway.test/webhooks/opentrade',
    description: 'Tea & biscuits',
  };

  it('carries the OpenTao client elements plus ResultUrl and Description, without a declaration', () => {
    const xml = buildPaymentRequestXml(input);
    assert.ok(xml.startsWith('<PaymentRequest><Amount>500.15</Amount><CurrencyCode>RUB</CurrencyCode>'));
    assert.ok(xml.includes('<IsPartialPayment>false</IsPartialPayment>'));
    assert.ok(xml.includes('<SuccessUrl>https://merchant.test/ok?a=1&amp;b=2</SuccessUrl>'));
    assert.deepEqual(parsePaymentRequestXml(xml), {
      Amount: '500.15',
      CurrencyCode: 'RUB',
      PaymentSystemId: 'opentao.custom',
      SuccessUrl: input.successUrl,
      FailUrl: input.failUrl,
      ResultUrl: input.resultUrl,
      IsPartialPayment: 'false',
      OrderId: 'order-42',
      Description: 'Tea & biscuits',
    });
  });

  it('cuts long descriptions and refuses amounts the currency cannot express', () => {
    const long = parsePaymentRequestXml(buildPaymentRequestXml({ ...input, description: 'x'.repeat(300) }));
    assert.equal(long.Description?.length, 255);
    assert.throws(() => buildPaymentRequestXml({ ...input, amount: 1.5 }), MoneyError);
    assert.throws(
      () => parsePaymentRequestXml(buildPaymentRequestXml(input).replace('RUB', 'rub')),
      z.ZodError,
    );
  });
});

describe('amounts and currencies', () => {
  it('writes major units with a dot and the numeric currency', () => {
    assert.equal(toProtocolAmount(50_015, 'RUB'), '500.15');
    assert.equal(toProtocolAmount(5, 'RUB'), '0.05');
    assert.equal(toProtocolAmount(500, 'JPY'), '500');
    assert.equal(toNumericCurrency('RUB'), '643');
    assert.equal(fromNumericCurrency('643'), 'RUB');
  });

  it('reads a dot or a comma exactly, and refuses what is not an amount of the currency', () => {
    assert.equal(fromProtocolAmount('500.15', 'RUB', 'Amount'), 50_015);
    assert.equal(fromProtocolAmount('500,15', 'RUB', 'Amount'), 50_015);
    assert.equal(fromProtocolAmount('500', 'RUB', 'Amount'), 50_000);
    assert.equal(fromProtocolAmount('0.1', 'RUB', 'Amount'), 10);
    assert.throws(() => fromProtocolAmount('1,000', 'RUB', 'Amount'), MoneyError);
    assert.throws(() => fromProtocolAmount('5.001', 'RUB', 'Amount'), MoneyError);
    assert.throws(() => fromProtocolAmount('-5', 'RUB', 'Amount'), MoneyError);
    assert.throws(() => fromNumericCurrency('999'), MoneyError);
  });
});

describe('ErrorCode classification', () => {
  const transient = new Set(['InternalError']);

  it('listed codes are transient, every other code is final, and descriptions stay out', () => {
    const retry = errorCodeFailure('GetPaymentParameters', 'InternalError', transient);
    assert.equal(retry.kind, 'transient');
    assert.equal(retry.code, 'InternalError');
    const refuse = errorCodeFailure('GetPaymentParameters', 'InvalidParameters', transient);
    assert.equal(refuse.kind, 'final');
    assert.match(refuse.message, /refused GetPaymentParameters with ErrorCode InvalidParameters/);
  });
});
