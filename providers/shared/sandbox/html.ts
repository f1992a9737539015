/**
 * The sandboxes' HTML: escaping, the page shell, a message page, forms that post one choice (a button with hidden
 * fields), and reading such a form back out of a page, which is what the payer's browser does when a button is
 * pressed. Every value put into a page is escaped here; callers pass plain text.
 */

export interface ChoiceForm {
  /** The form's action, unescaped (usually a path on the sandbox). */
  action: string;
  /** Its hidden fields, unescaped; `action` holds the choice. */
  fields: Record<string, string>;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => {
    const found = Object.entries(HTML_ESCAPES).find(([, escaped]) => escaped === entity);
    return found ? found[0] : entity;
  });
}

/** A whole page; `body` is HTML already (its values escaped by the caller), the title is text. */
export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

/** A page with a heading and one message, e.g. the error pages. */
export function messagePage(title: string, heading: string, message: string): string {
  return htmlPage(title, `<h1>${escapeHtml(heading)}</h1><p>${escapeHtml(message)}</p>`);
}

/** A button posting `fields` as hidden inputs to `action`. */
export function choiceForm(action: string, fields: Record<string, string>, label: string): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<form method="POST" action="${escapeHtml(action)}">${inputs}<button type="submit">${escapeHtml(label)}</button></form>`;
}

/** A button whose only field is the payer's choice (`action=<choice>`). */
export function choiceButton(action: string, choice: string, label: string): string {
  return choiceForm(action, { action: choice }, label);
}

/**
 * The form behind the button whose hidden `action` field is `choice`, as a browser would submit it. Reads the
 * forms choiceForm writes; `pageName` only words the error when there is no such button.
 */
export function findChoiceForm(html: string, choice: string, pageName = 'payer page'): ChoiceForm {
  for (const match of html.matchAll(/<form method="POST" action="([^"]+)">([\s\S]*?)<\/form>/g)) {
    const [, action = '', inner = ''] = match;
    const fields: Record<string, string> = {};
    for (const input of inner.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      fields[unescapeHtml(input[1] ?? '')] = unescapeHtml(input[2] ?? '');
    }
    if (fields.action === choice) return { action: unescapeHtml(action), fields };
  }
  throw new Error(`the ${pageName} has no "${choice}" button`);
}
