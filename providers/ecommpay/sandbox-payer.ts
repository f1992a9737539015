/**
 * The payer's browser, for tests and the chaos run: follows a redirect instruction over HTTP and presses a
 * button on each sandbox page, as a person would. Redirects within the sandbox are followed; the final
 * redirect to the merchant's return URL is not (that site does not exist in tests).
 */
import { request } from 'undici';
import type { PayerAction } from '../contract';
import type { RedirectInstruction } from '../../domain/payment-types';
import { PAYER_STEP_TIMEOUT_MS } from '../shared/sandbox/payer';
import { findForm } from './sandbox-pages';

interface Page {
  url: string;
  html: string;
}

interface Answer {
  status: number;
  location?: string;
  body: string;
}

export class SandboxPayer {
  constructor(private readonly sandboxUrl: string) {}

  /**
   * Gate: the redirect leads to the partner page (Pay / Decline). Payment Page: to the Payment Page, whose
   * "continue" button leads to the partner page. Abandoning leaves at the first page.
   */
  async act(redirect: RedirectInstruction, action: PayerAction): Promise<void> {
    let page = await this.open(redirect);
    if (action === 'abandon') return;
    if (page.html.includes('value="continue"')) {
      const next = await this.press(page, 'continue');
      if (!next) throw new Error('the Payment Page did not lead to the partner');
      page = next;
    }
    await this.press(page, action);
  }

  private async open(redirect: RedirectInstruction): Promise<Page> {
    const answer =
      redirect.method === 'POST' ? await send(redirect.url, redirect.fields) : await send(redirect.url);
    return expectPage(redirect.url, answer);
  }

  /** Submits the button's form; returns the next sandbox page, or undefined when it leaves the sandbox. */
  private async press(page: Page, choice: string): Promise<Page | undefined> {
    const form = findForm(page.html, choice);
    const target = new URL(form.action, page.url).toString();
    const answer = await send(target, form.fields);
    if (answer.status !== 303) return expectPage(target, answer);
    if (!answer.location) throw new Error('a redirect without Location');
    const next = new URL(answer.location, target);
    if (next.origin !== new URL(this.sandboxUrl).origin) return undefined;
    return expectPage(next.toString(), await send(next.toString()));
  }
}

/** GET, or a form POST when `form` is given; redirects are not followed. */
async function send(url: string, form?: Record<string, string>): Promise<Answer> {
  const answer = await request(url, {
    method: form ? 'POST' : 'GET',
    ...(form
      ? {
          body: new URLSearchParams(form).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }
      : {}),
    headersTimeout: PAYER_STEP_TIMEOUT_MS,
    bodyTimeout: PAYER_STEP_TIMEOUT_MS,
  });
  const location = answer.headers.location;
  return {
    status: answer.statusCode,
    ...(typeof location === 'string' ? { location } : {}),
    body: await answer.body.text(),
  };
}

function expectPage(url: string, answer: Answer): Page {
  if (answer.status !== 200) throw new Error(`the sandbox page answered HTTP ${answer.status}`);
  return { url, html: answer.body };
}
