/**
 * One ApiOperation as an OpenAPI Operation Object: parameters from the route and the operation,
 * the body and success response as $refs to their components, and problem responses for every kind
 * the operation can produce, the generic ones included.
 */
import type { z } from 'zod';
import type { ProblemKind } from '../problem';
import { openApiPath, idempotencyKeyRef, pathParameterRef, queryParameters } from './parameters';
import { BODY_PROBLEMS, GENERIC_PROBLEMS, problemResponses } from './problems';
import { SCHEMA_REF_BASE } from './schema-conversion';
import type {
  ApiOperation,
  MediaTypeObject,
  OperationObject,
  ReferenceObject,
  ResponseObject,
} from './types';

/** Component names of the registered schemas, by schema identity. */
export interface SchemaNames {
  request: ReadonlyMap<z.ZodType, string>;
  response: ReadonlyMap<z.ZodType, string>;
}

export function operationObject(op: ApiOperation, tag: string, names: SchemaNames): OperationObject {
  const { pathParameters } = openApiPath(op.route);
  const problems: ProblemKind[] = [
    ...GENERIC_PROBLEMS,
    ...(op.body ? BODY_PROBLEMS : []),
    // A malformed path segment or Idempotency-Key header is a validation problem naming it.
    ...(pathParameters.length > 0 || op.idempotencyKey ? (['validation'] as const) : []),
    ...op.problems,
  ];
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [tag],
    parameters: [
      ...pathParameters.map((name) => pathParameterRef(name, op.route)),
      ...(op.query ? queryParameters(op.query) : []),
      ...(op.idempotencyKey ? [idempotencyKeyRef(op.idempotencyKey)] : []),
    ],
    ...(op.body
      ? {
          requestBody: {
            required: op.body.required,
            content: { 'application/json': { schema: schemaRef(names.request, op.body.schema, op) } },
          },
        }
      : {}),
    responses: {
      [String(op.success.status)]: successResponse(op, names),
      ...problemResponses(problems),
    },
  };
}

function successResponse(op: ApiOperation, names: SchemaNames): ResponseObject {
  const { description, content, headers } = op.success;
  const media: Record<string, MediaTypeObject> =
    'json' in content
      ? { 'application/json': { schema: schemaRef(names.response, content.json, op) } }
      : { 'text/html': { schema: { type: 'string' } } };
  return { description, ...(headers ? { headers } : {}), content: media };
}

function schemaRef(
  names: ReadonlyMap<z.ZodType, string>,
  schema: z.ZodType,
  op: ApiOperation,
): ReferenceObject {
  const name = names.get(schema);
  if (!name) {
    throw new Error(`${op.operationId}: its schema is not among its resource's request/response schemas`);
  }
  return { $ref: `${SCHEMA_REF_BASE}${name}` };
}
