/** payctl's output: amounts with the currency's exponent, aligned tables, and JSON for scripts. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatAmount,
  formatInstant,
  renderChange,
  renderPayment,
  renderPaymentList,
} from '../../client/cli/format-payments';
import { renderOutcomeJson } from '../../client/cli/format-outcome';
import { renderFields, renderTable } from '../../client/cli/format-table';
import { paymentSummary, paymentView } from './fixtures';

describe('formatAmount', () => {
  it('uses the ISO 4217 exponent of the currency', () => {
    assert.equal(formatAmount(23_740, 'USD'), '237.40');
    assert.equal(formatAmount(5, 'USD'), '0.05');
    assert.equal(formatAmount(500, 'JPY'), '500');
    assert.equal(formatAmount(1_234, 'KWD'), '1.234');
    assert.equal(formatAmount(0, 'EUR'), '0.00');
  });

  it("prefers the payment's own exponent when it has one", () => {
    assert.equal(formatAmount(23_740, 'USD', 2), '237.40');
    assert.equal(formatAmount(23_740, 'XXX', 3), '23.740');
  });

  it('shows raw minor units, labelled, when the currency is unknown instead of guessing an exponent', () => {
    assert.equal(formatAmount(4_200, ''), '4200 (minor units)');
    assert.equal(formatAmount(4_200, 'XAU'), '4200 (minor units)');
  });
});

describe('formatInstant', () => {
  it('prints UTC to the second', () => {
    assert.equal(formatInstant('2024-05-01T10:00:00.123Z'), '2024-05-01 10:00:00');
    assert.equal(formatInstant('2024-05-01T12:00:00+02:00'), '2024-05-01 10:00:00');
    assert.equal(formatInstant(undefined), '-');
    assert.equal(formatInstant('garbage'), 'garbage');
  });
});

describe('renderTable and renderFields', () => {
  it('aligns columns, numbers to the right, without trailing spaces', () => {
    const text = renderTable(
      [
        { header: 'NAME', value: (r: { name: string; n: string }) => r.name },
        { header: 'N', value: (r) => r.n, align: 'right' },
        { header: 'LAST', value: () => '' },
      ],
      [
        { name: 'a', n: '1.00' },
        { name: 'long name', n: '1234.50' },
      ],
    );
    assert.equal(
      text,
      ['NAME             N  LAST', 'a             1.00', 'long name  1234.50', ''].join('\n'),
    );
  });

  it('keeps every row on one line, whatever the value holds', () => {
    assert.equal(renderFields([['note', 'two\nlines']]), '  note  two lines\n');
  });

  it('leaves out fields without a value', () => {
    assert.equal(
      renderFields([
        ['status', 'captured'],
        ['reason', undefined],
      ]),
      '  status  captured\n',
    );
  });
});

describe('payments list', () => {
  it('is an aligned table with formatted amounts, UTC start times and open/closed', () => {
    const text = renderPaymentList([
      paymentSummary(),
      paymentSummary({
        orderId: 'JP-7',
        status: 'refunded',
        amount: 500,
        currency: 'JPY',
        startedAt: '2024-04-30T23:59:59.000Z',
        closedAt: '2024-05-01T00:10:00.000Z',
        open: false,
      }),
    ]);
    assert.equal(
      text,
      [
        'ORDER         STATUS      PROVIDER  AMOUNT  CURRENCY  STARTED (UTC)        WORKFLOW',
        'A20042011_28  authorized  assist    237.40  USD       2024-05-01 10:00:00  open',
        'JP-7          refunded    assist       500  JPY       2024-04-30 23:59:59  closed',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing matches', () => {
    assert.equal(renderPaymentList([]), 'No payments match.\n');
  });

  it('as JSON keeps minor units, exactly as PaymentsClient returns them', () => {
    const payments = [paymentSummary()];
    assert.deepEqual(JSON.parse(renderOutcomeJson({ kind: 'list', payments, limit: 50 })), payments);
  });
});

describe('payments show', () => {
  const text = renderPayment(paymentView());

  it('shows the state and every amount in major units with the currency', () => {
    assert.match(text, /^Payment A20042011_28\n/);
    for (const line of [
      '  status        partially_refunded',
      '  provider      assist (two-stage)',
      '  amount        237.40 USD',
      '  authorized    237.40 USD',
      '  captured      200.00 USD',
      '  refunded      50.00 USD',
      '  capture       closed (no further capture possible)',
      '  provider ref  5521001',
      '  version       6',
    ]) {
      assert.ok(text.includes(`${line}\n`), `missing line: ${line}\n${text}`);
    }
    assert.doesNotMatch(text, /^ {2}(reason|redirect) /m, 'absent fields are left out');
  });

  it('lists the operations with amount, provider reference and error, one line each', () => {
    assert.match(
      text,
      /\nOperations\n {2}ID +KIND +STATUS +AMOUNT \(USD\) +PROVIDER REF +AT \(UTC\) +ERROR\n/,
    );
    assert.match(text, / {2}create-1 +create +succeeded +- +- +2024-05-01 10:00:00\n/);
    assert.match(text, / {2}capture-1 +capture +succeeded +200\.00 +5521001-c1 +2024-05-01 10:05:00\n/);
    assert.match(
      text,
      / {2}refund-rf-1 +refund +failed +50\.00 +- +2024-05-01 10:06:00 +AS105: refund rejected\n/,
    );
  });

  it('ends with the timeline', () => {
    assert.match(
      text,
      /\nTimeline\n {2}AT \(UTC\) +STATUS +NOTE\n {2}2024-05-01 10:00:00 +processing +payment created\n[\s\S]*authorized 237\.40 USD\n$/,
    );
  });

  it('then the merchant notifications and their delivery, when there are any', () => {
    const notified = renderPayment(
      paymentView({
        notifications: [
          {
            event: {
              id: 'payment-A20042011_28:v3',
              type: 'payment.authorized',
              createdAt: '2024-05-01T10:02:00.000Z',
              data: {
                orderId: 'A20042011_28',
                provider: 'assist',
                status: 'authorized',
                amount: 23_740,
                currency: 'USD',
                authorizedAmount: 23_740,
                capturedAmount: 0,
                refundedAmount: 0,
                version: 3,
              },
            },
            delivery: 'failed',
            error: 'HTTP 500 from the merchant',
          },
        ],
      }),
    );
    assert.match(
      notified,
      /\nMerchant notifications\n {2}EVENT ID +TYPE +CREATED \(UTC\) +DELIVERY +ERROR\n {2}payment-A20042011_28:v3 +payment\.authorized +2024-05-01 10:02:00 +failed +HTTP 500 from the merchant\n$/,
    );
    assert.doesNotMatch(text, /Merchant notifications/);
  });

  it('shows why a payment needs attention, and the redirect of one awaiting the payer', () => {
    const attention = renderPayment(
      paymentView({ status: 'needs_attention', reason: 'capture outcome unknown' }),
    );
    assert.match(attention, / {2}reason +capture outcome unknown\n/);
    const waiting = renderPayment(
      paymentView({
        status: 'awaiting_payer',
        operations: [],
        redirect: { method: 'POST', url: 'http://127.0.0.1:4100/pay/order.cfm', fields: { a: '1' } },
      }),
    );
    assert.match(waiting, / {2}redirect +POST http:\/\/127\.0\.0\.1:4100\/pay\/order\.cfm\n/);
    assert.match(waiting, /\nOperations: none\n/);
    const paid = renderPayment(
      paymentView({ redirect: { method: 'GET', url: 'http://x.example/', fields: {} } }),
    );
    assert.doesNotMatch(paid, /^ {2}redirect /m, 'a used redirect is history');
  });

  it('as JSON is the payment the REST API shows, without the internal request fingerprint', () => {
    const json = JSON.parse(renderOutcomeJson({ kind: 'show', view: paymentView() }));
    assert.equal(json.requestFingerprint, undefined);
    assert.equal(json.capturedAmount, 20_000);
    assert.equal(json.operations.length, 4);
  });
});

describe('a command outcome', () => {
  it('says what the payment is now and which provider operation the command made', () => {
    const view = paymentView();
    const text = renderChange({ kind: 'change', action: 'refund', view, operation: view.operations[3] });
    assert.equal(
      text,
      [
        'refund: order A20042011_28 is now partially_refunded',
        '  operation   refund-rf-2 · succeeded · 50.00 USD · provider ref 5521001-r2',
        '  authorized  237.40 USD',
        '  captured    200.00 USD',
        '  refunded    50.00 USD',
        '',
      ].join('\n'),
    );
  });

  it('leaves the operation out for commands that make none', () => {
    const text = renderChange({
      kind: 'change',
      action: 'cancel',
      view: paymentView({ status: 'canceled' }),
    });
    assert.doesNotMatch(text, /operation/);
    assert.match(text, /^cancel: order A20042011_28 is now canceled\n/);
  });
});
