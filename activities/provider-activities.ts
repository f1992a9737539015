/**
 * Provider calls as Temporal activities. Thin on purpose: look up the provider's adapter, call it,
 * and turn its ProviderError into the ApplicationFailure the workflow's retry policy understands.
 * Built by a factory so that tests and the worker inject the adapters they want.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { ProviderStatus } from '../domain/provider-events';
import { FAILURE_TYPES, ProviderError } from '../domain/errors';
import type {
  CaptureRequest,
  CreatePaymentRequest,
  CreatePaymentResult,
  OperationResult,
  PaymentRef,
  ProviderAdapter,
  RefundRequest,
  RegisteredChargeRequest,
  VoidRequest,
} from '../providers/contract';
import { refuseRepeatedAttempt } from './unrepeatable-calls';

export interface ProviderActivityDeps {
  /** Adapter per provider name, as configured in this worker. */
  adapters: ReadonlyMap<string, ProviderAdapter>;
}

export function createProviderActivities(deps: ProviderActivityDeps) {
  const adapterFor = (provider: string): ProviderAdapter => {
    const adapter = deps.adapters.get(provider);
    if (!adapter) {
      throw ApplicationFailure.nonRetryable(
        `provider ${provider} is not configured on this worker`,
        FAILURE_TYPES.providerFinal,
      );
    }
    return adapter;
  };

  return {
    async createAtProvider(provider: string, req: CreatePaymentRequest): Promise<CreatePaymentResult> {
      return classified(() => adapterFor(provider).createPayment(req));
    },
    async fetchProviderStatus(provider: string, ref: PaymentRef): Promise<ProviderStatus> {
      return classified(() => adapterFor(provider).getStatus(ref));
    },
    async captureAtProvider(provider: string, req: CaptureRequest): Promise<OperationResult> {
      const adapter = adapterFor(provider);
      refuseRepeatedAttempt(adapter, 'capture', provider);
      return classified(() => adapter.capture(req));
    },
    async voidAtProvider(provider: string, req: VoidRequest): Promise<OperationResult> {
      const adapter = adapterFor(provider);
      refuseRepeatedAttempt(adapter, 'void', provider);
      return classified(() => adapter.void(req));
    },
    async refundAtProvider(provider: string, req: RefundRequest): Promise<OperationResult> {
      const adapter = adapterFor(provider);
      refuseRepeatedAttempt(adapter, 'refund', provider);
      return classified(() => adapter.refund(req));
    },
    /** A merchant-initiated charge on the registration an earlier payment made (recurrences). */
    async chargeRegisteredAtProvider(
      provider: string,
      req: RegisteredChargeRequest,
    ): Promise<{ providerReference: string; status: ProviderStatus }> {
      const adapter = adapterFor(provider);
      refuseRepeatedChargeAttempt(provider);
      return classified(() => {
        if (!adapter.chargeRegistered) {
          throw ProviderError.final('not_supported', `${provider} cannot charge a registered card`);
        }
        return adapter.chargeRegistered(req);
      });
    },
  };
}

export type ProviderActivities = ReturnType<typeof createProviderActivities>;

/**
 * A merchant-initiated charge is never sent twice. Adapters report every unclear failure of it as unknown
 * (non-retryable), so a second attempt means the first ended without an answer (worker killed, timeout) and
 * may have charged the card: report an unknown outcome rather than charge again. The price: a retry after a
 * transient failure before the charge (BIG FISH InitRP) also goes to an operator.
 */
function refuseRepeatedChargeAttempt(provider: string): void {
  if (Context.current().info.attempt <= 1) return;
  throw ApplicationFailure.nonRetryable(
    `an earlier attempt of this ${provider} charge ended without an answer and may have charged the card; ` +
      'it is not sent again',
    FAILURE_TYPES.providerUnknown,
    { code: 'attempt_lost', kind: 'unknown' },
  );
}

/**
 * transient → retryable (the call did not take effect); final → non-retryable; unknown → non-retryable
 * with its own type, so the workflow reconciles through the status API instead of repeating the call.
 */
export async function classified<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    const details = [{ code: err.code, kind: err.kind }];
    switch (err.kind) {
      case 'transient':
        throw ApplicationFailure.create({
          message: err.message,
          type: FAILURE_TYPES.providerTransient,
          details,
        });
      case 'final':
        throw ApplicationFailure.nonRetryable(err.message, FAILURE_TYPES.providerFinal, ...details);
      case 'unknown':
        throw ApplicationFailure.nonRetryable(err.message, FAILURE_TYPES.providerUnknown, ...details);
    }
  }
}
