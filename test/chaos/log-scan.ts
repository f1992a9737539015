/**
 * Personal data in the processes' logs after a run. Every chaos payment carries a payer e-mail under
 * chaos.example, a phone number and an IP address (journal.ts); none of them may appear in what the
 * worker and the gateway wrote, in any encoding we can think of, whatever failed along the way.
 */
import { readFileSync } from 'node:fs';

/** Fragments that only the payers' data contains. */
// No digits-only fragment: timestamps and ids would match them by chance.
const FRAGMENTS = [
  'chaos.example',
  'chaos%2Eexample',
  '%40chaos',
  '@chaos',
  '721 55',
  '721%2055',
  '198.51.100.23',
];

export interface LogLeak {
  file: string;
  fragment: string;
  /** The line around the first occurrence, cut short. */
  context: string;
  occurrences: number;
}

export function findPersonalData(files: readonly string[]): LogLeak[] {
  const leaks: LogLeak[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const fragment of FRAGMENTS) {
      const first = text.indexOf(fragment);
      if (first === -1) continue;
      const occurrences = text.split(fragment).length - 1;
      const lineStart = text.lastIndexOf('\n', first) + 1;
      leaks.push({ file, fragment, occurrences, context: text.slice(lineStart, lineStart + 300) });
    }
  }
  return leaks;
}
