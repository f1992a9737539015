/**
 * Search attributes the workflows upsert on every transition, so operators can filter in the Temporal UI
 * (e.g. `PaymentStatus="authorized"`). The dev server registers them at start (scripts/dev-server.ts);
 * a self-hosted cluster needs `temporal operator search-attribute create` once (see README).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const PaymentStatusKey = defineSearchAttributeKey('PaymentStatus', SearchAttributeType.KEYWORD);
export const PaymentProviderKey = defineSearchAttributeKey('PaymentProvider', SearchAttributeType.KEYWORD);
export const MerchantOrderIdKey = defineSearchAttributeKey('MerchantOrderId', SearchAttributeType.KEYWORD);
/** Amount in minor units of PaymentCurrency. */
export const PaymentAmountKey = defineSearchAttributeKey('PaymentAmount', SearchAttributeType.INT);
export const PaymentCurrencyKey = defineSearchAttributeKey('PaymentCurrency', SearchAttributeType.KEYWORD);
export const RecurrenceStatusKey = defineSearchAttributeKey('RecurrenceStatus', SearchAttributeType.KEYWORD);
export const NextChargeAtKey = defineSearchAttributeKey('NextChargeAt', SearchAttributeType.DATETIME);

/** Every key, for registering them on a server. */
export const ALL_SEARCH_ATTRIBUTES = [
  PaymentStatusKey,
  PaymentProviderKey,
  MerchantOrderIdKey,
  PaymentAmountKey,
  PaymentCurrencyKey,
  RecurrenceStatusKey,
  NextChargeAtKey,
] as const;
