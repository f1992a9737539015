/**
 * API documentation: GET /docs/openapi.json (the OpenAPI 3.1 document, for tools) and GET /docs (the
 * same as a page for people; openapi/docs-page.ts says why it is not Swagger UI). Both are built once,
 * on first request, from code alone, and describe /v1 only: webhooks, probes and /metrics are for
 * providers and infrastructure, not API clients.
 */
import type { FastifyPluginAsync } from 'fastify';
import { renderDocsPage } from '../openapi/docs-page';
import { buildOpenApiDocument } from '../openapi/document';
import type { OpenApiDocument } from '../openapi/types';

/** The page has no script and loads nothing: forbid everything but its inline styles. */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

export function docsRoutes(): FastifyPluginAsync {
  let document: OpenApiDocument | undefined;
  let page: string | undefined;
  const theDocument = (): OpenApiDocument => (document ??= buildOpenApiDocument());

  return async (app) => {
    app.get('/docs/openapi.json', async () => theDocument());
    app.get('/docs', async (_request, reply) =>
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', PAGE_CSP)
        .send((page ??= renderDocsPage(theDocument()))),
    );
  };
}
