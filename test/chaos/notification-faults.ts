/**
 * Faults on the notification a payer's action makes the provider send, through each sandbox's own
 * setFaults. A sandbox's notification mode is global and read when the notification is sent, which for
 * every provider happens while the payer's action is being handled; so the mode is set, the payer acts,
 * and the mode is reset, one payer action at a time per provider. That makes every injected fault
 * belong to one known payment, and the counts exact.
 */
import type { PayerAction, ProviderSandbox, SandboxFaults } from '../../providers/contract';
import type { RedirectInstruction } from '../../domain/payment-types';

export type NotificationFault =
  | { kind: 'none' }
  /** Never sent: only where the provider has a status API the workflow can fall back on. */
  | { kind: 'drop' }
  | { kind: 'duplicate' }
  /** Held a few seconds, so notifications sent after it (other payments', status checks) overtake it. */
  | { kind: 'reorder'; delayMs: number }
  /** Held until after the payer deadline: the workflow must decide without it, then cope with it. */
  | { kind: 'late'; delayMs: number };

export type NotificationFaultKind = NotificationFault['kind'];

export class NotificationFaults {
  readonly counts: Record<NotificationFaultKind, number> = {
    none: 0,
    drop: 0,
    duplicate: 0,
    reorder: 0,
    late: 0,
  };
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly sandboxes: ReadonlyMap<string, ProviderSandbox>) {}

  /** The payer acts on `redirect` while `fault` applies to the provider's notifications. */
  actAsPayer(
    provider: string,
    redirect: RedirectInstruction,
    action: PayerAction,
    fault: NotificationFault,
  ): Promise<void> {
    const sandbox = this.sandboxes.get(provider);
    if (!sandbox) throw new Error(`no sandbox for ${provider}`);
    return this.exclusive(provider, async () => {
      sandbox.setFaults(toSandboxFaults(fault));
      try {
        await sandbox.actAsPayer(redirect, action);
        if (action !== 'abandon') this.counts[fault.kind] += 1;
      } finally {
        sandbox.setFaults({ notificationMode: 'normal' });
      }
    });
  }

  private exclusive<T>(provider: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(provider) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.queues.set(
      provider,
      next.catch(() => undefined),
    );
    return next;
  }
}

function toSandboxFaults(fault: NotificationFault): SandboxFaults {
  switch (fault.kind) {
    case 'none':
      return { notificationMode: 'normal' };
    case 'drop':
      return { notificationMode: 'drop' };
    case 'duplicate':
      return { notificationMode: 'duplicate' };
    case 'reorder':
    case 'late':
      return { notificationMode: 'delay', notificationDelayMs: fault.delayMs };
  }
}
