/**
 * What a Gate answer means (see adapter.ts for the policy):
 * - 200 with `status: "success"`: accepted (for sale and refund, "accepted for processing" only, VERIFIED §1.4);
 * - ECommPay's own error answer with a duplicate code: our earlier attempt got through;
 * - ECommPay's own error answer otherwise: refused, final (unless the HTTP status says the server failed);
 * - anything else (5xx, a proxy page, unreadable JSON): transient.
 * The error's message is ECommPay's diagnostic text, kept short; our request is never quoted.
 */
import type { z } from 'zod';
import { ProviderError } from '../../domain/errors';
import type { GateReply } from './gate-client';
import { gateAnswerSchema } from './protocol';
import type { GateAnswer } from './protocol';

export type Acceptance = { kind: 'accepted'; answer: GateAnswer } | { kind: 'duplicate' };

const MAX_MESSAGE = 200;

export function readAcceptance(
  reply: GateReply,
  duplicateCodes: readonly string[],
  what: string,
): Acceptance {
  const parsed = reply.body ? gateAnswerSchema.safeParse(reply.body) : undefined;
  if (reply.httpStatus === 200 && parsed?.success && parsed.data.status === 'success') {
    return { kind: 'accepted', answer: parsed.data };
  }
  const error = errorAnswer(reply);
  if (error?.code !== undefined && duplicateCodes.includes(error.code)) return { kind: 'duplicate' };
  throw refusal(reply, error, what);
}

/** ECommPay's own error answer (a `status` other than success, with a code or message), if the reply is one. */
export function errorAnswer(reply: GateReply): GateAnswer | undefined {
  const parsed = reply.body ? gateAnswerSchema.safeParse(reply.body) : undefined;
  if (!parsed?.success || parsed.data.status === 'success') return undefined;
  return parsed.data.code !== undefined || parsed.data.message !== undefined ? parsed.data : undefined;
}

export function refusal(reply: GateReply, error: GateAnswer | undefined, what: string): ProviderError {
  const { httpStatus } = reply;
  const serverSide = httpStatus >= 500 || httpStatus === 408 || httpStatus === 429;
  if (error && !serverSide) {
    const message = (error.message ?? 'no message').slice(0, MAX_MESSAGE);
    return ProviderError.final(
      error.code ?? `http_${httpStatus}`,
      `ECommPay refused the ${what}: ${message}`,
    );
  }
  if (httpStatus === 200) {
    return ProviderError.transient('invalid_response', `ECommPay ${what} answer is not one we can read`);
  }
  return ProviderError.transient(`http_${httpStatus}`, `ECommPay ${what} answered HTTP ${httpStatus}`);
}

export function invalidAnswer(what: string, error: z.ZodError): ProviderError {
  const where = [...new Set(error.issues.map((i) => i.path.join('.') || '(root)'))].join(', ');
  return ProviderError.transient('invalid_response', `ECommPay ${what} answer did not validate: ${where}`);
}
