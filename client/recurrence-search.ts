/**
 * Listing recurrences through Temporal visibility (the search attributes the recurrence workflow upserts),
 * for operators: "every past_due BIG FISH recurrence", "what charges before tomorrow". Like
 * payment-search.ts, filters are validated and turned into a visibility query here, so no caller writes
 * query strings by hand.
 */
import { z } from 'zod';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { RECURRENCE_STATUSES } from '../domain/recurrence-types';
import { RECURRENCE_WORKFLOW_TYPE } from '../workflows/recurring-definitions';
import { NextChargeAtKey, PaymentProviderKey, RecurrenceStatusKey } from '../workflows/search-attributes';

export const recurrenceFilterSchema = z
  .object({
    status: z.enum(RECURRENCE_STATUSES).optional(),
    provider: z
      .string()
      .regex(/^[a-z0-9_-]{1,32}$/, 'must be a provider name')
      .optional(),
    /** Recurrences whose next charge is expected before this instant (ISO 8601). */
    dueBefore: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(50),
  })
  .strict();
export type RecurrenceFilter = z.input<typeof recurrenceFilterSchema>;

export interface RecurrenceSummary {
  recurrenceId: string;
  status: string;
  provider: string;
  /** When the next charge is expected (ISO 8601); absent when none is (ended, or waiting for the first payment). */
  nextChargeAt?: string;
  startedAt: string;
  /** Whether the workflow is still running (open for commands). */
  open: boolean;
}

const WORKFLOW_ID_PREFIX = 'recurrence-';

/** The visibility query for a validated filter. Values come from enums, strict patterns and parsed dates only. */
export function recurrenceVisibilityQuery(filter: z.output<typeof recurrenceFilterSchema>): string {
  const clauses = [
    `WorkflowType = '${RECURRENCE_WORKFLOW_TYPE}'`,
    // Each continue-as-new closes a run under the same workflow id; only the latest run is the recurrence.
    `ExecutionStatus != 'ContinuedAsNew'`,
  ];
  if (filter.status) clauses.push(`${RecurrenceStatusKey.name} = '${filter.status}'`);
  if (filter.provider) clauses.push(`${PaymentProviderKey.name} = '${filter.provider}'`);
  // A recurrence with nothing due has no NextChargeAt, so the comparison leaves it out.
  if (filter.dueBefore)
    clauses.push(`${NextChargeAtKey.name} < '${new Date(filter.dueBefore).toISOString()}'`);
  return clauses.join(' AND ');
}

export function toRecurrenceSummary(info: WorkflowExecutionInfo): RecurrenceSummary {
  const attrs = info.typedSearchAttributes;
  const nextChargeAt = attrs.get(NextChargeAtKey);
  return {
    recurrenceId: info.workflowId.startsWith(WORKFLOW_ID_PREFIX)
      ? info.workflowId.slice(WORKFLOW_ID_PREFIX.length)
      : info.workflowId,
    status: attrs.get(RecurrenceStatusKey) ?? 'unknown',
    provider: attrs.get(PaymentProviderKey) ?? 'unknown',
    ...(nextChargeAt ? { nextChargeAt: nextChargeAt.toISOString() } : {}),
    startedAt: info.startTime.toISOString(),
    open: info.status.name === 'RUNNING',
  };
}
