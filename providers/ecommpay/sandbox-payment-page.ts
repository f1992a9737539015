/**
 * The sandbox's Payment Page checks, as ECommPay would make them (VERIFIED §1.10 and seed 002): the parameters,
 * the signature over every parameter but `signature`, the project, the preselected method, the money. A page that
 * passes is remembered under a token until the payer confirms; only then is the payment registered.
 */
import { randomBytes } from 'node:crypto';
import type { EcommpayConfig } from './config';
import { AMOUNT_LIMITS, paymentPageParamsSchema } from './protocol';
import type { PaymentPageParams } from './protocol';
import { sign, signaturesMatch } from './signature';

export type OpenedPage = { ok: true; params: PaymentPageParams } | { ok: false; reason: string };

type Settings = Pick<EcommpayConfig, 'projectId' | 'secretKey' | 'paymentMethod'>;

export class SandboxPaymentPage {
  private readonly opened = new Map<string, PaymentPageParams>();

  constructor(private readonly settings: Settings) {}

  /** `query` is undefined when a parameter repeats: what we verify must be what we read. */
  check(query: Record<string, string> | undefined): OpenedPage {
    if (!query) return { ok: false, reason: 'a parameter appears more than once' };
    const parsed = paymentPageParamsSchema.safeParse(query);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', ');
      return { ok: false, reason: `invalid parameters: ${fields}` };
    }
    const { signature, ...signed } = query;
    if (!signaturesMatch(signature ?? '', sign(signed, this.settings.secretKey))) {
      return { ok: false, reason: 'wrong signature' };
    }
    const params = parsed.data;
    if (Number(params.project_id) !== this.settings.projectId)
      return { ok: false, reason: 'unknown project' };
    const method = params.force_payment_method;
    if (method !== undefined && method !== this.settings.paymentMethod) {
      return { ok: false, reason: `this sandbox offers ${this.settings.paymentMethod} only` };
    }
    const limits = (AMOUNT_LIMITS as Record<string, { min: number; max: number }>)[params.payment_currency];
    const amount = Number(params.payment_amount);
    if (!limits || amount < limits.min || amount > limits.max) {
      return { ok: false, reason: 'amount or currency not accepted by the payment method' };
    }
    return { ok: true, params };
  }

  /** Remembers a checked page until the payer confirms it; returns the token its form carries. */
  remember(params: PaymentPageParams): string {
    const token = randomBytes(16).toString('hex');
    this.opened.set(token, params);
    return token;
  }

  confirmed(token: string): PaymentPageParams | undefined {
    return this.opened.get(token);
  }
}
