/**
 * The one DataConverter for every Client and Worker of this project (and for the workflow bundle,
 * through FAILURE_CONVERTER_PATH). Clients and workers must agree on it: a payload encrypted by one
 * is read by the other.
 */
import type { DataConverter, PayloadCodec } from '@temporalio/common';
import { AesGcmPayloadCodec } from './aes-gcm-codec';
import type { PayloadEncryption } from './key-ring';

/**
 * Give this to bundleWorkflowCode too when prebundling: a worker handed a workflowBundle does not
 * bundle, so the converter inside the sandbox is whatever the bundle was built with.
 */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/** The codec for the configured encryption; undefined when encryption is off. */
export function createPayloadCodec(encryption: PayloadEncryption): PayloadCodec | undefined {
  return encryption.mode === 'off' ? undefined : new AesGcmPayloadCodec(encryption.keyRing);
}

export function createDataConverter(encryption: PayloadEncryption): DataConverter {
  const codec = createPayloadCodec(encryption);
  return {
    // Always set, also with encryption off: the workflow bundle is the same either way, and encoded
    // failure attributes are plain JSON payloads that every client and the UI can still read.
    failureConverterPath: FAILURE_CONVERTER_PATH,
    payloadCodecs: codec ? [codec] : [],
  };
}
