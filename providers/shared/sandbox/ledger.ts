/**
 * A sandbox's ledger: every money movement as the provider's own books would show it, in the order it happened,
 * stamped by the book's clock. Append-only on purpose: a movement recorded twice stays twice, because the ledger
 * is the evidence the contract tests and the chaos verifier check for double movements (one operation may also
 * move money twice legitimately, e.g. an Assist cancel that refunds and releases under one Externalrefundid).
 * Whether a repeated request moves money is the book's decision, made before it records.
 */
import type { LedgerEntry } from '../../contract';

/** A movement as the book records it; the ledger adds the time. */
export type Movement = Omit<LedgerEntry, 'at'>;

export class SandboxLedger {
  private readonly entries: LedgerEntry[] = [];

  constructor(private readonly clock: () => Date) {}

  record(movement: Movement): void {
    this.entries.push({ ...movement, at: this.clock().toISOString() });
  }

  /** A copy: callers cannot change the books. */
  list(): readonly LedgerEntry[] {
    return [...this.entries];
  }
}
