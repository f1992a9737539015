/**
 * A money call the provider cannot deduplicate must never reach it twice. Its adapter already reports
 * every unclear failure as an unknown outcome (non-retryable), so when Temporal attempts such an activity
 * again, the earlier attempt ended with no answer at all: the worker was killed or cut off mid-call, or
 * the call outlived the activity's timeout. That attempt may well have moved the money (the chaos run
 * caught a BIG FISH refund doing exactly that, then refunding again on the retry), so the retry reports
 * an unknown outcome, and the workflow reconciles or asks an operator instead of calling a second time.
 *
 * The price: a retry after a failure that provably never reached the provider (connection refused) is
 * treated the same way. That is rare, and an operator's look is cheap next to a double refund.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { FAILURE_TYPES } from '../domain/errors';
import type { ProviderAdapter, UnrepeatableCall } from '../providers/contract';

export function refuseRepeatedAttempt(
  adapter: ProviderAdapter,
  call: UnrepeatableCall,
  provider: string,
): void {
  if (!adapter.unrepeatable?.includes(call) || Context.current().info.attempt <= 1) return;
  throw ApplicationFailure.nonRetryable(
    `an earlier attempt of this ${provider} ${call} ended without an answer and may have taken effect; ` +
      `${provider} cannot deduplicate it, so it is not sent again`,
    FAILURE_TYPES.providerUnknown,
    { code: 'attempt_lost', kind: 'unknown' },
  );
}
