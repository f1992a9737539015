/**
 * mobilPay seller accounts and their keys.
 *
 * Whether a payment is pre-authorized (`paid`, captured later over SOAP) or taken at once (`confirmed`) is not a
 * field of the card request: the PHP SDK's request has none (VERIFIED absence, PHP_CARD Card.php/Invoice.php), so
 * it is a property of the seller account (INFERRED). We therefore drive two accounts: the main one for one-stage
 * payments and, optionally, a pre-authorization account for two-stage ones.
 *
 * Each seller account has its own key pair: mobilPay's certificate to seal requests, and our private key (the
 * "Seller Account Certificate", downloaded per account from the console, VERIFIED PHP_CARD comment) to open IPNs.
 * The pre-authorization account defaults to the main account's keys.
 *
 * Node cannot create X.509 certificates (node:crypto only parses them), so the "certificate" may be given as the
 * X.509 certificate mobilPay issues or as a bare RSA public key PEM; createPublicKey reads both.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { CaptureMode } from '../../domain/payment-types';

export type AccountKind = 'main' | 'preauth';

export interface SellerAccount {
  kind: AccountKind;
  signature: string;
  /** Opens IPNs for this account. */
  privateKey: KeyObject;
  /** mobilPay's certificate for this account: seals payment requests. */
  certificate: KeyObject;
}

export interface AccountSettings {
  signature: string;
  privateKeyPem: string;
  privateKeyPassphrase?: string;
  certificatePem: string;
  preauthSignature?: string;
  preauthPrivateKeyPem?: string;
  preauthPrivateKeyPassphrase?: string;
  preauthCertificatePem?: string;
}

/** RSA below 1024 bits is refused; mobilPay's own certificates are 1024 or 2048 bits (INFERRED). */
const MIN_RSA_BITS = 1024;

/** The query parameter we add to the confirm URL of pre-authorization payments, so the IPN names its account. */
export const ACCOUNT_QUERY_PARAM = 'account';

export class SellerAccounts {
  readonly main: SellerAccount;
  readonly preauth: SellerAccount | undefined;

  constructor(settings: AccountSettings) {
    this.main = {
      kind: 'main',
      signature: settings.signature,
      privateKey: loadPrivateKey(settings.privateKeyPem, settings.privateKeyPassphrase),
      certificate: loadPublicKey(settings.certificatePem),
    };
    this.preauth = settings.preauthSignature
      ? {
          kind: 'preauth',
          signature: settings.preauthSignature,
          privateKey: settings.preauthPrivateKeyPem
            ? loadPrivateKey(settings.preauthPrivateKeyPem, settings.preauthPrivateKeyPassphrase)
            : this.main.privateKey,
          certificate: settings.preauthCertificatePem
            ? loadPublicKey(settings.preauthCertificatePem)
            : this.main.certificate,
        }
      : undefined;
  }

  /** The account that makes payments in `mode`, or undefined when two-stage is not configured. */
  forCaptureMode(mode: CaptureMode): SellerAccount | undefined {
    return mode === 'two_stage' ? this.preauth : this.main;
  }

  /** The account an IPN was sent for, from the confirm URL's query (absent = main). */
  forNotification(query: Record<string, string>): SellerAccount | undefined {
    const named = query[ACCOUNT_QUERY_PARAM];
    if (named === undefined) return this.main;
    return named === 'preauth' ? this.preauth : undefined;
  }

  bySignature(signature: string): SellerAccount | undefined {
    return [this.main, this.preauth].find((a) => a?.signature === signature);
  }
}

/** Throws an Error naming what is wrong (never the key). */
export function loadPrivateKey(pem: string, passphrase?: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(passphrase ? { key: pem, passphrase } : pem);
  } catch {
    throw new Error('is not a readable private key PEM (or the passphrase is wrong)');
  }
  assertRsa(key);
  return key;
}

/** An X.509 certificate or a public key PEM. Throws an Error naming what is wrong. */
export function loadPublicKey(pem: string): KeyObject {
  if (/PRIVATE KEY/.test(pem)) throw new Error('must be a certificate or public key, not a private key');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new Error('is not a readable X.509 certificate or public key PEM');
  }
  assertRsa(key);
  return key;
}

function assertRsa(key: KeyObject): void {
  if (key.asymmetricKeyType !== 'rsa') throw new Error('must be an RSA key');
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
    throw new Error(`must be an RSA key of at least ${MIN_RSA_BITS} bits`);
  }
}
