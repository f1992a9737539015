/**
 * Which test files talk to the shared Temporal server: those that import test/support/temporal.ts,
 * directly or through other files under test/ (test/contract/kit.ts, test/support/stack.ts, ...),
 * except those that start a dev server of their own (the UI test needs one with the Web UI).
 * Found from the source rather than listed, so a new integration test is never silently left out
 * of `npm run test:postgres`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const SERVER_CONNECTION = join(ROOT, 'test', 'support', 'temporal.ts');
const TEST_DIR = join(ROOT, 'test');
// Static `import ... from './x'`, `import './x'` and `export ... from './x'`; only relative specifiers matter.
const RELATIVE_IMPORT = /(?:from|import)\s*['"](\.{1,2}\/[^'"]+)['"]/g;
// scripts/dev-server.ts's entry point: a file calling it runs against that server, not ours.
const OWN_DEV_SERVER = /\bstartDevServer\(/;

function resolveImport(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  return [base, `${base}.ts`, join(base, 'index.ts')].find(
    (file) => file.endsWith('.ts') && existsSync(file),
  );
}

/** Keeps the repo-relative test files that reach test/support/temporal.ts through their imports. */
export function filesNeedingTemporal(files: readonly string[]): string[] {
  const memo = new Map<string, boolean>();
  const reaches = (file: string): boolean => {
    if (file === SERVER_CONNECTION) return true;
    // Only test/ code can lead there; the app's own modules never import test support.
    if (relative(TEST_DIR, file).startsWith('..')) return false;
    const known = memo.get(file);
    if (known !== undefined) return known;
    memo.set(file, false); // cycles end here
    const source = readFileSync(file, 'utf8');
    const found = [...source.matchAll(RELATIVE_IMPORT)].some((match) => {
      const target = resolveImport(file, match[1] ?? '');
      return target !== undefined && reaches(target);
    });
    memo.set(file, found);
    return found;
  };
  return files.filter((file) => {
    const path = join(ROOT, file);
    return reaches(path) && !OWN_DEV_SERVER.test(readFileSync(path, 'utf8'));
  });
}
