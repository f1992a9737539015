/**
 * The card partner behind ECommPay, as far as the payer sees it: a page reached with the form fields of
 * `redirect_data` (seed 002: `inv`, `hsh`, ... POSTed to the partner's URL). The checksum `hsh` proves the
 * fields came from this sandbox; the partner's real scheme is unknown and irrelevant to the merchant.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { JsonObject } from './json-reader';
import { redirectBody } from './sandbox-messages';
import type { SandboxPayment } from './sandbox-book';
import { PARTNER_PAGE_PATH } from './sandbox-pages';
import { signaturesMatch } from './signature';

export class SandboxPartner {
  private readonly key = randomBytes(32);

  checksum(invoice: string): string {
    return createHmac('sha256', this.key).update(invoice, 'utf8').digest('hex');
  }

  verify(invoice: string, checksum: string): boolean {
    return signaturesMatch(checksum, this.checksum(invoice));
  }

  /** The `redirect_data` object of the `awaiting redirect result` callback (seed 002 shape). */
  redirectData(payment: SandboxPayment, sandboxUrl: string): JsonObject {
    return {
      body: redirectBody(payment, this.checksum(payment.invoice)),
      method: 'POST',
      url: `${sandboxUrl}${PARTNER_PAGE_PATH}`,
    };
  }

  /** The partner page's URL with its fields as a query: where the Payment Page sends the payer. */
  pageUrl(payment: SandboxPayment, sandboxUrl: string): string {
    const query = new URLSearchParams(redirectBody(payment, this.checksum(payment.invoice)));
    return `${sandboxUrl}${PARTNER_PAGE_PATH}?${query.toString()}`;
  }
}
