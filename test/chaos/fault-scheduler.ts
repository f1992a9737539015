/**
 * When things break during a chaos run. Process faults fire at seeded points of the run's progress
 * (share of payments started), so they land in the thick of traffic whatever the machine's speed:
 * the worker is SIGKILLed and restarted several times, the Temporal server is stopped and started once,
 * the gateway once, one at a time. Meanwhile, on seeded timers, provider links go through storms of 5xx,
 * timeouts and latency, and bursts of malformed notifications arrive from a stranger's address.
 *
 * A process that dies on its own is restarted, as a process manager would, and reported: the run
 * must say so rather than stall.
 */
import type { ChaosStack } from './stack';
import type { MalformedNotifications } from './malformed-notifications';
import type { ChaosOptions } from './options';
import type { Storm } from './provider-link';
import type { Random } from './random';

type ProcessFault = 'worker-kill' | 'temporal-restart' | 'gateway-restart';

export interface ProcessFaultCounts {
  workerKills: number;
  temporalRestarts: number;
  gatewayRestarts: number;
  /** Restarts after a process exited without being asked to. */
  unplannedRestarts: number;
  providerStorms: number;
  malformedBursts: number;
}

const STORM: Storm = { failRate: 0.3, timeoutRate: 0.1, latencyRate: 0.3, latencyMs: [200, 1_500] };
const WATCHDOG_MS = 1_000;

export class FaultScheduler {
  readonly counts: ProcessFaultCounts = {
    workerKills: 0,
    temporalRestarts: 0,
    gatewayRestarts: 0,
    unplannedRestarts: 0,
    providerStorms: 0,
    malformedBursts: 0,
  };
  /** When each process fault happened, for the report. */
  readonly timeline: string[] = [];
  private running = false;
  /** Process faults and watchdog restarts run one at a time. */
  private processes: Promise<void> = Promise.resolve();
  private readonly loops: Array<Promise<void>> = [];
  private readonly plan: Array<{ at: number; fault: ProcessFault }>;

  constructor(
    private readonly stack: ChaosStack,
    private readonly options: ChaosOptions,
    private readonly random: Random,
    /** Share of the run's payments started so far, 0..1. */
    private readonly progress: () => number,
    private readonly malformed: MalformedNotifications | undefined,
    private readonly log: (line: string) => void,
  ) {
    const at = (min: number, max: number) => min + random.next() * (max - min);
    this.plan = [
      ...Array.from({ length: options.workerKills }, () => ({
        at: at(0.05, 0.9),
        fault: 'worker-kill' as const,
      })),
      ...(options.restartTemporal ? [{ at: at(0.3, 0.65), fault: 'temporal-restart' as const }] : []),
      ...(options.restartGateway ? [{ at: at(0.15, 0.85), fault: 'gateway-restart' as const }] : []),
    ].sort((a, b) => a.at - b.at);
  }

  start(): void {
    this.running = true;
    const startedAt = Date.now();
    this.loops.push(this.processFaults(startedAt), this.watchdog());
    if (this.options.providerFaults) this.loops.push(this.storms());
    if (this.options.hostileNotifications && this.malformed) this.loops.push(this.malformedBursts());
  }

  /** Waits for what is left of the plan (progress is complete by now), then ends the timed loops. */
  async stop(): Promise<void> {
    while (this.plan.length > 0) await sleep(200);
    await this.processes;
    this.running = false;
    await Promise.all(this.loops);
    this.stack.links.forEach((link) => link.setStorm(undefined));
  }

  private async processFaults(startedAt: number): Promise<void> {
    while (this.running) {
      const next = this.plan[0];
      if (next && this.progress() >= next.at) {
        this.plan.shift();
        await this.exclusive(() => this.fire(next.fault, startedAt));
      }
      await sleep(200);
    }
  }

  private async fire(fault: ProcessFault, startedAt: number): Promise<void> {
    const when = `${((Date.now() - startedAt) / 1000).toFixed(1)} s, ${Math.round(this.progress() * 100)} % started`;
    try {
      switch (fault) {
        case 'worker-kill':
          this.log(`SIGKILL the worker (${when})`);
          await this.stack.worker.kill();
          this.counts.workerKills += 1;
          await sleep(this.random.int(200, 3_000));
          await this.stack.startWorker();
          break;
        case 'temporal-restart':
          this.log(`stop the Temporal server (${when})`);
          await this.stack.temporal.stop();
          await sleep(this.random.int(1_000, 4_000));
          await this.stack.temporal.start();
          this.counts.temporalRestarts += 1;
          break;
        case 'gateway-restart':
          this.log(`restart the gateway (${when})`);
          await this.stack.gateway.stop();
          await sleep(this.random.int(300, 2_000));
          await this.stack.startGateway();
          this.counts.gatewayRestarts += 1;
          break;
      }
      this.timeline.push(`${fault} at ${when}`);
    } catch (err) {
      this.log(`${fault} did not complete: ${err instanceof Error ? err.message : String(err)}`);
      this.timeline.push(`${fault} at ${when} FAILED: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private exclusive(task: () => Promise<void>): Promise<void> {
    const next = this.processes.then(task);
    this.processes = next.catch(() => undefined);
    return next;
  }

  /** What a process manager does: a child that died on its own is started again. */
  private async watchdog(): Promise<void> {
    while (this.running) {
      await sleep(WATCHDOG_MS);
      await this.exclusive(async () => {
        for (const [app, start] of [
          [this.stack.worker, () => this.stack.startWorker()],
          [this.stack.gateway, () => this.stack.startGateway()],
        ] as const) {
          if (app.running || !this.running) continue;
          this.log(`${app.name} died on its own; restarting it`);
          this.counts.unplannedRestarts += 1;
          await start().catch((err: unknown) => this.log(`${app.name} did not come back: ${String(err)}`));
        }
      });
    }
  }

  private async storms(): Promise<void> {
    const links = [...this.stack.links.values()];
    while (this.running) {
      await this.pause(this.random.int(2_000, 6_000));
      if (!this.running) break;
      const link = this.random.pick(links);
      link.setStorm(STORM);
      this.counts.providerStorms += 1;
      await this.pause(this.random.int(3_000, 8_000));
      link.setStorm(undefined);
    }
  }

  private async malformedBursts(): Promise<void> {
    while (this.running) {
      await this.pause(this.random.int(3_000, 9_000));
      if (!this.running) break;
      await this.malformed?.burst(this.random.int(5, 45));
      this.counts.malformedBursts += 1;
    }
  }

  /** A sleep that ends early when the scheduler stops. */
  private async pause(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (this.running && Date.now() < until) await sleep(Math.min(250, until - Date.now()));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
