/**
 * Listing payments through Temporal visibility (the search attributes the workflow upserts), for
 * operators and backend services: "every authorized Assist payment since Monday". Filters are
 * validated and turned into a visibility query here, so no caller writes query strings by hand.
 */
import { z } from 'zod';
import { PAYMENT_STATUSES } from '../domain/payment-types';
import { PAYMENT_WORKFLOW_TYPE } from '../workflows/payment-definitions';
import {
  MerchantOrderIdKey,
  PaymentAmountKey,
  PaymentCurrencyKey,
  PaymentProviderKey,
  PaymentStatusKey,
} from '../workflows/search-attributes';
import type { WorkflowExecutionInfo } from '@temporalio/client';

export const paymentFilterSchema = z
  .object({
    status: z.enum(PAYMENT_STATUSES).optional(),
    provider: z
      .string()
      .regex(/^[a-z0-9_-]{1,32}$/, 'must be a provider name')
      .optional(),
    /** Payments started at or after this instant (ISO 8601). */
    since: z.iso.datetime({ offset: true }).optional(),
    /** Payments started before this instant (ISO 8601). */
    until: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(50),
  })
  .strict();
export type PaymentFilter = z.input<typeof paymentFilterSchema>;

export interface PaymentSummary {
  orderId: string;
  status: string;
  provider: string;
  amount: number;
  currency: string;
  startedAt: string;
  closedAt?: string;
  /** Whether the workflow is still running (open for commands). */
  open: boolean;
}

/** The visibility query for a validated filter. Values come from enums and strict patterns only. */
export function visibilityQuery(filter: z.output<typeof paymentFilterSchema>): string {
  const clauses = [`WorkflowType = '${PAYMENT_WORKFLOW_TYPE}'`];
  if (filter.status) clauses.push(`${PaymentStatusKey.name} = '${filter.status}'`);
  if (filter.provider) clauses.push(`${PaymentProviderKey.name} = '${filter.provider}'`);
  if (filter.since) clauses.push(`StartTime >= '${new Date(filter.since).toISOString()}'`);
  if (filter.until) clauses.push(`StartTime < '${new Date(filter.until).toISOString()}'`);
  return clauses.join(' AND ');
}

export function toSummary(info: WorkflowExecutionInfo): PaymentSummary {
  const attrs = info.typedSearchAttributes;
  return {
    orderId: attrs.get(MerchantOrderIdKey) ?? info.workflowId.replace(/^payment-/, ''),
    status: attrs.get(PaymentStatusKey) ?? 'unknown',
    provider: attrs.get(PaymentProviderKey) ?? 'unknown',
    amount: attrs.get(PaymentAmountKey) ?? 0,
    currency: attrs.get(PaymentCurrencyKey) ?? '',
    startedAt: info.startTime.toISOString(),
    closedAt: info.closeTime?.toISOString(),
    open: info.status.name === 'RUNNING',
  };
}
