/**
 * The payment flows the bench runs: each is one provider, one capture mode and the merchant's steps
 * after the payer has paid. Amounts and currencies are ones the providers accept (their contract
 * tests use the same). `assist-2stage-capture` is the flow the 40-event target is about: create,
 * authorize, capture, complete (the refund window elapses).
 */
import type { CaptureMode } from '../../domain/payment-types';

export interface PaymentFlow {
  name: string;
  provider: string;
  amount: number;
  currency: string;
  captureMode: CaptureMode;
  /** Two-stage: capture everything after authorization. */
  capture: boolean;
  /** Refund everything captured, which ends the payment (refunded is final). */
  refund: boolean;
}

export const TARGET_FLOW = 'assist-2stage-capture';

export const FLOWS: readonly PaymentFlow[] = [
  flow(TARGET_FLOW, 'assist', 23_740, 'USD', 'two_stage', false),
  flow('assist-2stage-capture-refund', 'assist', 23_740, 'USD', 'two_stage', true),
  flow('assist-1stage-refund', 'assist', 1_000, 'USD', 'one_stage', true),
  flow('bigfish-2stage-capture-refund', 'bigfish', 1_000_000, 'HUF', 'two_stage', true),
  // OpenTrade cannot refund: captured, then complete when the refund window closes.
  flow('opentrade-1stage', 'opentrade', 50_015, 'RUB', 'one_stage', false),
  // ECommPay refunds in full only, and confirms the refund by a later callback.
  flow('ecommpay-1stage-refund', 'ecommpay', 2_500, 'USD', 'one_stage', true),
  flow('mobilpay-2stage-capture-refund', 'mobilpay', 2_500, 'RON', 'two_stage', true),
];

export function selectFlows(names: readonly string[] | undefined): PaymentFlow[] {
  if (!names) return [...FLOWS];
  return names.map((name) => {
    const found = FLOWS.find((f) => f.name === name);
    if (!found) throw new Error(`unknown flow ${name}; known: ${FLOWS.map((f) => f.name).join(', ')}`);
    return found;
  });
}

function flow(
  name: string,
  provider: string,
  amount: number,
  currency: string,
  captureMode: CaptureMode,
  refund: boolean,
): PaymentFlow {
  return { name, provider, amount, currency, captureMode, capture: captureMode === 'two_stage', refund };
}
