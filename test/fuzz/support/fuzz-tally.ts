/**
 * How many inputs each fuzz file tried, written as JSON once the file's properties have all passed, so
 * the chaos run's figures table (test/chaos/report.ts) can show the count. One file per fuzz test file
 * (test files run in parallel), under FUZZ_COUNTS_DIR or .data/fuzz-counts/.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';

const ROOT = resolve(__dirname, '../../..');

export interface FuzzCounts {
  /** The fuzz test file, e.g. "webhook-handlers". */
  suite: string;
  /** Inputs tried per property ("assist handler: hostile bodies"). */
  properties: Record<string, number>;
  at: string;
}

export function fuzzCountsDir(): string {
  return process.env.FUZZ_COUNTS_DIR ?? join(ROOT, '.data', 'fuzz-counts');
}

export class FuzzTally {
  private readonly properties: Record<string, number> = {};

  constructor(private readonly suite: string) {}

  /** Runs the property `numRuns` times (fast-check throws with a counterexample on failure) and counts it. */
  async check<Ts extends [unknown, ...unknown[]]>(
    name: string,
    property: fc.IAsyncProperty<Ts>,
    numRuns: number,
  ): Promise<void> {
    await fc.assert(property, { numRuns });
    this.properties[name] = (this.properties[name] ?? 0) + numRuns;
  }

  /** Counts inputs tried outside fast-check (fixed lists of known-bad bodies). */
  count(name: string, inputs: number): void {
    this.properties[name] = (this.properties[name] ?? 0) + inputs;
  }

  write(): void {
    const dir = fuzzCountsDir();
    mkdirSync(dir, { recursive: true });
    const counts: FuzzCounts = {
      suite: this.suite,
      properties: this.properties,
      at: new Date().toISOString(),
    };
    writeFileSync(join(dir, `${this.suite}.json`), `${JSON.stringify(counts, null, 2)}\n`);
  }
}

/** Every suite's counts found in `dir`. */
export function readFuzzCounts(dir = fuzzCountsDir()): FuzzCounts[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as FuzzCounts);
}
