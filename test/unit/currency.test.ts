import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { data as isoData } from 'currency-codes';
import {
  currencyByNumeric,
  currencyInfo,
  fromDecimalString,
  isKnownCurrency,
  NO_MINOR_UNIT_CODES,
  toDecimalString,
} from '../../domain/currency';
import { MoneyError } from '../../domain/money';
import { currencyCodeSchema, minorUnitsSchema, moneySchema } from '../../domain/money-schema';

function assertMoneyError(fn: () => unknown, reason: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof MoneyError, `expected MoneyError, got ${String(error)}`);
    assert.match(error.reason, reason);
    return true;
  });
}

describe('currencyInfo', () => {
  it('knows the ISO 4217 numeric codes and exponents the providers rely on', () => {
    const expected: [string, string, number][] = [
      ['USD', '840', 2],
      ['EUR', '978', 2],
      ['RUB', '643', 2],
      ['KES', '404', 2],
      ['HUF', '348', 2],
      ['RON', '946', 2],
      ['ALL', '008', 2],
      ['JPY', '392', 0],
      ['KWD', '414', 3],
      ['BHD', '048', 3],
      ['CLF', '990', 4],
      ['UYW', '927', 4],
    ];
    for (const [code, numeric, exponent] of expected) {
      assert.deepEqual(currencyInfo(code), { code, numeric, exponent });
    }
  });

  it('requires 3 uppercase letters and says so', () => {
    assertMoneyError(() => currencyInfo('usd'), /3 uppercase letters.*did you mean "USD"/);
    for (const code of ['', 'US', 'USDD', 'U5D', ' USD']) {
      assertMoneyError(() => currencyInfo(code), /3 uppercase letters/);
    }
  });

  it('rejects codes ISO 4217 does not list', () => {
    assertMoneyError(() => currencyInfo('ABC'), /not an ISO 4217 currency code/);
  });

  it('rejects codes without a minor unit (metals, funds, test and no-currency codes)', () => {
    for (const code of ['XAU', 'XXX', 'XTS', 'XDR']) {
      assertMoneyError(() => currencyInfo(code), /no minor unit/);
      assert.equal(isKnownCurrency(code), false);
    }
  });

  it('lists exactly the "N.A." minor units of the ISO XML the dataset was built from', () => {
    // The dataset stores "N.A." as digits 0, so the list in currency.ts is checked against the source.
    const xmlPath = join(dirname(require.resolve('currency-codes/package.json')), 'iso-4217-list-one.xml');
    const entries = readFileSync(xmlPath, 'utf8').match(/<CcyNtry>[\s\S]*?<\/CcyNtry>/g) ?? [];
    const withoutMinorUnit = new Set(
      entries
        .filter((entry) => entry.includes('<CcyMnrUnts>N.A.</CcyMnrUnts>'))
        .map((entry) => /<Ccy>([A-Z]{3})<\/Ccy>/.exec(entry)?.[1]),
    );
    assert.deepEqual([...withoutMinorUnit].sort(), [...NO_MINOR_UNIT_CODES].sort());
  });

  it('gives every other dataset entry a unique 3-digit numeric code that maps back', () => {
    const payable = isoData.filter((record) => !NO_MINOR_UNIT_CODES.has(record.code));
    const numerics = new Set<string>();
    for (const { code } of payable) {
      const info = currencyInfo(code);
      assert.match(info.numeric, /^\d{3}$/);
      assert.ok(!numerics.has(info.numeric), `numeric ${info.numeric} repeated`);
      numerics.add(info.numeric);
      assert.deepEqual(currencyByNumeric(info.numeric), info);
    }
  });
});

describe('isKnownCurrency', () => {
  it('is true exactly when currencyInfo succeeds', () => {
    assert.equal(isKnownCurrency('USD'), true);
    assert.equal(isKnownCurrency('usd'), false);
    assert.equal(isKnownCurrency('ABC'), false);
  });
});

describe('currencyByNumeric', () => {
  it('maps numeric codes to currencies', () => {
    assert.equal(currencyByNumeric('643').code, 'RUB');
    assert.equal(currencyByNumeric('008').code, 'ALL');
    assert.equal(currencyByNumeric('840').code, 'USD');
  });

  it('requires 3 zero-padded digits and a listed, payable code', () => {
    for (const numeric of ['8', '08', '6430', 'RUB', '']) {
      assertMoneyError(() => currencyByNumeric(numeric), /3-digit/);
    }
    assertMoneyError(() => currencyByNumeric('000'), /not an ISO 4217 numeric code/);
    assertMoneyError(() => currencyByNumeric('959'), /no minor unit/); // XAU
  });
});

describe('toDecimalString / fromDecimalString', () => {
  it('convert with the currency exponent', () => {
    const examples: [number, string, string][] = [
      [23740, 'USD', '237.40'],
      [1000, 'KES', '10.00'],
      [20_000_000, 'KES', '200000.00'],
      [500, 'JPY', '500'],
      [1234, 'KWD', '1.234'],
      [12345, 'CLF', '1.2345'],
    ];
    for (const [amount, currency, text] of examples) {
      assert.equal(toDecimalString({ amount, currency }), text);
      assert.deepEqual(fromDecimalString(text, currency), { amount, currency });
    }
  });

  it('pass parse options through and reject what the currency cannot hold', () => {
    assert.deepEqual(fromDecimalString('500,15', 'RUB', { decimalSeparator: 'either' }), {
      amount: 50015,
      currency: 'RUB',
    });
    assertMoneyError(() => fromDecimalString('10.5', 'USD', { allowFewerDecimals: false }), /exactly 2/);
    assertMoneyError(() => fromDecimalString('1.5', 'JPY'), /more than 0 decimals/);
    assertMoneyError(() => fromDecimalString('1.00', 'XAU'), /no minor unit/);
    assertMoneyError(() => toDecimalString({ amount: 100, currency: 'usd' }), /uppercase/);
  });
});

describe('money schemas', () => {
  it('accept valid money', () => {
    assert.deepEqual(moneySchema.parse({ amount: 23740, currency: 'USD' }), {
      amount: 23740,
      currency: 'USD',
    });
    assert.equal(minorUnitsSchema.parse(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
    assert.equal(currencyCodeSchema.parse('JPY'), 'JPY');
  });

  it('reject bad amounts and codes with messages that name the problem', () => {
    const messages = (value: unknown) => {
      const result = moneySchema.safeParse(value);
      assert.equal(result.success, false);
      return result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
    };
    assert.deepEqual(messages({ amount: 1.5, currency: 'usd' }), [
      'amount: must be a whole number of minor units (no fractions of a cent)',
      'currency: "usd" must be 3 uppercase letters, an ISO 4217 alpha-3 code like "USD"; did you mean "USD"?',
    ]);
    assert.deepEqual(messages({ amount: -1, currency: 'ABC' }), [
      'amount: must not be negative',
      'currency: "ABC" is not an ISO 4217 currency code (dataset of 2024-06-25)',
    ]);
    assert.deepEqual(messages({ amount: 2 ** 53, currency: 'XAU' }), [
      'amount: must not exceed Number.MAX_SAFE_INTEGER minor units',
      'currency: "XAU" has no minor unit in ISO 4217 (not a currency for payments)',
    ]);
    assert.deepEqual(messages({ amount: '100', currency: 840 }), [
      'amount: must be a number of minor units',
      'currency: must be an ISO 4217 currency code',
    ]);
  });
});
