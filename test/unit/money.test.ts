import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addMinor,
  assertMinorUnits,
  formatMinorUnits,
  minMinor,
  MoneyError,
  parseDecimalAmount,
  subtractMinor,
} from '../../domain/money';

const MAX = Number.MAX_SAFE_INTEGER;
// Exponents as ISO 4217 gives them (verified against the dataset in currency.test.ts).
const USD = 2;
const KES = 2;
const JPY = 0;
const KWD = 3;

/** Asserts that `fn` throws a MoneyError whose reason matches `reason`. */
function assertMoneyError(fn: () => unknown, reason: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof MoneyError, `expected MoneyError, got ${String(error)}`);
    assert.match(error.reason, reason);
    return true;
  });
}

/** Reference parser on BigInt: what parseDecimalAmount must return for plain "digits[.digits]" text. */
function referenceParse(text: string, exponent: number): number | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return undefined;
  const [, whole = '', fraction = ''] = match;
  if (/[^0]/.test(fraction.slice(exponent))) return undefined;
  const minor = BigInt(whole + fraction.slice(0, exponent).padEnd(exponent, '0'));
  return minor <= BigInt(MAX) ? Number(minor) : undefined;
}

describe('formatMinorUnits', () => {
  it('formats the Assist example and other exponents', () => {
    assert.equal(formatMinorUnits(23740, USD), '237.40');
    assert.equal(formatMinorUnits(500, JPY), '500');
    assert.equal(formatMinorUnits(1234, KWD), '1.234');
    assert.equal(formatMinorUnits(5, USD), '0.05');
    assert.equal(formatMinorUnits(0, USD), '0.00');
    assert.equal(formatMinorUnits(0, JPY), '0');
    assert.equal(formatMinorUnits(12345, 4), '1.2345');
    assert.equal(formatMinorUnits(MAX, USD), '90071992547409.91');
  });

  it('rejects amounts that are not non-negative safe integers', () => {
    assertMoneyError(() => formatMinorUnits(-1, USD), /negative/);
    assertMoneyError(() => formatMinorUnits(1.5, USD), /whole number/);
    assertMoneyError(() => formatMinorUnits(Number.NaN, USD), /finite/);
    assertMoneyError(() => formatMinorUnits(Infinity, USD), /finite/);
    assertMoneyError(() => formatMinorUnits(MAX + 1, USD), /MAX_SAFE_INTEGER/);
    assertMoneyError(
      () => formatMinorUnits('100' as unknown as number, USD),
      /got string.*parseDecimalAmount/,
    );
  });

  it('rejects exponents outside ISO 4217 minor units', () => {
    for (const exponent of [-1, 5, 1.5, Number.NaN]) {
      assertMoneyError(() => formatMinorUnits(100, exponent), /integer from 0 to 4/);
    }
  });

  it('never produces exponent notation and always shows exactly `exponent` decimals', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 0, max: 4 }), (minor, exponent) => {
        const text = formatMinorUnits(minor, exponent);
        const shape = exponent === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${exponent}}$`);
        assert.match(text, shape);
        // Same digits as integer division on BigInt.
        const scale = 10n ** BigInt(exponent);
        const whole = (BigInt(minor) / scale).toString();
        const fraction = (BigInt(minor) % scale).toString().padStart(exponent, '0');
        assert.equal(text, exponent === 0 ? whole : `${whole}.${fraction}`);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseDecimalAmount', () => {
  it('parses the Assist example and the ECommPay KES limits', () => {
    assert.equal(parseDecimalAmount('237.40', USD), 23740);
    assert.equal(parseDecimalAmount('237.40', USD, { allowFewerDecimals: false }), 23740);
    assert.equal(parseDecimalAmount('10.00', KES), 1000);
    assert.equal(parseDecimalAmount('200000.00', KES), 20_000_000);
    // The limit as the provider writes it ("200,000.00") is display text, not an amount.
    assertMoneyError(() => parseDecimalAmount('200,000.00', KES), /thousands separators/);
  });

  it('parses JPY (exponent 0) and KWD (exponent 3)', () => {
    assert.equal(parseDecimalAmount('500', JPY), 500);
    assert.equal(parseDecimalAmount('500.00', JPY), 500);
    assertMoneyError(() => parseDecimalAmount('500.5', JPY), /more than 0 decimals/);
    assert.equal(parseDecimalAmount('1.234', KWD), 1234);
    assert.equal(parseDecimalAmount('1.5', KWD), 1500);
    assertMoneyError(() => parseDecimalAmount('1.2345', KWD), /more than 3 decimals/);
  });

  it('accepts fewer decimals and extra trailing zeros by default', () => {
    assert.equal(parseDecimalAmount('10', USD), 1000);
    assert.equal(parseDecimalAmount('10.5', USD), 1050);
    assert.equal(parseDecimalAmount('10.500', USD), 1050);
    assert.equal(parseDecimalAmount('0', USD), 0);
    assert.equal(parseDecimalAmount('007.50', USD), 750);
  });

  it('requires exactly `exponent` decimals in strict mode (Assist OrderAmount)', () => {
    const strict = { allowFewerDecimals: false, field: 'OrderAmount' };
    assert.equal(parseDecimalAmount('10.00', USD, strict), 1000);
    assertMoneyError(() => parseDecimalAmount('10', USD, strict), /exactly 2 decimals, has 0/);
    assertMoneyError(() => parseDecimalAmount('10.5', USD, strict), /exactly 2 decimals, has 1/);
    assertMoneyError(() => parseDecimalAmount('10.000', USD, strict), /exactly 2 decimals, has 3/);
    assert.equal(parseDecimalAmount('500', JPY, strict), 500);
    assertMoneyError(() => parseDecimalAmount('500.0', JPY, strict), /exactly 0 decimals/);
  });

  it('honours the decimal separator option', () => {
    assert.equal(parseDecimalAmount('500,15', USD, { decimalSeparator: ',' }), 50015);
    assert.equal(parseDecimalAmount('500,15', USD, { decimalSeparator: 'either' }), 50015);
    assert.equal(parseDecimalAmount('500.15', USD, { decimalSeparator: 'either' }), 50015);
    assertMoneyError(
      () => parseDecimalAmount('500.15', USD, { decimalSeparator: ',' }),
      /separator here is ','/,
    );
    assertMoneyError(() => parseDecimalAmount('500,15', USD), /separator here is '\.'/);
    // "1,000" means one thousand to most readers: never read it as 1.000 and drop the zeros.
    assertMoneyError(() => parseDecimalAmount('1,000', USD, { decimalSeparator: 'either' }), /thousands/);
    assertMoneyError(() => parseDecimalAmount('1.000,50', USD, { decimalSeparator: 'either' }), /thousands/);
  });

  it('rejects malformed text with a precise reason', () => {
    const cases: [string, RegExp][] = [
      ['', /is empty/],
      ['-1.00', /sign/],
      ['+1.00', /sign/],
      ['1e3', /exponent notation/],
      ['1.5E-3', /exponent notation/],
      [' 1.00', /whitespace/],
      ['1 000.00', /whitespace/],
      ['1.00\n', /whitespace/],
      ['1,000.00', /thousands/],
      ['1.2.3', /more than one separator/],
      ['.50', /digit before/],
      ['1.', /digit after/],
      ['0x10', /contains 'x'/],
      ['1_000', /contains '_'/],
      ['Infinity', /contains 'I'/],
      ['NaN', /contains 'N'/],
      ['١٢', /contains '١'/],
      ['$10', /contains '\$'/],
      ['10.001', /more than 2 decimals/],
      ['90071992547409.92', /exceeds 9007199254740991 minor units/],
      ['100000000000000000000', /exceeds/],
    ];
    for (const [text, reason] of cases) assertMoneyError(() => parseDecimalAmount(text, USD), reason);
  });

  it('names the field and the input in the message', () => {
    assert.throws(() => parseDecimalAmount('1e3', USD, { field: 'OrderAmount' }), {
      name: 'MoneyError',
      field: 'OrderAmount',
      input: '1e3',
      message: 'OrderAmount "1e3": must not use exponent notation',
    });
  });

  it('accepts the largest safe amount and nothing above it', () => {
    assert.equal(parseDecimalAmount('90071992547409.91', USD), MAX);
    assert.equal(parseDecimalAmount('9007199254740991', JPY), MAX);
    assertMoneyError(() => parseDecimalAmount('9007199254740992', JPY), /exceeds/);
    assert.equal(parseDecimalAmount('0000000000000000000001', JPY), 1);
  });

  it('round-trips format → parse for every safe integer and exponent 0..4', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 0, max: 4 }), (minor, exponent) => {
        const text = formatMinorUnits(minor, exponent);
        assert.equal(parseDecimalAmount(text, exponent), minor);
        assert.equal(parseDecimalAmount(text, exponent, { allowFewerDecimals: false }), minor);
        assert.equal(
          parseDecimalAmount(text.replace('.', ','), exponent, { decimalSeparator: 'either' }),
          minor,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with a BigInt reference on text built from amount-like characters', () => {
    const amountLike = fc.string({ unit: fc.constantFrom(...'0123456789.,+-eE _'), maxLength: 22 });
    fc.assert(
      fc.property(amountLike, fc.integer({ min: 0, max: 4 }), (text, exponent) => {
        const expected = referenceParse(text, exponent);
        if (expected === undefined) {
          assert.throws(() => parseDecimalAmount(text, exponent), MoneyError);
        } else {
          assert.equal(parseDecimalAmount(text, exponent), expected);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('throws only MoneyError on arbitrary strings, and returns safe integers otherwise', () => {
    const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));
    fc.assert(
      fc.property(anyText, fc.integer({ min: 0, max: 4 }), (text, exponent) => {
        try {
          assert.equal(
            assertMinorUnits(parseDecimalAmount(text, exponent), 'parsed'),
            referenceParse(text, exponent),
          );
        } catch (error) {
          if (!(error instanceof MoneyError)) throw error;
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects non-string input with a MoneyError, not a TypeError', () => {
    for (const input of [undefined, null, 10, {}]) {
      assertMoneyError(() => parseDecimalAmount(input as unknown as string, USD), /must be decimal text/);
    }
  });
});

describe('assertMinorUnits', () => {
  it('returns valid amounts and names the input otherwise', () => {
    assert.equal(assertMinorUnits(0, 'amount'), 0);
    assert.equal(assertMinorUnits(MAX, 'amount'), MAX);
    assert.throws(() => assertMinorUnits(-5, 'captureAmount'), {
      field: 'captureAmount',
      message: 'captureAmount -5: must not be negative',
    });
    assertMoneyError(() => assertMinorUnits(null, 'amount'), /got null/);
    assertMoneyError(() => assertMinorUnits(10n, 'amount'), /got bigint/);
    assertMoneyError(() => assertMinorUnits(2 ** 53, 'amount'), /MAX_SAFE_INTEGER/);
  });
});

describe('addMinor / subtractMinor / minMinor', () => {
  it('compute with examples', () => {
    assert.equal(addMinor(23740, 260), 24000);
    assert.equal(subtractMinor(24000, 260), 23740);
    assert.equal(subtractMinor(100, 100), 0);
    assert.equal(minMinor(300, 200), 200);
    assertMoneyError(() => subtractMinor(100, 101), /100 - 101 would be negative/);
    assertMoneyError(() => addMinor(MAX, 1), /exceeds/);
    assertMoneyError(() => addMinor(1.5, 1), /whole number/);
    assertMoneyError(() => minMinor(-1, 1), /negative/);
  });

  it('add is exact or throws; subtract undoes add; subtract throws exactly when the result is negative', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.maxSafeNat(), (a, b) => {
        const exactSum = BigInt(a) + BigInt(b);
        if (exactSum > BigInt(MAX)) {
          assert.throws(() => addMinor(a, b), MoneyError);
        } else {
          const sum = addMinor(a, b);
          assert.equal(BigInt(sum), exactSum);
          assert.equal(addMinor(b, a), sum);
          assert.equal(subtractMinor(sum, b), a);
        }
        if (b > a) assert.throws(() => subtractMinor(a, b), MoneyError);
        else assert.equal(BigInt(subtractMinor(a, b)), BigInt(a) - BigInt(b));
        const min = minMinor(a, b);
        assert.ok(min <= a && min <= b && (min === a || min === b));
      }),
      { numRuns: 2000 },
    );
  });

  it('add and subtract stay exact near the safe-integer limit', () => {
    const nearMax = fc.integer({ min: MAX - 1_000_000, max: MAX });
    fc.assert(
      fc.property(nearMax, fc.nat(1_000_000), (a, b) => {
        if (BigInt(a) + BigInt(b) > BigInt(MAX)) assert.throws(() => addMinor(a, b), MoneyError);
        else assert.equal(subtractMinor(addMinor(a, b), b), a);
      }),
    );
  });
});
