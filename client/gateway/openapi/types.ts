/**
 * How a REST resource describes itself for the OpenAPI document (ApiResource, ApiOperation), and the
 * subset of OpenAPI 3.1 objects the builder produces and the /docs page reads.
 */
import type { z } from 'zod';
import type { ProblemKind } from '../problem';

export type JsonSchema = z.core.JSONSchema.BaseSchema;

/** One REST resource: its tag, its named schemas, its operations (see resources/index.ts). */
export interface ApiResource {
  tag: { name: string; description: string };
  /** Request bodies by component name, described as callers send them (defaults may be omitted). */
  requestSchemas: Record<string, z.ZodType>;
  /** Response bodies by component name, described as the gateway sends them. */
  responseSchemas: Record<string, z.ZodType>;
  operations: readonly ApiOperation[];
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface ApiOperation {
  method: HttpMethod;
  /** The route exactly as registered in Fastify, e.g. `/v1/payments/:orderId`. */
  route: string;
  operationId: string;
  summary: string;
  description?: string;
  /** What the `Idempotency-Key` header means for this operation; absent when it is ignored. */
  idempotencyKey?: string;
  /** Query parameters: one per property of the object. */
  query?: z.ZodObject;
  /** One of the resource's requestSchemas. `required: false`: no body means no options. */
  body?: { schema: z.ZodType; required: boolean };
  success: SuccessResponse;
  /** Problems particular to this operation; every /v1 operation can also answer GENERIC_PROBLEMS. */
  problems: readonly ProblemKind[];
}

export interface SuccessResponse {
  status: 200 | 201;
  description: string;
  /** One of the resource's responseSchemas as JSON, or an HTML page. */
  content: { json: z.ZodType } | { html: true };
  headers?: Record<string, HeaderObject>;
}

// --- OpenAPI 3.1 objects, as far as this document uses them -----------------------------------------

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: {
    title: string;
    version: string;
    description: string;
    license: { name: string; identifier: string };
  };
  jsonSchemaDialect: string;
  tags: Array<{ name: string; description: string }>;
  paths: Record<string, Partial<Record<Lowercase<HttpMethod>, OperationObject>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, ParameterObject>;
    responses: Record<string, ResponseObject>;
  };
}

/** OpenAPI 3.1 lets a reference carry its own description, overriding the target's. */
export interface ReferenceObject {
  $ref: string;
  description?: string;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface HeaderObject {
  description: string;
  schema: JsonSchema;
}

export interface MediaTypeObject {
  schema: JsonSchema | ReferenceObject;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject>;
  content?: Record<string, MediaTypeObject>;
}

export interface OperationObject {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters: Array<ParameterObject | ReferenceObject>;
  requestBody?: { required: boolean; content: Record<string, MediaTypeObject> };
  responses: Record<string, ResponseObject | ReferenceObject>;
}
