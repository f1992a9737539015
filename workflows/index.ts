/** The workflow bundle's entry point: every workflow type the worker registers. */
export { paymentWorkflow } from './payment';
export { merchantNotificationWorkflow } from './merchant-notification';
export { recurrenceWorkflow } from './recurring';
