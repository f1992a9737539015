/**
 * Management of a provider-scheduled recurrence (mobilPay SOAP moveRecurrence, modifyRecurrencePrice,
 * cancelRecurrence) as Temporal activities: look up the adapter's `recurrence`, call it, and classify its
 * ProviderError like every other provider call (provider-activities.ts), so a refusal reaches the merchant as
 * a clear, final error and a transient failure is retried.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { FAILURE_TYPES } from '../domain/errors';
import type { ProviderAdapter, RecurrenceManagement } from '../providers/contract';
import { classified } from './provider-activities';

export interface RecurrenceActivityDeps {
  adapters: ReadonlyMap<string, ProviderAdapter>;
}

/** The provider's first payment of the recurrence: the order its schedule hangs on. */
export interface ScheduleRef {
  paymentId: string;
  providerReference?: string;
}

export function createRecurrenceActivities(deps: RecurrenceActivityDeps) {
  const managementOf = (provider: string): RecurrenceManagement => {
    const management = deps.adapters.get(provider)?.recurrence;
    if (!management) {
      throw ApplicationFailure.nonRetryable(
        `provider ${provider} has no recurrence management on this worker`,
        FAILURE_TYPES.providerFinal,
      );
    }
    return management;
  };

  return {
    async moveProviderRecurrence(provider: string, ref: ScheduleRef, nextChargeAt: string): Promise<void> {
      const management = managementOf(provider);
      return classified(() => management.moveNextCharge({ ...ref, nextChargeAt }));
    },
    async changeProviderRecurrenceAmount(
      provider: string,
      ref: ScheduleRef,
      amount: number,
      currency: string,
    ): Promise<void> {
      const management = managementOf(provider);
      return classified(() => management.changeAmount({ ...ref, amount, currency }));
    },
    async cancelProviderRecurrence(provider: string, ref: ScheduleRef): Promise<void> {
      const management = managementOf(provider);
      return classified(() => management.cancel(ref));
    },
  };
}

export type RecurrenceActivities = ReturnType<typeof createRecurrenceActivities>;
