/**
 * Redelivery of one merchant event on its own, for an operator: used when the payment's workflow has
 * already closed (an open payment redelivers through its `redeliverNotification` update).
 */
import type { MerchantEvent } from '../domain/merchant-events';
import { createMerchantNotifier } from './merchant-notifier';
import type { MerchantNotificationSettings, NotificationRecord } from './payment-definitions';

export const MERCHANT_NOTIFICATION_WORKFLOW_TYPE = 'merchantNotificationWorkflow';

export async function merchantNotificationWorkflow(
  settings: MerchantNotificationSettings,
  event: MerchantEvent,
): Promise<NotificationRecord> {
  const notifier = createMerchantNotifier(settings);
  notifier.announce(event);
  await notifier.settled();
  return notifier.records()[0] as NotificationRecord;
}
