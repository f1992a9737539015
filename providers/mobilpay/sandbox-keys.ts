/**
 * Test keys for the sandbox, shipped in sandbox-keys/ (see its README: not secrets, valid nowhere):
 * a key pair playing mobilPay's (the sandbox opens requests with its private half; sandboxConfig hands
 * out the public half as the "certificate") and one playing the merchant's (sandboxConfig hands out the
 * private half; the sandbox seals IPNs with the public half). They are files rather than generated
 * per process because the worker, the gateway and the sandboxes are separate processes under
 * `npm start`, and all of them must agree on the keys.
 *
 * Node cannot create X.509 certificates (node:crypto only parses them), so the "certificate" is a bare public key
 * PEM, which the configuration accepts in place of a certificate (accounts.ts).
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SandboxKeys {
  /** mobilPay's side. */
  mobilpayPrivateKey: KeyObject;
  mobilpayPublicKeyPem: string;
  /** The merchant's side. */
  merchantPrivateKeyPem: string;
}

const KEYS_DIR = join(__dirname, 'sandbox-keys');

let cached: SandboxKeys | undefined;

export function sandboxKeys(): SandboxKeys {
  if (!cached) {
    const read = (file: string) => readFileSync(join(KEYS_DIR, file), 'utf8');
    cached = {
      mobilpayPrivateKey: createPrivateKey(read('mobilpay-private.pem')),
      mobilpayPublicKeyPem: read('mobilpay-public.pem'),
      merchantPrivateKeyPem: read('merchant-private.pem'),
    };
  }
  return cached;
}
