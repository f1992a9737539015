/**
 * CPU and memory of the stack's processes over one measured window. CPU is the difference of the
 * cumulative counters at both ends (seconds, and cores = seconds / wall time); peak RSS is the kernel's
 * high-water mark, reset when the window opens, and cross-checked by sampling every 250 ms (where the
 * reset is not allowed, the sampled maximum is what is reported).
 */
import { loadavg } from 'node:os';
import { machineBusySeconds, resetPeakRss, sampleProcess, type ProcSample } from '../stack/proc';

export interface ProcessUsage {
  cpuSeconds: number;
  /** Average cores busy over the window. */
  cores: number;
  peakRssMB: number;
  endRssMB: number;
}

export interface WindowUsage {
  seconds: number;
  /** 1-minute load average when the window opened and closed (the bench's own processes included). */
  load: [number, number];
  /**
   * Cores busy with anything but the stack's processes (other users of a shared machine): the whole
   * machine's busy time minus ours, over the window.
   */
  foreignCores: number;
  processes: Record<string, ProcessUsage>;
}

const SAMPLE_EVERY_MS = 250;
const MB = 1024 * 1024;

export class ResourceWindow {
  private readonly start = new Map<string, ProcSample>();
  private readonly sampledPeak = new Map<string, number>();
  /** Processes whose kernel high-water mark was reset, so it covers this window only. */
  private readonly hwmReset = new Set<string>();
  private readonly startedAt = performance.now();
  private readonly loadAtStart = loadavg()[0] ?? 0;
  private readonly machineAtStart = machineBusySeconds();
  private readonly sampler: NodeJS.Timeout;

  constructor(private readonly pids: Record<string, number | undefined>) {
    for (const [name, pid] of this.entries()) {
      if (resetPeakRss(pid)) this.hwmReset.add(name);
      const sample = sampleProcess(pid);
      if (sample) this.start.set(name, sample);
    }
    this.sampler = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
    this.sampler.unref();
  }

  close(): WindowUsage {
    clearInterval(this.sampler);
    this.sample();
    const seconds = (performance.now() - this.startedAt) / 1000;
    const processes: Record<string, ProcessUsage> = {};
    for (const [name, pid] of this.entries()) {
      const begin = this.start.get(name);
      const end = sampleProcess(pid);
      if (!begin || !end) continue;
      const cpuSeconds = end.cpuSeconds - begin.cpuSeconds;
      processes[name] = {
        cpuSeconds,
        cores: seconds > 0 ? cpuSeconds / seconds : 0,
        peakRssMB:
          Math.max(this.hwmReset.has(name) ? end.peakRssBytes : 0, this.sampledPeak.get(name) ?? 0) / MB,
        endRssMB: end.rssBytes / MB,
      };
    }
    const ours = Object.values(processes).reduce((sum, p) => sum + p.cpuSeconds, 0);
    const foreignCores = (machineBusySeconds() - this.machineAtStart - ours) / seconds;
    return { seconds, load: [this.loadAtStart, loadavg()[0] ?? 0], foreignCores, processes };
  }

  private sample(): void {
    for (const [name, pid] of this.entries()) {
      const now = sampleProcess(pid);
      if (now) this.sampledPeak.set(name, Math.max(this.sampledPeak.get(name) ?? 0, now.rssBytes));
    }
  }

  private entries(): Array<[string, number]> {
    return Object.entries(this.pids).filter((e): e is [string, number] => e[1] !== undefined);
  }
}
