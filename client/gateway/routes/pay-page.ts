/**
 * `GET /v1/payments/:orderId/pay`: a page that sends the payer's browser to the provider, whatever
 * shape the redirect has (a GET link, or a form POST as Assist and mobilPay need). Merchants can link
 * to it instead of rendering the form themselves, and a person trying the sandbox can open it.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { RedirectInstruction } from '../../../domain/payment-types';
import { PaymentsError } from '../../errors';
import type { PaymentsApi } from '../payments-api';
import { orderIdFrom } from '../request-inputs';

export function payPageRoutes(payments: PaymentsApi): FastifyPluginAsync {
  return async (app) => {
    app.get('/payments/:orderId/pay', async (request, reply) => {
      const orderId = orderIdFrom(request.params);
      const view = await payments.getPayment(orderId);
      if (!view.redirect || view.status !== 'awaiting_payer') {
        throw new PaymentsError(
          'validation',
          `payment ${orderId} is ${view.status}; there is nothing for the payer to do`,
        );
      }
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .send(redirectPage(view.redirect));
    });
  };
}

function redirectPage(redirect: RedirectInstruction): string {
  const fields = Object.entries(redirect.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n      ');
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Redirecting to payment</title></head>
  <body onload="document.forms[0].submit()">
    <form method="${redirect.method}" action="${escapeHtml(redirect.url)}">
      ${fields}
      <noscript><p>Continue to the payment page:</p></noscript>
      <button type="submit">Continue to payment</button>
    </form>
  </body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
