/**
 * What the driver did to each payment and what it was told: the record the verifier holds against the
 * final state and the provider's ledger. Only facts observed from outside, never the system's own view.
 */
import type { PaymentPlan } from './plan';

export interface CommandRecord {
  op: 'capture' | 'void' | 'refund' | 'cancel';
  /** Idempotency-Key (capture, void) or refundId (refund). */
  key?: string;
  amount?: number;
  /** The final HTTP status of each copy sent (two when the plan sends the request twice). */
  statuses: Array<number | 'no answer'>;
  attempts: number;
  /** What a 200 answer said the payment looked like right after the command. */
  confirmed?: { status: string; capturedAmount: number; refundedAmount: number };
}

export interface PaymentRecord {
  plan: PaymentPlan;
  /** Final HTTP status of the create; 201 when the payment exists. */
  createStatus: number | 'no answer';
  hadRedirect: boolean;
  payerActed: boolean;
  payerError?: string;
  /** HTTP status the gateway gave each forged notification. */
  forgeries: Array<number | 'no answer'>;
  commands: CommandRecord[];
  /** Status once the payer phase was over (pay plans only). */
  statusAfterPayer?: string;
  /** The driver itself failed on this payment (a bug in the run, reported as such). */
  driverError?: string;
}

export function newRecord(plan: PaymentPlan): PaymentRecord {
  return {
    plan,
    createStatus: 'no answer',
    hadRedirect: false,
    payerActed: false,
    forgeries: [],
    commands: [],
  };
}

/** The personal data each payment carries, so the run can look for it in the processes' logs. */
export function customerOf(plan: PaymentPlan): { email: string; phone: string } {
  const n = String(plan.index).padStart(4, '0');
  return { email: `payer.${n}@chaos.example`, phone: `+40 721 55${n.slice(0, 2)} ${n.slice(2)}` };
}
