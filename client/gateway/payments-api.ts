/**
 * What the gateway needs from PaymentsClient. Routes depend on this narrow type rather than the class,
 * so tests can hand in a fake without a Temporal connection.
 */
import type { PaymentsClient } from '../payments-client';

export type PaymentsApi = Pick<
  PaymentsClient,
  | 'createPayment'
  | 'getPayment'
  | 'capture'
  | 'void'
  | 'refund'
  | 'cancel'
  | 'resolve'
  | 'deliverNotification'
  | 'listPayments'
  | 'listProviders'
>;
