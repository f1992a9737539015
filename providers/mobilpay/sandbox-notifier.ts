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
import { toMobilpayAmount } from './amounts';
import { sealEnvelope } from './envelope';
import { buildIpnXml, parseCrcAnswer } from './protocol';
import type { IpnToSend } from './sandbox-orders';
import { orderTimestamp } from './wall-clock';

/** Minutes before each resend: 19 resends after the first attempt, 20 attempts in all. */
const RESEND_AFTER_MINUTES = [1, 2, 5, 10, 15, 30, ...Array<number>(13).fill(60)] as const;

const DELIVERY_TIMEOUT_MS = 10_000;

export interface NotifierSettings {
  timeScale: number;
  timeZone: string;
  faults: () => SandboxFaults;
  /** The merchant's public key for the order's seller account. */
  merchantKey: (signature: string) => KeyObject;
}

export class SandboxNotifier {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly settings: NotifierSettings) {}

  /** Sends one IPN, honouring the notification faults in force. Never throws. */
  send(ipn: IpnToSend): void {
    const fields = this.seal(ipn);
    const url = ipn.order.confirmUrl;
    const { notificationMode = 'normal', notificationDelayMs = 0 } = this.settings.faults();
    switch (notificationMode) {
      case 'drop':
        return;
      case 'duplicate':
        this.schedule(() => this.deliver(url, fields, 0), 0);
        this.schedule(() => this.deliver(url, fields, 0), 0);
        return;
      case 'delay':
        this.schedule(() => this.deliver(url, fields, 0), notificationDelayMs);
        return;
      case 'normal':
        this.schedule(() => this.deliver(url, fields, 0), 0);
        return;
    }
  }

  close(): void {
    this.closed = true;
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
  }

  /** The IPN XML sealed for the merchant; each IPN has its own crc, repeated in every resend. */
  private seal(ipn: IpnToSend): Record<string, string> {
    const { order } = ipn;
    const xml = buildIpnXml(order.echo, {
      timestamp: orderTimestamp(new Date(), this.settings.timeZone),
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
    const sealed = sealEnvelope(xml, this.settings.merchantKey(order.signature), order.ipnCipher);
    return { ...sealed };
  }

  private async deliver(url: string, fields: Record<string, string>, attempt: number): Promise<void> {
    if (this.closed) return;
    if (await this.answeredFinally(url, fields)) return;
    const minutes = RESEND_AFTER_MINUTES[attempt];
    if (minutes === undefined) return; // mobilPay gives up after the last resend.
    this.schedule(() => this.deliver(url, fields, attempt + 1), minutes * 60_000 * this.settings.timeScale);
  }

  /** True when mobilPay would stop: success or a permanent error. */
  private async answeredFinally(url: string, fields: Record<string, string>): Promise<boolean> {
    try {
      const answer = await postForm(url, fields, DELIVERY_TIMEOUT_MS);
      const crc = parseCrcAnswer(answer.body);
      return crc.ok || crc.errorType === 2;
    } catch {
      return false;
    }
  }

  private schedule(task: () => Promise<void>, delayMs: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void task();
    }, delayMs);
    this.timers.add(timer);
  }
}
