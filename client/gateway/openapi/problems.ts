/**
 * RFC 9457 problem responses in the document, derived from client/gateway/problem.ts so that the
 * `type` URIs, titles and status codes documented are the ones the gateway sends. One response
 * component per status code; an operation refers to it with a description naming only the problem
 * kinds that operation can produce.
 */
import { z } from 'zod';
import {
  PROBLEM_KINDS,
  PROBLEM_TYPE_BASE,
  RETRY_AFTER_SECONDS,
  statusOf,
  type ProblemDetails,
  type ProblemKind,
} from '../problem';
import { sameType } from './same-type';
import { SCHEMA_REF_BASE } from './schema-conversion';
import type { ReferenceObject, ResponseObject } from './types';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const RESPONSE_REF_BASE = '#/components/responses/';

const KINDS = Object.keys(PROBLEM_KINDS) as ProblemKind[];

export const problemSchema = z
  .object({
    type: z.enum(KINDS.map((kind) => PROBLEM_TYPE_BASE + kind)).describe('Stable; switch on it'),
    title: z.string().describe('Fixed per type'),
    status: z.number().int().min(400).max(599),
    detail: z.string().describe('What went wrong this time'),
    instance: z.string().describe('The request path'),
    requestId: z.string().describe('Also the x-request-id response header and in the gateway logs'),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('Validation problems: every offending body field, path parameter or header'),
  })
  .describe('RFC 9457 problem details');
sameType<z.output<typeof problemSchema>, ProblemDetails>(true);

/** What any /v1 operation may answer: a malformed URL, and a bug. */
export const GENERIC_PROBLEMS: readonly ProblemKind[] = ['malformed-request', 'internal'];
/** What reading a JSON body may add. */
export const BODY_PROBLEMS: readonly ProblemKind[] = [
  'malformed-request',
  'payload-too-large',
  'unsupported-media-type',
  'validation',
];

function describeKinds(kinds: readonly ProblemKind[]): string {
  return kinds.map((kind) => `\`${kind}\`: ${PROBLEM_KINDS[kind].title}`).join('; ');
}

/** components.responses: `Problem<status>` for every status a problem can have. */
export function problemResponseComponents(): Record<string, ResponseObject> {
  const statuses = [...new Set(KINDS.map(statusOf))].sort();
  return Object.fromEntries(
    statuses.map((status) => {
      const kinds = KINDS.filter((kind) => statusOf(kind) === status);
      const response: ResponseObject = {
        description: describeKinds(kinds),
        content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: `${SCHEMA_REF_BASE}Problem` } } },
      };
      if (status === 503) {
        response.headers = {
          'Retry-After': {
            description: `Seconds to wait before retrying (${RETRY_AFTER_SECONDS})`,
            schema: { type: 'integer' },
          },
        };
      }
      return [`Problem${status}`, response];
    }),
  );
}

/** An operation's problem responses by status code, each naming the kinds that apply. */
export function problemResponses(kinds: readonly ProblemKind[]): Record<string, ReferenceObject> {
  const byStatus = new Map<number, ProblemKind[]>();
  for (const kind of new Set(kinds)) {
    byStatus.set(statusOf(kind), [...(byStatus.get(statusOf(kind)) ?? []), kind]);
  }
  return Object.fromEntries(
    [...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([status, forStatus]) => [
        String(status),
        { $ref: `${RESPONSE_REF_BASE}Problem${status}`, description: describeKinds(forStatus) },
      ]),
  );
}
