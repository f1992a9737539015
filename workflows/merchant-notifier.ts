/**
 * Telling the merchant's backend about payment changes, from inside the payment workflow. Each event
 * is delivered by its own activity, started without waiting, so the payment never blocks on a slow
 * or absent receiver; the activity retries with back-off until it is delivered or the give-up time
 * passes. The workflow closes only once every delivery has settled.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { MerchantNotificationActivities } from '../activities/merchant-notifications';
import type { MerchantEvent } from '../domain/merchant-events';
import type { MerchantNotificationSettings, NotificationRecord } from './payment-definitions';

export interface MerchantNotifier {
  announce(event: MerchantEvent | undefined): void;
  redeliver(eventId: string): Promise<NotificationRecord>;
  has(eventId: string): boolean;
  records(): NotificationRecord[];
  settled(): Promise<void>;
}

export function createMerchantNotifier(settings: MerchantNotificationSettings | undefined): MerchantNotifier {
  const records: NotificationRecord[] = [];
  const inFlight: Promise<void>[] = [];
  const options = settings && {
    startToCloseTimeout: '30 seconds',
    // Retried with back-off until delivered or the give-up time (3 days by default) has passed.
    scheduleToCloseTimeout: settings.retry.giveUpAfterMs,
    retry: {
      initialInterval: settings.retry.initialIntervalMs,
      maximumInterval: settings.retry.maximumIntervalMs,
      backoffCoefficient: 2,
    },
  };
  const { notifyMerchant } = proxyActivities<MerchantNotificationActivities>(
    options ?? { startToCloseTimeout: '30 seconds' },
  );

  async function deliver(record: NotificationRecord): Promise<void> {
    if (!settings || !options) return;
    record.delivery = 'pending';
    try {
      await notifyMerchant.executeWithOptions(
        { ...options, summary: `notify merchant ${record.event.type}` },
        [settings.url, record.event],
      );
      record.delivery = 'delivered';
      record.error = undefined;
    } catch (err) {
      record.delivery = 'failed';
      record.error =
        err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    }
  }

  return {
    announce(event) {
      if (!settings || !event) return;
      const record: NotificationRecord = { event, delivery: 'pending' };
      records.push(record);
      inFlight.push(deliver(record));
    },
    async redeliver(eventId) {
      const record = records.find((r) => r.event.id === eventId) as NotificationRecord;
      await deliver(record);
      return { ...record };
    },
    has: (eventId) => records.some((r) => r.event.id === eventId),
    records: () => records.map((r) => ({ ...r })),
    async settled() {
      await Promise.all(inFlight);
    },
  };
}
