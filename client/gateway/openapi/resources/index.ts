/**
 * Every documented /v1 resource. This list is the extension point: a new resource adds a file beside
 * these, exporting an ApiResource with its schemas and operations, and one entry here (plus its path
 * parameters in ../parameters.ts). test/gateway/openapi.test.ts fails while any /v1 route the gateway
 * registers has no operation here, and while an operation names a route the gateway does not have.
 */
import type { ApiResource } from '../types';
import { paymentMethodsResource } from './payment-methods';
import { paymentsResource } from './payments';
import { recurringResource } from './recurring';

export const API_RESOURCES: readonly ApiResource[] = [
  paymentsResource,
  recurringResource,
  paymentMethodsResource,
];
