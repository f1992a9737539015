/**
 * Debian's Chromium driven by playwright-core (Playwright's own browser download cannot work on
 * machines that reach only the package registries; scripts/ensure-chromium.ts finds or installs it).
 */
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Without the background-networking flags Chromium keeps calling Google's services, which a closed
 * network refuses many times over; the rest keep a headless run quiet and the same on every machine.
 */
const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless, without the sandbox (tests run as root); Playwright gives it a fresh temporary profile. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, chromiumSandbox: false, args: CHROMIUM_ARGS });
}

/**
 * Waits until `text` is visible in one of the UI's markdown frames. The UI renders summaries and
 * details in `<iframe title="output">` (its /render page), so a page-level text search misses them.
 */
export async function waitForTextInOutputFrame(page: Page, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const frames = page.locator('iframe[title="output"]');
  for (;;) {
    for (let i = 0; i < (await frames.count()); i++) {
      const match = frames.nth(i).contentFrame().getByText(text, { exact: false }).first();
      if (await match.isVisible().catch(() => false)) return;
    }
    if (Date.now() > deadline) {
      throw new Error(`"${text}" did not appear in any rendered summary or details within ${timeoutMs} ms`);
    }
    await page.waitForTimeout(200);
  }
}
