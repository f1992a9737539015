/**
 * charge.cfm's SOAP variant, through the `soap` package and our own charge.wsdl (the real WSDL is not
 * public; see the comment in charge.wsdl). The answer is returned as plain data for protocol.ts to validate.
 */
import path from 'node:path';
import * as soap from 'soap';
import type { SoapMethodAsync } from 'soap';

export const CHARGE_WSDL_PATH = path.join(__dirname, 'charge.wsdl');

export type SoapFailureReason = 'timeout' | 'network' | 'http_status' | 'unreadable_answer';

/** Messages never include the request: it carries the API password. */
export class SoapFailure extends Error {
  override readonly name = 'SoapFailure';
  constructor(
    readonly reason: SoapFailureReason,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export class SoapChargeClient {
  private client: Promise<soap.Client> | undefined;

  constructor(
    private readonly endpoint: string,
    private readonly timeoutMs: number,
  ) {}

  /** Sends ChargeRequest with `fields` as its elements (in the WSDL's sequence order) and returns ChargeResponse. */
  async charge(fields: Record<string, string>): Promise<unknown> {
    const client = await this.connect();
    const charge = client['ChargeAsync'] as SoapMethodAsync;
    try {
      const [answer] = await charge(fields, { timeout: this.timeoutMs });
      return answer;
    } catch (error) {
      throw toSoapFailure(error);
    }
  }

  /** The WSDL is a local file, so this fails only on a broken deployment; a failed load is retried next time. */
  private connect(): Promise<soap.Client> {
    this.client ??= soap.createClientAsync(CHARGE_WSDL_PATH, {}, this.endpoint).catch((error: unknown) => {
      this.client = undefined;
      throw error;
    });
    return this.client;
  }
}

function toSoapFailure(error: unknown): SoapFailure {
  const e = error as { response?: { status?: unknown }; code?: unknown; message?: unknown };
  const status = e.response?.status;
  if (typeof status === 'number' && status !== 200) {
    return new SoapFailure('http_status', `SOAP call answered HTTP ${status}`, status);
  }
  if (typeof status === 'number')
    return new SoapFailure('unreadable_answer', 'SOAP answer could not be read');
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(String(e.message))) {
    return new SoapFailure('timeout', 'SOAP call timed out');
  }
  return new SoapFailure('network', `SOAP call failed (${code || 'network error'})`);
}
