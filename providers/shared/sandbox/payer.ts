/**
 * The payer's side that the card-page sandboxes share: where the payer's choice is posted, and pressing a button
 * on a payer page as the payer's browser would (used by actAsPayer in tests and the chaos run).
 */
import { postForm } from '../http';
import { findChoiceForm } from './html';

/** Where a payer page posts the payer's choice: `${PAYER_ACTION_PATH}/<the provider's id>`. */
export const PAYER_ACTION_PATH = '/sandbox/payer';

/** How long one step of the payer's browser (or a forger's request) may take. */
export const PAYER_STEP_TIMEOUT_MS = 10_000;

export function payerActionUrl(id: string): string {
  return `${PAYER_ACTION_PATH}/${encodeURIComponent(id)}`;
}

/**
 * Submits the form of the `choice` button found in `html`, its action resolved against `baseUrl`. Throws unless
 * the answer's status is one of `expectedStatuses` (the sandbox's redirect back to the shop, by default).
 */
export async function pressPayerButton(
  html: string,
  choice: string,
  baseUrl: string,
  expectedStatuses: readonly number[] = [303],
): Promise<void> {
  const form = findChoiceForm(html, choice);
  const done = await postForm(new URL(form.action, baseUrl).toString(), form.fields, PAYER_STEP_TIMEOUT_MS);
  if (!expectedStatuses.includes(done.status)) {
    throw new Error(`pressing ${choice} answered HTTP ${done.status}`);
  }
}
