/**
 * CPU time and memory of a process, read from /proc (Linux only). The bench needs figures per phase
 * of one long-lived process, so it reads cumulative CPU at both ends of a phase and resets the peak
 * RSS (VmHWM) at the start: `echo 5 > /proc/<pid>/clear_refs` does that since Linux 4.0.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux the bench targets. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcSample {
  /** User + system CPU seconds since the process started. */
  cpuSeconds: number;
  rssBytes: number;
  /** Peak RSS since start or the last resetPeakRss. */
  peakRssBytes: number;
}

export function sampleProcess(pid: number): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return {
      cpuSeconds: (utime + stime) / CLOCK_TICKS_PER_SECOND,
      rssBytes: kilobytes(status, 'VmRSS') * 1024,
      peakRssBytes: kilobytes(status, 'VmHWM') * 1024,
    };
  } catch {
    return undefined; // the process has gone
  }
}

/** Starts a new peak-RSS window; false where the kernel or our permissions do not allow it. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function kilobytes(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : 0;
}

/** Busy CPU seconds of the whole machine since boot (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal ...: busy is all but idle and iowait.
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    const busy = [user, nice, system, irq, softirq, steal].reduce<number>((sum, x) => sum + (x ?? 0), 0);
    return busy / CLOCK_TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}
