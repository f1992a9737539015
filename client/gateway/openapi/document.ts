/**
 * The OpenAPI 3.1 document of the REST API (/v1), generated from the same zod schemas the API
 * validates with, served at GET /docs/openapi.json. Built once per gateway: it depends on code only.
 */
import type { z } from 'zod';
import { version } from '../../../package.json';
import { problemResponseComponents, problemSchema } from './problems';
import { operationObject, type SchemaNames } from './operation';
import { openApiPath, parameterComponents } from './parameters';
import { API_RESOURCES } from './resources';
import { componentSchemas } from './schema-conversion';
import type { ApiResource, JsonSchema, OpenApiDocument } from './types';

const DESCRIPTION = [
  'The REST API of the payment orchestrator: the same operations as the TypeScript PaymentsClient,',
  'for services in other languages. Every payment is a durable Temporal workflow.',
  '',
  '- Amounts are integers in minor units of the currency (USD 237.40 is `23740`).',
  '- Errors are RFC 9457 problem details (`application/problem+json`) with a stable `type` URI.',
  '- The order id is the idempotency key of a create; commands take an `Idempotency-Key` header.',
  '- No authentication of its own: expose the API only to trusted services.',
].join('\n');

export function buildOpenApiDocument(resources: readonly ApiResource[] = API_RESOURCES): OpenApiDocument {
  const requestSchemas = merged(resources.map((r) => r.requestSchemas));
  const responseSchemas = merged([...resources.map((r) => r.responseSchemas), { Problem: problemSchema }]);
  const names: SchemaNames = { request: namesOf(requestSchemas), response: namesOf(responseSchemas) };

  const paths: OpenApiDocument['paths'] = {};
  for (const resource of resources) {
    for (const op of resource.operations) {
      const item = (paths[openApiPath(op.route).path] ??= {});
      const method = op.method.toLowerCase() as Lowercase<typeof op.method>;
      if (item[method]) throw new Error(`${op.method} ${op.route} is documented twice`);
      item[method] = operationObject(op, resource.tag.name, names);
    }
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Payment orchestrator API',
      version,
      description: DESCRIPTION,
      license: { name: 'Apache 2.0', identifier: 'Apache-2.0' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: resources.map((r) => r.tag),
    paths,
    components: {
      schemas: merged<JsonSchema>([
        componentSchemas(requestSchemas, 'input'),
        componentSchemas(responseSchemas, 'output'),
      ]),
      parameters: parameterComponents(),
      responses: problemResponseComponents(),
    },
  };
}

/** One namespace of component names: a name used twice is a mistake, not an override. */
function merged<T>(parts: ReadonlyArray<Record<string, T>>): Record<string, T> {
  const all: Record<string, T> = {};
  for (const part of parts) {
    for (const [name, value] of Object.entries(part)) {
      if (name in all) throw new Error(`component schema ${name} is defined twice`);
      all[name] = value;
    }
  }
  return all;
}

function namesOf(schemas: Record<string, z.ZodType>): Map<z.ZodType, string> {
  return new Map(Object.entries(schemas).map(([name, schema]) => [schema, name]));
}
