/**
 * Delivers one event to the merchant's backend: a signed POST that counts as delivered on any 2xx.
 * Anything else throws, and the workflow's retry policy (back-off for up to the configured give-up
 * time, 3 days by default) tries again; the payment itself never waits on it.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { MerchantEvent } from '../domain/merchant-events';
import { HttpFailure, post } from '../providers/shared/http';
import { SIGNATURE_HEADER, signMerchantNotification } from './merchant-signature';

export interface MerchantNotificationDeps {
  /** Signing secret shared with the merchant; never part of workflow history. */
  secret: string;
  requestTimeoutMs: number;
}

export function createMerchantNotificationActivities(deps: MerchantNotificationDeps | undefined) {
  return {
    async notifyMerchant(url: string, event: MerchantEvent): Promise<{ status: number }> {
      if (!deps) {
        // A client asked for notifications that this worker cannot sign: retrying cannot help.
        throw ApplicationFailure.nonRetryable(
          'MERCHANT_NOTIFICATION_SECRET is not configured on this worker',
          'MerchantNotificationsNotConfigured',
        );
      }
      const body = JSON.stringify(event);
      const signature = signMerchantNotification(deps.secret, body, Math.floor(Date.now() / 1000));
      let status: number;
      try {
        const answer = await post(url, {
          body,
          contentType: 'application/json',
          headers: { [SIGNATURE_HEADER]: signature, 'payments-event-id': event.id },
          timeoutMs: deps.requestTimeoutMs,
        });
        status = answer.status;
      } catch (err) {
        if (err instanceof HttpFailure)
          throw ApplicationFailure.retryable(`merchant endpoint: ${err.message}`, 'MerchantUnreachable');
        throw err;
      }
      if (status < 200 || status >= 300) {
        throw ApplicationFailure.retryable(`merchant endpoint answered HTTP ${status}`, 'MerchantRefused');
      }
      return { status };
    },
  };
}

export type MerchantNotificationActivities = ReturnType<typeof createMerchantNotificationActivities>;
