/**
 * GET /docs: the OpenAPI document as one self-contained HTML page, rendered on the server. No
 * script, no stylesheet or font from elsewhere: it works without internet access (where the gateway
 * runs, and where its readers may be), under a CSP that forbids everything but inline styles. Tools
 * that want the interactive treatment (Swagger UI, Redoc, Postman, client generators) load
 * /docs/openapi.json instead.
 */
import type {
  JsonSchema,
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
} from './types';

export const OPENAPI_JSON_PATH = '/docs/openapi.json';

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 1.5rem;color:#1d1d1f}
h1{margin-bottom:0}h2{border-bottom:1px solid #ddd;margin-top:2.5rem}h3{margin:2rem 0 .25rem}
code,pre{font:13px ui-monospace,monospace;background:#f4f4f6;border-radius:3px;padding:0 .2em}
pre{padding:.6rem;overflow-x:auto}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid #eee;text-align:left;padding:.25rem .5rem;vertical-align:top}
td:first-child{white-space:nowrap}
.method{font-weight:700;color:#fff;border-radius:3px;padding:.05rem .4rem;margin-right:.4rem}
.get{background:#1f6feb}.post{background:#2da44e}.patch{background:#9a6700}.delete{background:#cf222e}
.muted{color:#666}a{color:#0969da}`;

export function renderDocsPage(doc: OpenApiDocument): string {
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op: op as OperationObject })),
  );
  const sections = doc.tags.map((tag) => {
    const ops = operations.filter(({ op }) => op.tags.includes(tag.name));
    return `<h2>${esc(tag.name)}</h2><p>${esc(tag.description)}</p>${ops.map((o) => renderOperation(doc, o)).join('')}`;
  });
  const schemas = Object.entries(doc.components.schemas)
    .map(([name, schema]) => `<h3 id="schema-${esc(name)}">${esc(name)}</h3>${renderSchema(schema)}`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(doc.info.title)}</title><style>${STYLE}</style></head>
<body><h1>${esc(doc.info.title)}</h1>
<p class="muted">version ${esc(doc.info.version)} · OpenAPI ${esc(doc.openapi)} ·
<a href="${OPENAPI_JSON_PATH}">openapi.json</a></p>
${markdown(doc.info.description)}
<ul>${operations.map(({ path, method, op }) => `<li><a href="#${esc(op.operationId)}">${esc(method.toUpperCase())} ${esc(path)}</a> ${esc(op.summary)}</li>`).join('')}</ul>
${sections.join('\n')}
<h2>Schemas</h2>${schemas}
</body></html>`;
}

function renderOperation(
  doc: OpenApiDocument,
  o: { path: string; method: string; op: OperationObject },
): string {
  const { op } = o;
  const parameters = op.parameters.map((p) => resolveParameter(doc, p));
  const body = op.requestBody;
  return `<h3 id="${esc(op.operationId)}"><span class="method ${esc(o.method)}">${esc(o.method.toUpperCase())}</span><code>${esc(o.path)}</code></h3>
<p><strong>${esc(op.summary)}</strong></p>${op.description ? markdown(op.description) : ''}
${
  parameters.length
    ? `<table><tr><th>parameter</th><th>in</th><th>schema</th><th>description</th></tr>${parameters
        .map(
          (p) =>
            `<tr><td><code>${esc(p.name)}</code>${p.required ? ' *' : ''}</td><td>${esc(p.in)}</td><td>${summary(p.schema)}</td><td>${inline(p.description ?? '')}</td></tr>`,
        )
        .join('')}</table>`
    : ''
}
${
  body
    ? `<p>Request body${body.required ? '' : ' (optional)'}: ${Object.entries(body.content)
        .map(([type, media]) => `<code>${esc(type)}</code> ${summary(media.schema)}`)
        .join(', ')}</p>`
    : ''
}
<table><tr><th>status</th><th>answer</th></tr>${Object.entries(op.responses)
    .map(([status, r]) => `<tr><td>${esc(status)}</td><td>${renderResponse(doc, r)}</td></tr>`)
    .join('')}</table>`;
}

function renderResponse(doc: OpenApiDocument, r: ResponseObject | ReferenceObject): string {
  const target = '$ref' in r ? doc.components.responses[refName(r.$ref)] : r;
  const description = r.description ?? target?.description ?? '';
  const content = Object.entries(target?.content ?? {})
    .map(([type, media]) => `<code>${esc(type)}</code> ${summary(media.schema)}`)
    .join(', ');
  return `${inline(description)}${content ? `<br>${content}` : ''}`;
}

function resolveParameter(doc: OpenApiDocument, p: ParameterObject | ReferenceObject): ParameterObject {
  if (!('$ref' in p)) return p;
  const target = doc.components.parameters[refName(p.$ref)];
  if (!target) throw new Error(`unresolved ${p.$ref}`);
  return { ...target, ...(p.description ? { description: p.description } : {}) };
}

/** An object's properties as a table; anything else as its one-line summary. The full schema follows. */
function renderSchema(schema: JsonSchema): string {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const table = properties.length
    ? `<table><tr><th>field</th><th>schema</th><th>description</th></tr>${properties
        .map(([name, property]) => {
          const p = typeof property === 'object' ? property : {};
          return `<tr><td><code>${esc(name)}</code>${required.has(name) ? ' *' : ''}</td><td>${summary(p)}</td><td>${inline(p.description ?? '')}</td></tr>`;
        })
        .join('')}</table>`
    : `<p>${summary(schema)}</p>`;
  const json = esc(JSON.stringify(schema, null, 2)).replace(
    /&#34;#\/components\/schemas\/([A-Za-z0-9]+)&#34;/g,
    '&#34;<a href="#schema-$1">#/components/schemas/$1</a>&#34;',
  );
  return `${schema.description ? `<p>${inline(schema.description)}</p>` : ''}${table}<details><summary>JSON Schema</summary><pre>${json}</pre></details>`;
}

/** A schema in a few words: a link for a reference, the type with its format or allowed values. */
function summary(schema: JsonSchema | ReferenceObject): string {
  if (typeof schema.$ref === 'string') {
    const name = refName(schema.$ref);
    return `<a href="#schema-${esc(name)}">${esc(name)}</a>`;
  }
  const s = schema as JsonSchema;
  if (s.enum) return `one of ${s.enum.map((v) => `<code>${esc(String(v))}</code>`).join(' ')}`;
  if (s.anyOf) return s.anyOf.map((branch) => summary(branch as JsonSchema)).join(' or ');
  if (s.type === 'array' && s.items && typeof s.items === 'object' && !Array.isArray(s.items)) {
    return `array of ${summary(s.items)}`;
  }
  const type = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
  return `${esc(type)}${s.format ? ` (${esc(s.format)})` : ''}${s.minimum !== undefined && s.minimum > 0 ? ` ≥ ${s.minimum}` : ''}`;
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** The little markdown the descriptions use: `code`, and lines starting with "- " as a list. */
function markdown(text: string): string {
  const lines = text.split('\n');
  const items = lines.filter((l) => l.startsWith('- ')).map((l) => `<li>${inline(l.slice(2))}</li>`);
  const prose = lines.filter((l) => !l.startsWith('- ') && l.trim() !== '').join(' ');
  return `${prose ? `<p>${inline(prose)}</p>` : ''}${items.length ? `<ul>${items.join('')}</ul>` : ''}`;
}

function inline(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
