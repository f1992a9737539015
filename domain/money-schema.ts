/**
 * zod schemas for money at API and configuration boundaries. Their messages are the same reasons
 * money.ts and currency.ts give, so a caller sees one wording wherever a bad amount is caught.
 */
import { z } from 'zod';
import { currencyInfo } from './currency';
import { MoneyError } from './money';
import type { Money } from './money';

/**
 * An amount in minor units: an integer from 0 to Number.MAX_SAFE_INTEGER. The range checks come first and
 * abort, so 2^53 is reported as too big rather than also as "not an integer" (zod's int means safe int).
 */
export const minorUnitsSchema = z
  .number({ error: 'must be a number of minor units' })
  .min(0, { error: 'must not be negative', abort: true })
  .max(Number.MAX_SAFE_INTEGER, { error: 'must not exceed Number.MAX_SAFE_INTEGER minor units', abort: true })
  .int({ error: 'must be a whole number of minor units (no fractions of a cent)' });

/** An ISO 4217 alpha-3 code, uppercase, that the dataset knows and that has a minor unit. */
export const currencyCodeSchema = z
  .string({ error: 'must be an ISO 4217 currency code' })
  .superRefine((code, ctx) => {
    try {
      currencyInfo(code);
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error;
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(code)} ${error.reason}` });
    }
  });

/** Money at a boundary. `satisfies` keeps the schema and the domain type from drifting apart. */
export const moneySchema = z.object({
  amount: minorUnitsSchema,
  currency: currencyCodeSchema,
}) satisfies z.ZodType<Money>;
