/**
 * Test keys for the sandbox, generated once per process and never written anywhere: a key pair playing
 * mobilPay's (the sandbox opens requests with its private half; sandboxConfig hands out the public half as the
 * "certificate") and one playing the merchant's (sandboxConfig hands out the private half; the sandbox seals IPNs
 * with the public half). Not secrets: they exist only in this process's memory.
 *
 * Node cannot create X.509 certificates (node:crypto only parses them), so the "certificate" is a bare public key
 * PEM, which the configuration accepts in place of a certificate (accounts.ts).
 */
import { generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export interface SandboxKeys {
  /** mobilPay's side. */
  mobilpayPrivateKey: KeyObject;
  mobilpayPublicKeyPem: string;
  /** The merchant's side. */
  merchantPrivateKeyPem: string;
}

/** 2048 bits: what NETOPIA issues today would be at least this (INFERRED); fast enough to make once. */
const TEST_KEY_BITS = 2048;

let cached: SandboxKeys | undefined;

export function sandboxKeys(): SandboxKeys {
  if (!cached) {
    const mobilpay = generateKeyPairSync('rsa', { modulusLength: TEST_KEY_BITS });
    const merchant = generateKeyPairSync('rsa', { modulusLength: TEST_KEY_BITS });
    cached = {
      mobilpayPrivateKey: mobilpay.privateKey,
      mobilpayPublicKeyPem: mobilpay.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      merchantPrivateKeyPem: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
  }
  return cached;
}
