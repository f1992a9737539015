/**
 * RFC 9457 problem details: every error the gateway produces, REST or framework, has this shape and
 * the `application/problem+json` media type. Each kind has a stable `type` URI under PROBLEM_TYPE_BASE
 * (documented in client/gateway/README.md) that clients can switch on; `title` is fixed per kind and
 * `detail` explains this occurrence.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const PROBLEM_TYPE_BASE = 'https://payments.example/problems/';

/** How long a client should wait before retrying after a 503 (Temporal unreachable), in seconds. */
export const RETRY_AFTER_SECONDS = 5;

export const PROBLEM_KINDS = {
  'malformed-request': { status: 400, title: 'Malformed request' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: "Conflicts with the payment's current state" },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  validation: { status: 422, title: 'Invalid request' },
  'provider-declined': { status: 422, title: 'Declined by the payment provider' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  'provider-unavailable': { status: 502, title: 'Payment provider unavailable' },
  unavailable: { status: 503, title: 'Temporarily unavailable' },
} as const;

export type ProblemKind = keyof typeof PROBLEM_KINDS;

export interface FieldError {
  /** A body path such as `returnUrls.success`, or a path parameter or header name. */
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request path this problem occurred on (without the query string). */
  instance: string;
  /** Extension: the request id, also in the `x-request-id` response header and in our logs. */
  requestId: string;
  /** Extension, validation problems only: every offending field. */
  errors?: FieldError[];
}

/** What a route throws to answer with a specific problem; the error handler renders it. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
  }
}

export function statusOf(kind: ProblemKind): number {
  return PROBLEM_KINDS[kind].status;
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  kind: ProblemKind,
  detail: string,
  errors?: FieldError[],
): FastifyReply {
  const { status, title } = PROBLEM_KINDS[kind];
  const problem: ProblemDetails = {
    type: PROBLEM_TYPE_BASE + kind,
    title,
    status,
    detail,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: request.id,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
  if (status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply.code(status).type('application/problem+json').send(problem);
}
