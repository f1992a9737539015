/**
 * What the gateway adds, per provider, at one concurrency:
 *   verification alone   real notifications, recorded from the sandboxes, posted to a gateway whose
 *                        deliverNotification returns at once (bench/gateway/verify-only.ts)
 *   verification+signal  the same notifications posted to the real gateway, which signals open payments
 *   bare signal          the same events signalled to the same payments by a Temporal client
 * Payments stay open for the whole phase (a long refund window), and every replayed notification is a
 * duplicate the workflow recognises, so each signal costs the same workflow work on both paths.
 * Bare and gateway runs alternate (bare, gateway, gateway, bare) to spread a shared machine's drift.
 */
import { paymentWorkflowId, providerNotificationSignal } from '../../workflows/payment-definitions';
import { FLOWS, type PaymentFlow } from '../e2e/flows';
import { runAtConcurrency } from '../e2e/load';
import { drivePayment } from '../e2e/payment-driver';
import { fire, NotificationPoster, type RateFigures } from '../gateway/fire';
import { handlerRate, parseAll, type Replayable } from '../gateway/replayable';
import { startVerifiers } from '../gateway/verifiers';
import { ResourceWindow, type WindowUsage } from '../measure/resources';
import type { BenchOptions } from '../options';
import type { ChildProcessApp } from '../stack/child';
import type { BenchStack } from '../stack/stack';
import { withStack } from '../stack/with-stack';
import { stackPids } from './runs';

/** Open payments per provider the replayed notifications are spread over (few signals each, so histories stay short). */
const PAYMENTS_PER_PROVIDER = 60;
/** Verification alone is fast; more calls keep its run long enough to measure. */
const VERIFY_ONLY_FACTOR = 4;

export interface Measured extends RateFigures {
  usage: WindowUsage;
}

export interface ProviderGatewayFigures {
  notifications: number;
  /** The provider's WebhookHandler.handle() alone, called in the driver one after another: no HTTP. */
  handlerOnlyPerSecond: number;
  verifyOnly: Measured;
  verifyOnlyTwoProcesses: Measured;
  bareSignal: Measured[];
  verifyAndSignal: Measured[];
  verifyAndSignalTwoGateways: Measured;
  /** verification + signal / bare signal (target ≥ 0.8). */
  signalRatio: number;
  /** verification alone / bare signal, the Temporal-bound rate (target ≥ 10). */
  verifyRatio: number;
  /** verification alone / verification + signal (the gateway's own Temporal-bound rate). */
  verifyVsGatewayRatio: number;
}

export interface GatewayResult {
  concurrency: number;
  requests: number;
  providers: Record<string, ProviderGatewayFigures>;
}

export function runGatewayPhase(options: BenchOptions, log: (line: string) => void): Promise<GatewayResult> {
  // A long refund window keeps one-stage payments open after capture, so they can still be signalled.
  return withStack(options, 'gateway', { gateways: 2, env: { REFUND_WINDOW: '2h' } }, async (stack, rest) => {
    const poll = { pollIntervalMs: options.pollIntervalMs, stepTimeoutMs: options.stepTimeoutMs };
    const flows = oneFlowPerProvider();
    stack.tap.startRecording(100_000);
    const created = await runAtConcurrency(
      flows.length * PAYMENTS_PER_PROVIDER,
      options.concurrency,
      async (i) => {
        // These payments stay open for the whole phase: nothing waits for their completion.
        const deps = { rest, client: stack.client, sandboxes: stack.sandboxes, poll, watchCompletion: false };
        return drivePayment(deps, flows[i % flows.length] as PaymentFlow, `g-${i}`);
      },
      options.stepTimeoutMs,
    );
    if (created.failures > 0) throw new Error(`gateway phase: ${created.failures} payments failed to open`);
    const replayable = await parseAll(stack.env, stack.tap.stopRecording());

    const verifiers = await startVerifiers(stack, options, 2);
    try {
      const providers: Record<string, ProviderGatewayFigures> = {};
      for (const flow of flows) {
        const items = replayable.filter((r) => r.notification.provider === flow.provider);
        providers[flow.provider] = await measureProvider(stack, verifiers, items, options);
        const p = providers[flow.provider] as ProviderGatewayFigures;
        log(
          `  ${flow.provider}: verify ${p.verifyOnly.perSecond.toFixed(0)}/s, ` +
            `verify+signal ${avg(p.verifyAndSignal).toFixed(0)}/s, bare signal ${avg(p.bareSignal).toFixed(0)}/s`,
        );
      }
      return { concurrency: options.gatewayConcurrency, requests: options.gatewayRequests, providers };
    } finally {
      await Promise.all(verifiers.apps.map((app) => app.stop()));
    }
  });
}

async function measureProvider(
  stack: BenchStack,
  verifiers: { apps: ChildProcessApp[]; urls: string[] },
  items: Replayable[],
  options: BenchOptions,
): Promise<ProviderGatewayFigures> {
  if (items.length === 0) throw new Error('no notifications were recorded for a provider');
  const c = options.gatewayConcurrency;
  const n = options.gatewayRequests;
  const pids = {
    ...stackPids(stack),
    verifier0: verifiers.apps[0]?.pid,
    verifier1: verifiers.apps[1]?.pid,
  };
  const measured = async (calls: number, call: (i: number) => Promise<void>): Promise<Measured> => {
    const window = new ResourceWindow(pids);
    const figures = await fire(calls, c, call);
    return { ...figures, usage: window.close() };
  };
  const item = (i: number) => items[i % items.length] as Replayable;
  const posting = (urls: string[]) => {
    const poster = new NotificationPoster(urls, c);
    return { poster, call: (i: number) => poster.post(i, item(i).notification) };
  };
  const bare = (i: number) =>
    stack.client.workflow
      .getHandle(paymentWorkflowId(item(i).paymentId))
      .signal(providerNotificationSignal, item(i).event);

  const one = posting(stack.gatewayUrls.slice(0, 1));
  const two = posting(stack.gatewayUrls);
  const verifyOne = posting(verifiers.urls.slice(0, 1));
  const verifyTwo = posting(verifiers.urls);
  try {
    const bareSignal = [await measured(n, bare)];
    const verifyAndSignal = [await measured(n, one.call), await measured(n, one.call)];
    bareSignal.push(await measured(n, bare));
    const verifyAndSignalTwoGateways = await measured(n, two.call);
    const verifyOnly = await measured(n * VERIFY_ONLY_FACTOR, verifyOne.call);
    const verifyOnlyTwoProcesses = await measured(n * VERIFY_ONLY_FACTOR, verifyTwo.call);
    return {
      notifications: items.length,
      handlerOnlyPerSecond: await handlerRate(items, n * VERIFY_ONLY_FACTOR),
      verifyOnly,
      verifyOnlyTwoProcesses,
      bareSignal,
      verifyAndSignal,
      verifyAndSignalTwoGateways,
      signalRatio: avg(verifyAndSignal) / avg(bareSignal),
      verifyRatio: verifyOnly.perSecond / avg(bareSignal),
      verifyVsGatewayRatio: verifyOnly.perSecond / avg(verifyAndSignal),
    };
  } finally {
    await Promise.all([one, two, verifyOne, verifyTwo].map((p) => p.poster.close()));
  }
}

function avg(runs: readonly RateFigures[]): number {
  return runs.reduce((sum, r) => sum + r.perSecond, 0) / runs.length;
}

/** A flow per provider that ends with the payment open: paid, neither captured nor refunded. */
function oneFlowPerProvider(): PaymentFlow[] {
  const seen = new Set<string>();
  return FLOWS.filter((f) => !seen.has(f.provider) && seen.add(f.provider)).map((f) => ({
    ...f,
    name: `${f.provider}-paid`,
    capture: false,
    refund: false,
  }));
}
