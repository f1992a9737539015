/**
 * The sandbox's payment2 SOAP service (payment2.wsdl): logIn sessions, the payment calls (credit, capture, cancel)
 * against the order book, and the recurrence calls against the schedule. Answers mirror what the adapter expects;
 * the codes are soap-codes.ts's. A wrong login answers an empty session id (INFERRED: the real failure shape is
 * not documented).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { IpnToSend, CallAnswer, SandboxOrderBook } from './sandbox-orders';
import { SANDBOX_CODES } from './sandbox-orders';
import type { SandboxRecurrences } from './sandbox-recurrences';
import { INVALID_SESSION } from './soap-codes';
import { describeTransactionError } from './transaction-errors';

export interface SoapServiceSettings {
  username: string;
  password: string;
  /** The seller accounts (signatures) this merchant has. */
  signatures: ReadonlySet<string>;
  sessionTtlMs: number;
  book: SandboxOrderBook;
  recurrences: SandboxRecurrences;
  /** Latency and injected failures (sandbox faults); true = answer with a SOAP fault. */
  injectedFailure: () => Promise<boolean>;
  onIpn: (ipn: IpnToSend) => void;
  now?: () => number;
}

const sessionIdSchema = z.string().min(1);
const orderRequest = z.object({ sessionId: sessionIdSchema, sacId: z.string(), orderId: z.string() });
const amountRequest = orderRequest.extend({ amount: z.string() });
const moveRequest = orderRequest.extend({ recurrenceDate: z.string() });
const priceRequest = orderRequest.extend({ price: z.string() });
const loginRequest = z.object({ username: z.string(), password: z.string() });

/** seed 004's Code_Invalid_Request. */
const INVALID_REQUEST = 0x2000;
const RECURRENCE_MESSAGES: Record<number, string> = {
  0x5000: 'OK',
  0x1000: 'Invalid user',
  0x2000: 'Invalid request',
  0x3000: 'Transaction invalid action',
  0x4002: 'Invalid data',
  0x4004: 'Purchase not found',
  0x4005: 'Invalid seller account',
};

export function payment2Service(settings: SoapServiceSettings) {
  const sessions = new Map<string, number>();
  const now = settings.now ?? Date.now;

  const sessionValid = (id: string): boolean => (sessions.get(id) ?? 0) > now();

  /** Runs a payment call: validation, session, account, then the book. */
  const paymentCall = <T extends z.ZodType<{ sessionId: string; sacId: string; orderId: string }>>(
    name: string,
    schema: T,
    run: (req: z.infer<T>) => CallAnswer,
  ) => {
    return async (args: unknown) => {
      await fault(settings);
      const parsed = schema.safeParse(requestOf(args));
      let answer: CallAnswer;
      if (!parsed.success) answer = refusal(SANDBOX_CODES.invalidRequest);
      else if (!sessionValid(parsed.data.sessionId)) answer = refusal(SANDBOX_CODES.invalidSession);
      else if (!settings.signatures.has(parsed.data.sacId))
        answer = refusal(SANDBOX_CODES.invalidSellerAccount);
      else answer = run(parsed.data);
      if (answer.ipn) settings.onIpn(answer.ipn);
      return { [`${name}Result`]: { code: answer.code, message: answer.message } };
    };
  };

  /** Runs a recurrence call the same way; answers carry seed 004's codes. */
  const recurrenceCall = <T extends z.ZodType<{ sessionId: string; sacId: string; orderId: string }>>(
    name: string,
    schema: T,
    run: (req: z.infer<T>) => number,
  ) => {
    return async (args: unknown) => {
      await fault(settings);
      const parsed = schema.safeParse(requestOf(args));
      let code: number;
      if (!parsed.success) code = INVALID_REQUEST;
      else if (!sessionValid(parsed.data.sessionId)) code = INVALID_SESSION;
      else if (!settings.signatures.has(parsed.data.sacId)) code = 0x4005;
      else code = run(parsed.data);
      const message = RECURRENCE_MESSAGES[code] ?? 'Error';
      const details = code === 0x5000 ? undefined : { item: [{ code: String(code), message }] };
      return {
        [`${name}Result`]: { action: name, code: String(code), message, ...(details ? { details } : {}) },
      };
    };
  };

  return {
    Payment2Service: {
      Payment2Port: {
        logIn: async (args: unknown) => {
          await fault(settings);
          const parsed = loginRequest.safeParse(requestOf(args));
          const valid =
            parsed.success &&
            parsed.data.username === settings.username &&
            parsed.data.password === settings.password;
          if (!valid) return { logInResult: { id: '' } };
          const id = randomBytes(16).toString('hex');
          sessions.set(id, now() + settings.sessionTtlMs);
          return { logInResult: { id } };
        },
        credit: paymentCall('credit', amountRequest, (r) =>
          settings.book.credit(r.sacId, r.orderId, r.amount),
        ),
        capture: paymentCall('capture', amountRequest, (r) =>
          settings.book.capture(r.sacId, r.orderId, r.amount),
        ),
        cancel: paymentCall('cancel', orderRequest, (r) => settings.book.cancel(r.sacId, r.orderId)),
        moveRecurrence: recurrenceCall('moveRecurrence', moveRequest, (r) =>
          settings.recurrences.move(r.sacId, r.orderId, r.recurrenceDate),
        ),
        modifyRecurrencePrice: recurrenceCall('modifyRecurrencePrice', priceRequest, (r) =>
          settings.recurrences.modifyPrice(r.sacId, r.orderId, r.price),
        ),
        cancelRecurrence: recurrenceCall('cancelRecurrence', orderRequest, (r) =>
          settings.recurrences.cancel(r.sacId, r.orderId),
        ),
      },
    },
  };
}

/** An injected failure is a SOAP fault, HTTP 500, before anything is done. */
async function fault(settings: SoapServiceSettings): Promise<void> {
  if (await settings.injectedFailure()) {
    throw { Fault: { faultcode: 'soap:Server', faultstring: 'injected failure', statusCode: 500 } };
  }
}

/** Every call wraps its parameters in `request` (VERIFIED); values arrive as text (KEEP_NUMBERS_AS_TEXT). */
function requestOf(args: unknown): unknown {
  return (args as { request?: unknown } | undefined)?.request;
}

function refusal(code: string): CallAnswer {
  return { code, message: describeTransactionError(code) };
}
