/**
 * Parameters: path segments by name (`:orderId` → the OrderId component), the Idempotency-Key header,
 * and query parameters from a zod object. A route with a path parameter not listed in PATH_PARAMETERS
 * fails the build of the document, so a new resource cannot ship with an undocumented segment.
 */
import type { z } from 'zod';
import { IDEMPOTENCY_KEY_HEADER, KEY_PATTERN } from '../request-inputs';
import { inlineSchema, SCHEMA_REF_BASE } from './schema-conversion';
import type { ParameterObject, ReferenceObject } from './types';

const PARAMETER_REF_BASE = '#/components/parameters/';

/** Path parameter name → its component. Extend this when a route introduces a new segment name. */
const PATH_PARAMETERS: Record<string, ParameterObject> = {
  orderId: {
    name: 'orderId',
    in: 'path',
    required: true,
    description: "The payment's merchant order id",
    schema: { $ref: `${SCHEMA_REF_BASE}OrderId` },
  },
  recurrenceId: {
    name: 'recurrenceId',
    in: 'path',
    required: true,
    description: "The recurrence's id, as given at its creation",
    schema: { $ref: `${SCHEMA_REF_BASE}RecurrenceId` },
  },
};

/** The key as sent: bare (`abc`) or as a structured-field string (`"abc"`). */
const bareKey = KEY_PATTERN.source.replace(/^\^|\$$/g, '');

const IDEMPOTENCY_KEY: ParameterObject = {
  name: IDEMPOTENCY_KEY_HEADER,
  in: 'header',
  required: false,
  description: '1–255 visible ASCII characters without spaces, bare or in double quotes',
  schema: { type: 'string', pattern: `^(?:"${bareKey}"|${bareKey})$` },
};

export function parameterComponents(): Record<string, ParameterObject> {
  return {
    ...Object.fromEntries(Object.entries(PATH_PARAMETERS).map(([name, p]) => [pascal(name), p])),
    IdempotencyKey: IDEMPOTENCY_KEY,
  };
}

/** Fastify's `/payments/:orderId` as OpenAPI's `/payments/{orderId}`, with the segment names. */
export function openApiPath(route: string): { path: string; pathParameters: string[] } {
  const pathParameters: string[] = [];
  const path = route.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    pathParameters.push(name);
    return `{${name}}`;
  });
  return { path, pathParameters };
}

export function pathParameterRef(name: string, route: string): ReferenceObject {
  if (!PATH_PARAMETERS[name]) {
    throw new Error(
      `${route}: path parameter :${name} is not documented (openapi/parameters.ts PATH_PARAMETERS)`,
    );
  }
  return { $ref: `${PARAMETER_REF_BASE}${pascal(name)}` };
}

export function idempotencyKeyRef(description: string): ReferenceObject {
  return { $ref: `${PARAMETER_REF_BASE}IdempotencyKey`, description };
}

/** One query parameter per property; required unless the property is optional or has a default. */
export function queryParameters(query: z.ZodObject): ParameterObject[] {
  const schema = inlineSchema(query, 'input');
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = typeof property === 'object' ? property : {};
    return {
      name,
      in: 'query' as const,
      required: required.has(name),
      ...(description ? { description } : {}),
      schema: propertySchema,
    };
  });
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
