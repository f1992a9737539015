/**
 * mobilPay's date texts carry no time zone: the order `timestamp` is "YYYYMMDDhhmmss" in the merchant server's
 * time (VERIFIED, facts §2.2) and moveRecurrence's `recurrenceDate` is "YYYY-MM-dd HH:mm:ss" (VERIFIED, seed 004).
 * Which zone NETOPIA reads them in is not documented: we write and read them in a configured IANA zone, by
 * default Europe/Bucharest (INFERRED: a Romanian processor), so instants survive the round trip.
 */

export const DEFAULT_TIME_ZONE = 'Europe/Bucharest';

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws RangeError for a zone the runtime does not know. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** "20240425020304" */
export function orderTimestamp(at: Date, timeZone: string): string {
  const w = wallTime(at, timeZone);
  return `${w.year}${pad(w.month)}${pad(w.day)}${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`;
}

/** "2024-04-25 02:03:04" */
export function recurrenceDate(at: Date, timeZone: string): string {
  const w = wallTime(at, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** The instant a "YYYY-MM-dd HH:mm:ss" text names in `timeZone`, or undefined when the text is not such a date. */
export function parseRecurrenceDate(text: string, timeZone: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const roundTrip = new Date(asUtc);
  if (
    roundTrip.getUTCMonth() !== month - 1 ||
    roundTrip.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined; // 2024-02-30 and friends
  }
  // The zone's offset at the guess, then once more at the corrected instant (DST changes in between).
  const first = asUtc - offsetMs(asUtc, timeZone);
  return new Date(asUtc - offsetMs(first, timeZone));
}

function offsetMs(instant: number, timeZone: string): number {
  const w = wallTime(new Date(instant), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

function wallTime(at: Date, timeZone: string): WallTime {
  const parts = formatterFor(timeZone).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
