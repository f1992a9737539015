/**
 * Delivers the sandbox's IPNs the way mobilPay does (VERIFIED, facts §2.3-2.4): a form POST of the sealed XML to
 * the order's confirm URL; a plain `<crc>` answer ends delivery, `error_type="2"` ends it too, and `error_type="1"`
 * or no readable answer (timeout, HTTP error without `<crc>`) makes mobilPay resend, "up to 20" times (VERIFIED).
 * The intervals are not documented: ours grow from 1 minute to hourly (INFERRED); `timeScale` shrinks them for tests.
 */
import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { SandboxFaults } from '../contract';
import { postForm } from '../shared/http';
import type { HttpAnswer } from '../shared/http';
import { minuteSchedule, RetryingNotifier } from '../shared/sandbox/notifier';
import { toMobilpayAmount } from './amounts';
import { sealEnvelope } from './envelope';
import { buildIpnXml, parseCrcAnswer } from './protocol';
import type { IpnToSend } from './sandbox-orders';
import { orderTimestamp } from './wall-clock';

/** Minutes before each resend: 19 resends after the first attempt, 20 attempts in all; then mobilPay gives up. */
const RESEND_AFTER_MINUTES = [1, 2, 5, 10, 15, 30, ...Array<number>(13).fill(60)] as const;

export interface NotifierSettings {
  timeScale: number;
  timeZone: string;
  faults: () => SandboxFaults;
  /** The merchant's public key for the order's seller account. */
  merchantKey: (signature: string) => KeyObject;
}

/** An IPN on the wire: the sealed form fields and the order's confirm URL. */
interface SealedIpn {
  url: string;
  fields: Record<string, string>;
}

export class SandboxNotifier extends RetryingNotifier<IpnToSend, SealedIpn> {
  constructor(settings: NotifierSettings) {
    super({
      schedule: minuteSchedule(RESEND_AFTER_MINUTES),
      timeScale: settings.timeScale,
      faults: settings.faults,
      build: (ipn) => ({ fields: seal(ipn, settings), url: ipn.order.confirmUrl }),
      post: ({ url, fields }, timeoutMs) => postForm(url, fields, timeoutMs),
      delivered: answeredFinally,
    });
  }
}

/** The IPN XML sealed for the merchant; each IPN has its own crc, repeated in every resend. */
function seal(ipn: IpnToSend, settings: NotifierSettings): Record<string, string> {
  const { order } = ipn;
  const xml = buildIpnXml(order.echo, {
    timestamp: orderTimestamp(new Date(), settings.timeZone),
    crc: randomBytes(16).toString('hex'),
    action: ipn.action,
    purchase: ipn.purchase,
    originalAmount: toMobilpayAmount(ipn.originalAmount, order.currency),
    processedAmount: toMobilpayAmount(ipn.processedAmount, order.currency),
    currentPaymentCount: ipn.currentPaymentCount,
    panMasked: '9****5098',
    errorCode: ipn.errorCode,
    errorMessage: ipn.errorMessage,
  });
  const sealed = sealEnvelope(xml, settings.merchantKey(order.signature), order.ipnCipher);
  return { ...sealed };
}

/** True when mobilPay would stop: success or a permanent error. */
function answeredFinally(answer: HttpAnswer): boolean {
  const crc = parseCrcAnswer(answer.body);
  return crc.ok || crc.errorType === 2;
}
