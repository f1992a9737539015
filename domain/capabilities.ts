/** What a provider can do. The API and the workflow's update validators reject anything else up front. */
import type { CaptureMode } from './payment-types';

export interface ProviderCapabilities {
  captureModes: readonly CaptureMode[];
  /** A capture for less than the authorized amount. */
  partialCapture: boolean;
  /** More than one capture against one authorization. When false, the first capture closes the hold. */
  multipleCaptures: boolean;
  /** Release an authorization without capturing. */
  void: boolean;
  refunds: 'none' | 'full_only' | 'partial';
  /** More than one refund against one payment. */
  multipleRefunds: boolean;
  /** The provider has a status API the workflow can poll; otherwise notifications are the only source. */
  statusApi: boolean;
  /**
   * Whether that status API shows refunds (default true). When it does not (BIG FISH Result), a refund
   * whose outcome is unknown cannot be settled by asking, and goes to an operator.
   */
  statusShowsRefunds?: boolean;
  /** Currencies accepted (ISO 4217 alpha-3); undefined means any. */
  currencies?: readonly string[];
  /** Per-currency limits in minor units, inclusive. */
  amountLimits?: Readonly<Record<string, { min: number; max: number }>>;
  /** Recurring support, for the recurrence workflow. */
  recurring: 'none' | 'provider_scheduled' | 'merchant_initiated';
}
