/**
 * The sandbox's provider-scheduled recurrences (seed 004): after a first payment with `payments_no` (total,
 * including the first; 0 = unlimited) and `interval_day`, the sandbox charges the same order every `interval_day`
 * "days" and sends an IPN with `current_payment_count` = the charge's number. A "day" is `dayMs` long, so tests
 * run a schedule in seconds. moveRecurrence, modifyRecurrencePrice and cancelRecurrence act on the schedule and
 * answer seed 004's codes.
 */
import { MoneyError } from '../../domain/money';
import { fromMobilpayAmount } from './amounts';
import type { IpnToSend, SandboxOrder, SandboxOrderBook } from './sandbox-orders';
import { RECURRENCE_OK } from './soap-codes';
import { parseRecurrenceDate } from './wall-clock';

/** seed 004's codes the schedule answers. */
export const RECURRENCE_CODES = {
  ok: RECURRENCE_OK,
  invalidAction: 0x3000,
  invalidData: 0x4002,
  purchaseNotFound: 0x4004,
} as const;

/** setTimeout's largest delay; longer waits are armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const MAX_PRICE_MINOR = 9_999_900;

interface Schedule {
  first: SandboxOrder;
  paymentsNo: number;
  intervalDays: number;
  price: number;
  made: number;
  nextAt: number;
  active: boolean;
  timer?: NodeJS.Timeout;
}

export interface RecurrenceSettings {
  dayMs: number;
  timeZone: string;
  now?: () => number;
}

export class SandboxRecurrences {
  private readonly schedules = new Map<string, Schedule>();
  private closed = false;

  constructor(
    private readonly book: SandboxOrderBook,
    private readonly settings: RecurrenceSettings,
    private readonly send: (ipn: IpnToSend) => void,
  ) {}

  /** After a first payment whose IPN said current_payment_count = 1. */
  start(first: SandboxOrder): void {
    const recurrence = first.recurrence;
    if (!recurrence || recurrence.paymentsNo === 1) return;
    const schedule: Schedule = {
      first,
      paymentsNo: recurrence.paymentsNo,
      intervalDays: recurrence.intervalDays,
      price: first.amount,
      made: 1,
      nextAt: this.now() + this.intervalMs(recurrence.intervalDays),
      active: true,
    };
    this.schedules.set(key(first.signature, first.orderId), schedule);
    this.arm(schedule);
  }

  move(sacId: string, orderId: string, dateText: string): number {
    const found = this.find(sacId, orderId);
    if (typeof found === 'number') return found;
    const at = parseRecurrenceDate(dateText, this.settings.timeZone);
    if (!at || at.getTime() <= this.now()) return RECURRENCE_CODES.invalidData;
    found.nextAt = at.getTime();
    this.arm(found);
    return RECURRENCE_CODES.ok;
  }

  modifyPrice(sacId: string, orderId: string, priceText: string): number {
    const found = this.find(sacId, orderId);
    if (typeof found === 'number') return found;
    let price: number;
    try {
      price = fromMobilpayAmount(priceText, found.first.currency, 'price');
    } catch (error) {
      if (error instanceof MoneyError) return RECURRENCE_CODES.invalidData;
      throw error;
    }
    if (price <= 0 || price > MAX_PRICE_MINOR) return RECURRENCE_CODES.invalidData;
    found.price = price;
    return RECURRENCE_CODES.ok;
  }

  cancel(sacId: string, orderId: string): number {
    const found = this.find(sacId, orderId);
    if (typeof found === 'number') return found;
    found.active = false;
    clearTimeout(found.timer);
    return RECURRENCE_CODES.ok;
  }

  close(): void {
    this.closed = true;
    for (const schedule of this.schedules.values()) clearTimeout(schedule.timer);
  }

  /** The active schedule, or the code: no such order (0x4004) or nothing left to act on (0x3000). */
  private find(sacId: string, orderId: string): Schedule | number {
    const schedule = this.schedules.get(key(sacId, orderId));
    if (schedule?.active) return schedule;
    if (schedule || 'order' in this.book.paidAttempt(sacId, orderId)) return RECURRENCE_CODES.invalidAction;
    return RECURRENCE_CODES.purchaseNotFound;
  }

  private charge(schedule: Schedule): void {
    if (!schedule.active || this.closed) return;
    schedule.made += 1;
    this.send(this.book.recurringCharge(schedule.first, schedule.made, schedule.price));
    if (schedule.paymentsNo !== 0 && schedule.made >= schedule.paymentsNo) {
      schedule.active = false;
      return;
    }
    schedule.nextAt += this.intervalMs(schedule.intervalDays);
    this.arm(schedule);
  }

  private arm(schedule: Schedule): void {
    clearTimeout(schedule.timer);
    if (this.closed) return;
    const wait = schedule.nextAt - this.now();
    if (wait > MAX_TIMER_MS) {
      schedule.timer = setTimeout(() => this.arm(schedule), MAX_TIMER_MS);
      return;
    }
    schedule.timer = setTimeout(() => this.charge(schedule), Math.max(0, wait));
  }

  private intervalMs(days: number): number {
    return days * this.settings.dayMs;
  }

  private now(): number {
    return (this.settings.now ?? Date.now)();
  }
}

function key(signature: string, orderId: string): string {
  return `${signature}\n${orderId}`;
}
