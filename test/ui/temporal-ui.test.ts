/**
 * The Temporal Web UI as the operators' console, in a real browser (Debian's Chromium through
 * playwright-core): an operator filters PaymentStatus="authorized", opens the payment, and reads its
 * summary, live state and input in clear text, decrypted by the gateway's codec endpoint, while
 * Temporal itself stores only ciphertext. Saves screenshots under docs/ for the README.
 *
 * Needs its own dev server, with the UI and a codec endpoint, so it does not use the headless server
 * of `npm test`. Without Chromium (and no way to install it) the test is skipped, visibly.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { RedirectInstruction } from '../../domain/payment-types';
import { assistProvider } from '../../providers/assist';
import { findFreePort, startDevServer } from '../../scripts/dev-server';
import { ensureChromium } from '../../scripts/ensure-chromium';
import { paymentWorkflowId } from '../../workflows/payment-definitions';
import { TEST_CODEC_TOKEN } from '../support/encryption';
import { startStack, type Stack } from '../support/stack';
import { connectTestTemporal } from '../support/temporal';
import { waitForPayment } from '../support/wait';
import { launchChromium, waitForTextInOutputFrame } from './browser';

const NAMESPACE = 'default';
const DOCS = resolve(__dirname, '..', '..', 'docs');
/** Each UI step: pages render in about a second; this leaves room for a busy CI machine. */
const UI_STEP_MS = 20_000;
/** Base64 of `binary/encrypted`: what the UI shows of our payloads when it cannot decode them. */
const ENCRYPTED_ENCODING_BASE64 = Buffer.from('binary/encrypted').toString('base64');

const log = (line: string) => console.log(`[ui-test] ${line}`);

// The budget covers a first-time apt install of Chromium; once it is there the test takes ~20 s.
test('Temporal UI: filter authorized payments, open one decoded', { timeout: 300_000 }, async (t) => {
  const chromium = await ensureChromium(log);
  if (!chromium.ok) {
    const reason = `SKIPPED: the Temporal UI browser test needs Chromium: ${chromium.reason}`;
    log(reason);
    t.skip(reason);
    return;
  }
  log(`${chromium.version} at ${chromium.path}`);
  const cleanup = cleanupSteps(t);
  const { uiUrl, stack } = await startUiStack(cleanup);

  const authorized = await createPayment(stack, 12_000);
  const waiting = await createPayment(stack, 5_000);
  await stack.sandbox.actAsPayer(authorized.redirect, 'approve');
  await waitForPayment(stack.payments, authorized.orderId, (p) => p.status === 'authorized');
  await waitUntilListed(stack, authorized.orderId);

  const browser = await launchChromium(chromium.path);
  cleanup.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const codecAnswers: number[] = [];
  page.on('response', (res) => {
    if (/\/codec\/[^/]+\/decode$/.test(new URL(res.url()).pathname)) codecAnswers.push(res.status());
  });

  // Unfiltered, both payments are there; so the filter, not a missing workflow, hides the second.
  await page.goto(`${uiUrl}/namespaces/${NAMESPACE}/workflows`);
  await visible(workflowLink(page, waiting.workflowId), 'the unpaid payment in the unfiltered list');

  const query = encodeURIComponent('PaymentStatus="authorized"');
  await page.goto(`${uiUrl}/namespaces/${NAMESPACE}/workflows?query=${query}`);
  await visible(workflowLink(page, authorized.workflowId), 'the authorized payment in the filtered list');
  assert.equal(await page.getByText(waiting.workflowId).count(), 0, 'the filter hides the unpaid payment');

  await workflowLink(page, authorized.workflowId).click();
  // The input, decrypted: the customer's e-mail in clear text and no ciphertext left on the page.
  await visible(
    page.getByText(authorized.email).first(),
    "the input's e-mail, decoded by the codec endpoint",
  );
  const historyText = await page.innerText('body');
  assert.ok(!historyText.includes(ENCRYPTED_ENCODING_BASE64), 'no payload is shown still encrypted');
  assert.ok(!historyText.includes('binary/encrypted'), 'no payload is shown still encrypted');
  await page.screenshot({ path: join(DOCS, 'temporal-ui-payment-input.png') });

  await page.getByRole('tab', { name: 'User Metadata' }).click();
  // The static summary is a payload too, encrypted like the input: seeing it proves the codec again.
  const summary = `${assistProvider.displayName} · 120.00 USD · order ${authorized.orderId}`;
  await waitForTextInOutputFrame(page, summary, UI_STEP_MS);
  // Current details: the live state the workflow publishes with setCurrentDetails.
  await waitForTextInOutputFrame(page, 'authorized 120.00 USD · captured 0.00 USD', UI_STEP_MS);
  await visible(page.getByText('assist create 120.00 USD').first(), 'the activity summary');
  await page.screenshot({ path: join(DOCS, 'temporal-ui-payment.png') });

  assert.ok(codecAnswers.length > 0, 'the UI called the codec endpoint');
  assert.deepEqual(
    codecAnswers.filter((status) => status !== 200),
    [],
    'every codec call succeeded',
  );
  log('screenshots: docs/temporal-ui-payment.png, docs/temporal-ui-payment-input.png');
});

/** A dev server with the UI, whose codec endpoint is the gateway of a stack connected to it. */
async function startUiStack(cleanup: CleanupSteps): Promise<{ uiUrl: string; stack: Stack }> {
  const [port, uiPort, gatewayPort] = [await findFreePort(), await findFreePort(), await findFreePort()];
  const uiUrl = `http://127.0.0.1:${uiPort}`;
  // Token in the path: the UI cannot send an Authorization header of ours (client/gateway/codec-access.ts).
  const codecEndpoint = `http://127.0.0.1:${gatewayPort}/codec/${TEST_CODEC_TOKEN}`;
  const server = await startDevServer({ port, uiPort, namespace: NAMESPACE, codecEndpoint });
  cleanup.push(() => server.stop());
  const temporal = await connectTestTemporal({ address: server.address, namespace: NAMESPACE });
  cleanup.push(() => temporal.close());
  // The browser calls the codec from the UI's origin, so the gateway must allow it (CORS).
  const stack = await startStack(temporal, {
    provider: assistProvider,
    gatewayPort,
    codecCorsOrigins: [uiUrl, `http://localhost:${uiPort}`],
  });
  cleanup.push(() => stack.close());
  return { uiUrl, stack };
}

interface CreatedPayment {
  orderId: string;
  workflowId: string;
  email: string;
  redirect: RedirectInstruction;
}

async function createPayment(stack: Stack, amount: number): Promise<CreatedPayment> {
  const orderId = `ui-${randomUUID().slice(0, 8)}`;
  const email = `payer.${orderId}@example.com`;
  const created = await stack.payments.createPayment({
    orderId,
    provider: assistProvider.name,
    amount,
    currency: 'USD',
    captureMode: 'two_stage',
    customer: { email, firstName: 'Jane', lastName: 'Doe' },
    returnUrls: { success: 'https://merchant.example/ok', failure: 'https://merchant.example/fail' },
  });
  assert.ok(created.redirect, 'Assist sends the payer to its payment page');
  return { orderId, workflowId: paymentWorkflowId(orderId), email, redirect: created.redirect };
}

/** Visibility lags the workflow by a moment; the UI lists from visibility. */
async function waitUntilListed(stack: Stack, orderId: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const listed = await stack.payments.listPayments({ status: 'authorized', limit: 100 });
    if (listed.some((p) => p.orderId === orderId)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`payment ${orderId} is not listed as authorized after 10 s`);
}

/** Waits for a locator, naming in the failure what the operator should have seen. */
async function visible(locator: Locator, what: string): Promise<void> {
  try {
    await locator.waitFor({ state: 'visible', timeout: UI_STEP_MS });
  } catch (err) {
    throw new Error(`the UI did not show ${what} within ${UI_STEP_MS} ms`, { cause: err });
  }
}

/** The Workflow ID column's link (the row also links its status and run id). */
function workflowLink(page: Page, workflowId: string) {
  return page.getByRole('link', { name: workflowId, exact: true });
}

type CleanupSteps = Array<() => Promise<unknown>>;

/** Stops what the test started, last first, even when an assertion failed halfway. */
function cleanupSteps(t: TestContext): CleanupSteps {
  const steps: CleanupSteps = [];
  t.after(async () => {
    for (const step of steps.reverse()) await step().catch((err: unknown) => log(`cleanup: ${String(err)}`));
  });
  return steps;
}
