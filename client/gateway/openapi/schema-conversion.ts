/**
 * zod → JSON Schema 2020-12 (OpenAPI 3.1's dialect) with zod 4's own z.toJSONSchema. Request bodies
 * are converted as *inputs* (a field with a default is optional for the caller), responses as
 * *outputs*. Named schemas become `#/components/schemas/<name>`, and a named schema used inside
 * another becomes a $ref to it.
 */
import { z } from 'zod';
import { SCHEMA_NOTES } from './schema-notes';
import type { JsonSchema } from './types';

export const SCHEMA_REF_BASE = '#/components/schemas/';

export type SchemaDirection = 'input' | 'output';

export function componentSchemas(
  named: Record<string, z.ZodType>,
  io: SchemaDirection,
): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    uri: (id) => `${SCHEMA_REF_BASE}${id}`,
    override: (ctx) => annotate(ctx.zodSchema, ctx.jsonSchema, io),
  });
  // Shared definitions appear only for recursive schemas, which the API does not have; fail loudly
  // rather than emit refs into a `__shared` component nobody would find.
  if ('__shared' in schemas) throw new Error('recursive schemas are not supported in the OpenAPI document');
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, asComponent(schema)]));
}

/** One schema inline (query parameters), with the same notes as the components. */
export function inlineSchema(schema: z.ZodType, io: SchemaDirection): JsonSchema {
  return asComponent(
    z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      override: (ctx) => annotate(ctx.zodSchema, ctx.jsonSchema, io),
    }),
  );
}

function annotate(zodSchema: unknown, json: JsonSchema, io: SchemaDirection): void {
  const notes = SCHEMA_NOTES.get(zodSchema as z.ZodType);
  if (notes) Object.assign(json, notes);
  // A response may gain fields in a later version; stating "no other properties" would make clients
  // that validate strictly break on an additive change. Request bodies stay closed: extra fields are 422.
  if (io === 'output' && json.additionalProperties === false) delete json.additionalProperties;
  // zod spells out its date-time regex next to `format`; in an answer the format says it all.
  if (io === 'output' && json.format === 'date-time') delete json.pattern;
}

/** A component is embedded in the document: its own `$schema` and `$id` would only confuse resolvers. */
function asComponent(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}
