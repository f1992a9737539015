/** The machine a run happened on, for the report: figures from a shared machine mean little without it. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { resolveTemporalCli } from '../../scripts/temporal-cli';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  kernel: string;
  node: string;
  temporalCli: string;
  loadAverage: number[];
}

export function machineInfo(): MachineInfo {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: osName(),
    kernel: release(),
    node: process.version,
    temporalCli: cliVersion(),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

function osName(): string {
  try {
    const line = readFileSync('/etc/os-release', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('PRETTY_NAME='));
    return line ? line.slice('PRETTY_NAME='.length).replace(/"/g, '') : 'unknown';
  } catch {
    return 'unknown';
  }
}

function cliVersion(): string {
  try {
    return execFileSync(resolveTemporalCli(), ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return 'unknown';
  }
}
