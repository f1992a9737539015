/**
 * The failure converter, loaded by path (DataConverter.failureConverterPath): the SDK requires it in
 * the worker and client processes and bundles it into the workflow sandbox, so it exports an instance
 * and imports nothing but @temporalio/common.
 *
 * By default a failure's message and stack trace are stored in history as plain text, and ours can
 * name a customer or quote a provider's answer. encodeCommonAttributes moves both into a payload,
 * which the payload codec encrypts; the visible message becomes "Encoded failure". Failure types
 * (ApplicationFailure.type) stay readable, and the client restores the message when it decodes.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
