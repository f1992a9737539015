/**
 * The faults a sandbox injects (SandboxFaults in ../../contract.ts): their validation, their current state, and
 * the check every server-to-server call makes (latency, then possibly an injected HTTP 500). Payer pages and the
 * /sandbox operator routes are never faulted; notifiers read the notification faults through `current`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SandboxFaults } from '../../contract';

export const faultsSchema = z.strictObject({
  failNextCalls: z.number().int().min(0).optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  notificationMode: z.enum(['normal', 'drop', 'duplicate', 'delay']).optional(),
  notificationDelayMs: z.number().int().min(0).max(600_000).optional(),
});

export class FaultInjector {
  private faults: SandboxFaults = {};

  /** The faults in force. */
  readonly current = (): SandboxFaults => this.faults;

  /** ProviderSandbox.setFaults: replaces the faults in force; throws (and changes nothing) when invalid. */
  readonly set = (next: SandboxFaults): void => {
    this.faults = faultsSchema.parse(next);
  };

  /** POST /sandbox/faults: like `set`, but an invalid body is reported instead of thrown. */
  trySet(body: unknown): { ok: true } | { ok: false; issues: z.ZodError['issues'] } {
    const parsed = faultsSchema.safeParse(body);
    if (!parsed.success) return { ok: false, issues: parsed.error.issues };
    this.faults = parsed.data;
    return { ok: true };
  }

  /**
   * Waits the injected latency, then says whether this call is one of the next `failNextCalls` to fail (and
   * counts it). For calls that are not Fastify routes (SOAP operations); routes use `hook`.
   */
  readonly injectedFailure = async (): Promise<boolean> => {
    if (this.faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.faults.latencyMs));
    if (!this.faults.failNextCalls) return false;
    this.faults = { ...this.faults, failNextCalls: this.faults.failNextCalls - 1 };
    return true;
  };

  /**
   * A route's `preHandler` for the server-to-server API: an injected failure answers HTTP 500 `injected failure`
   * and the handler does not run. A preHandler (not onRequest) so that the body is read first, as before: a
   * request refused for its body consumes no fault.
   */
  readonly hook = async (
    _request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> => {
    if (await this.injectedFailure()) return reply.code(500).type('text/plain').send('injected failure');
    return undefined;
  };
}
