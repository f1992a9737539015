/**
 * Counts the PaymentsApi (and RecurrencesApi) calls that failed because of Temporal or a bug, by operation. Validation,
 * not-found, conflicts and provider answers are Temporal working as intended: they show in the HTTP
 * status codes, not here. What is left is what an alert should fire on: Temporal unreachable or slow
 * (`unavailable`), or an error nobody anticipated (`unexpected`).
 *
 * A Proxy rather than a hand-written wrapper: every method PaymentsApi gains later is covered without
 * a list to keep in step, and a class instance (PaymentsClient, methods on its prototype) works too.
 */
import { PaymentsError } from '../../errors';
import type { GatewayMetrics, TemporalCallFailure } from './gateway-metrics';

export function countTemporalCallErrors<T extends object>(
  payments: T,
  metrics: Pick<GatewayMetrics, 'temporalCallErrors'>,
): T {
  const record = (operation: string, err: unknown): void => {
    const reason = failureOf(err);
    if (reason) metrics.temporalCallErrors.inc({ operation, reason });
  };
  return new Proxy(payments, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]): unknown => {
        let result: unknown;
        try {
          result = value.apply(target, args);
        } catch (err) {
          record(property, err);
          throw err;
        }
        if (!(result instanceof Promise)) return result;
        return result.catch((err: unknown) => {
          record(property, err);
          throw err;
        });
      };
    },
  });
}

export function failureOf(err: unknown): TemporalCallFailure | undefined {
  if (!(err instanceof PaymentsError)) return 'unexpected';
  return err.code === 'unavailable' ? 'unavailable' : undefined;
}
