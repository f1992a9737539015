/**
 * Which problem an error becomes. Three sources: PaymentsError (the client's stable codes), ProblemError
 * (a route's own answer), and Fastify's request errors (body too large, wrong media type, bad JSON).
 * Anything else is a bug or an unexpected dependency failure: a generic 500 that reveals nothing.
 */
import { PaymentsError, type PaymentsErrorCode } from '../errors';
import { ProblemError, type FieldError, type ProblemKind } from './problem';

export interface MappedProblem {
  kind: ProblemKind;
  detail: string;
  errors?: FieldError[];
  /** `unexpected` errors are logged in full; the others are expected outcomes of a request. */
  origin: 'request' | 'dependency' | 'unexpected';
}

const KIND_BY_CODE: Record<PaymentsErrorCode, ProblemKind> = {
  validation: 'validation',
  conflict: 'conflict',
  not_found: 'not-found',
  provider_declined: 'provider-declined',
  provider_unavailable: 'provider-unavailable',
  unavailable: 'unavailable',
};

export function mapError(err: unknown, bodyLimitBytes: number): MappedProblem {
  if (err instanceof ProblemError) {
    return { kind: err.kind, detail: err.detail, errors: err.errors, origin: 'request' };
  }
  if (err instanceof PaymentsError) {
    const kind = KIND_BY_CODE[err.code];
    const origin = kind === 'unavailable' || kind === 'provider-unavailable' ? 'dependency' : 'request';
    return { kind, detail: err.message, errors: fieldErrors(err.fields), origin };
  }
  const framework = fastifyRequestError(err, bodyLimitBytes);
  if (framework) return { ...framework, origin: 'request' };
  return {
    kind: 'internal',
    detail: 'an unexpected error occurred; it has been logged',
    origin: 'unexpected',
  };
}

function fieldErrors(fields: Record<string, string> | undefined): FieldError[] | undefined {
  if (!fields) return undefined;
  return Object.entries(fields).map(([field, message]) => ({ field, message }));
}

interface FastifyErrorLike {
  code: string;
  statusCode: number;
  message: string;
}

/** Fastify's own 4xx errors (codes `FST_*`) while reading and parsing the request. */
function fastifyRequestError(
  err: unknown,
  bodyLimitBytes: number,
): Pick<MappedProblem, 'kind' | 'detail'> | undefined {
  if (!isFastifyClientError(err)) return undefined;
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        kind: 'payload-too-large',
        detail: `the request body exceeds the limit of ${bodyLimitBytes} bytes`,
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { kind: 'unsupported-media-type', detail: 'send the request body as application/json' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { kind: 'malformed-request', detail: 'the request body is not valid JSON' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { kind: 'malformed-request', detail: 'Content-Length does not match the request body' };
    default:
      return { kind: err.statusCode === 404 ? 'not-found' : 'malformed-request', detail: err.message };
  }
}

function isFastifyClientError(err: unknown): err is FastifyErrorLike {
  if (!(err instanceof Error)) return false;
  const { code, statusCode } = err as Partial<FastifyErrorLike>;
  return (
    typeof code === 'string' &&
    code.startsWith('FST_') &&
    typeof statusCode === 'number' &&
    statusCode >= 400 &&
    statusCode < 500
  );
}
