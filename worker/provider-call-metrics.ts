/**
 * Provider call outcomes as worker metrics, next to the SDK's own: how often each provider's calls
 * succeed or fail, and in which way (transient → retried; final → declined or refused; unknown →
 * reconciled through the status API), plus how long they take. The SDK's activity metrics are per
 * activity type only, and every provider shares the same activity types, so "is Assist slow or
 * failing?" needs the provider as a label.
 *
 * An activity interceptor rather than code in the activities: they stay about provider calls, and
 * the activity context's metric meter already carries namespace, task queue and activity type.
 * Without a metrics exporter (tests) the meter is a no-op.
 */
import { ApplicationFailure, type Context } from '@temporalio/activity';
import type { ActivityInboundCallsInterceptor, ActivityInterceptorsFactory } from '@temporalio/worker';
import { createProviderActivities } from '../activities/provider-activities';
import { FAILURE_TYPES } from '../domain/errors';

/** Provider activities take the provider's name as their first argument (activities/provider-activities.ts). */
const PROVIDER_ACTIVITY_TYPES: ReadonlySet<string> = new Set(
  Object.keys(createProviderActivities({ adapters: new Map() })),
);

export type ProviderCallOutcome = 'success' | 'transient' | 'final' | 'unknown' | 'error';

/**
 * The SDK's `temporal_` prefix is for its own metrics only; with the exporter's suffixes these are
 * scraped as `payments_provider_calls_total` and `payments_provider_call_duration_seconds`, labelled
 * provider, outcome, activityType, namespace and taskQueue.
 */
export const PROVIDER_CALLS_METRIC = 'payments_provider_calls';
export const PROVIDER_CALL_DURATION_METRIC = 'payments_provider_call_duration';

export const providerCallMetrics: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new ProviderCallMetricsInterceptor(ctx),
});

class ProviderCallMetricsInterceptor implements ActivityInboundCallsInterceptor {
  constructor(private readonly ctx: Context) {}

  async execute(
    input: Parameters<NonNullable<ActivityInboundCallsInterceptor['execute']>>[0],
    next: Parameters<NonNullable<ActivityInboundCallsInterceptor['execute']>>[1],
  ): Promise<unknown> {
    const provider = input.args[0];
    if (!PROVIDER_ACTIVITY_TYPES.has(this.ctx.info.activityType) || typeof provider !== 'string') {
      return next(input);
    }
    const started = performance.now();
    let outcome: ProviderCallOutcome = 'error';
    try {
      const result = await next(input);
      outcome = 'success';
      return result;
    } catch (err) {
      outcome = outcomeOf(err);
      throw err;
    } finally {
      const meter = this.ctx.metricMeter;
      const tags = { provider, outcome };
      meter.createCounter(PROVIDER_CALLS_METRIC, '1', 'Provider calls by provider and outcome').add(1, tags);
      meter
        .createHistogram(PROVIDER_CALL_DURATION_METRIC, 'float', 'seconds', 'Provider call duration')
        .record((performance.now() - started) / 1000, tags);
    }
  }
}

/** The failure kinds activities/provider-activities.ts classifies provider errors into. */
export function outcomeOf(err: unknown): ProviderCallOutcome {
  if (!(err instanceof ApplicationFailure)) return 'error';
  switch (err.type) {
    case FAILURE_TYPES.providerTransient:
      return 'transient';
    case FAILURE_TYPES.providerFinal:
      return 'final';
    case FAILURE_TYPES.providerUnknown:
      return 'unknown';
    default:
      return 'error';
  }
}
