/**
 * Provider calls as Temporal activities. Thin on purpose: look up the provider's adapter, call it,
 * and turn its ProviderError into the ApplicationFailure the workflow's retry policy understands.
 * Built by a factory so that tests and the worker inject the adapters they want.
 */
import { ApplicationFailure } from '@temporalio/activity';
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
  VoidRequest,
} from '../providers/contract';

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
      return classified(() => adapterFor(provider).capture(req));
    },
    async voidAtProvider(provider: string, req: VoidRequest): Promise<OperationResult> {
      return classified(() => adapterFor(provider).void(req));
    },
    async refundAtProvider(provider: string, req: RefundRequest): Promise<OperationResult> {
      return classified(() => adapterFor(provider).refund(req));
    },
  };
}

export type ProviderActivities = ReturnType<typeof createProviderActivities>;

/**
 * transient → retryable (the call did not take effect); final → non-retryable; unknown → non-retryable
 * with its own type, so the workflow reconciles through the status API instead of repeating the call.
 */
async function classified<T>(call: () => Promise<T>): Promise<T> {
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
