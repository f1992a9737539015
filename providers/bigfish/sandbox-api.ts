/**
 * The sandbox's `/api/payment/` endpoint, minus HTTP: reads the `method`/`json` form fields, checks HTTP Basic
 * `StoreName:ApiKey`, runs the method against the transaction book and shapes BIG FISH's JSON answer.
 * Transport, fault injection and notifications live in sandbox.ts.
 */
import { timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import type { BigfishConfig } from './config';
import {
  closeRequestSchema,
  initRequestSchema,
  initRpRequestSchema,
  refundRequestSchema,
  transactionRequestSchema,
} from './protocol';
import { SandboxRefusal } from './sandbox-transactions';
import type { RecurringOutcome, SandboxTransaction, SandboxTransactionBook } from './sandbox-transactions';

export type ApiAnswer = Record<string, string>;

/** ResultMessage texts: the SUCCESSFUL one is VERIFIED (Details sample); the others are INFERRED. */
const RESULT_MESSAGES: Record<SandboxTransaction['resultCode'], string> = {
  OPEN: 'Nyitott tranzakció',
  PENDING: 'Folyamatban lévő tranzakció',
  SUCCESSFUL: 'Sikeres tranzakció',
  ERROR: 'Sikertelen tranzakció',
  CANCELED: 'A vásárló megszakította a tranzakciót',
  TIMEOUT: 'Időtúllépés',
};

export interface SandboxApiHooks {
  /** How StartRP charges come out (a test control). */
  recurringOutcome(): RecurringOutcome;
  /** A transaction reached a final state by StartRP: BIG FISH calls its NotificationUrl (VERIFIED, seed 003). */
  finished(tx: SandboxTransaction): void;
  /** A StartRP answered PENDING: the acquirer answers later. */
  pendingRecurring(tx: SandboxTransaction): void;
}

export class SandboxApi {
  private readonly expectedAuthorization: Buffer;

  constructor(
    private readonly config: Pick<BigfishConfig, 'storeName' | 'apiKey'>,
    private readonly book: SandboxTransactionBook,
    private readonly hooks: SandboxApiHooks,
  ) {
    const credentials = Buffer.from(`${config.storeName}:${config.apiKey}`, 'utf8').toString('base64');
    this.expectedAuthorization = Buffer.from(`Basic ${credentials}`, 'utf8');
  }

  /** One API request: the form fields and the Authorization header as received. */
  handle(fields: Record<string, unknown>, authorization: string | undefined): ApiAnswer {
    // UnknownStore for wrong or missing credentials: the VERIFIED answer of BIG FISH's own tests.
    if (!this.authenticated(authorization)) return unknownStore(basicUser(authorization));
    const { method, json } = fields;
    if (typeof method !== 'string' || typeof json !== 'string') {
      return refusal('InvalidRequest', 'the form fields "method" and "json" are required');
    }
    let body: unknown;
    try {
      body = JSON.parse(json);
    } catch {
      return refusal('InvalidRequest', 'the "json" field is not JSON');
    }
    try {
      return this.dispatch(method, body);
    } catch (error) {
      if (error instanceof SandboxRefusal) return refusal(error.resultCode, error.message);
      throw error;
    }
  }

  private dispatch(method: string, body: unknown): ApiAnswer {
    switch (method) {
      case 'Init': {
        const req = parse(initRequestSchema, body);
        if (req.StoreName !== this.config.storeName) return unknownStore(req.StoreName);
        return created(this.book.init(req));
      }
      case 'InitRP': {
        const req = parse(initRpRequestSchema, body);
        if (req.StoreName !== this.config.storeName) return unknownStore(req.StoreName);
        return created(this.book.initRp(req));
      }
      case 'StartRP': {
        const tx = this.book.startRp(
          parse(transactionRequestSchema, body).TransactionId,
          this.hooks.recurringOutcome(),
        );
        if (tx.resultCode === 'PENDING') this.hooks.pendingRecurring(tx);
        else this.hooks.finished(tx);
        return resultAnswer(tx);
      }
      case 'Result':
        return resultAnswer(this.book.result(parse(transactionRequestSchema, body).TransactionId));
      case 'Close': {
        const req = parse(closeRequestSchema, body);
        return done(this.book.close(req.TransactionId, req.Approved, req.ApprovedAmount));
      }
      case 'Refund': {
        const req = parse(refundRequestSchema, body);
        return done(this.book.refund(req.TransactionId, req.Amount));
      }
      default:
        // INFERRED: the sandbox speaks only the methods the adapter uses.
        return refusal('UnknownMethod', `the sandbox does not implement ${method.slice(0, 40)}`);
    }
  }

  private authenticated(header: string | undefined): boolean {
    if (header === undefined) return false;
    const given = Buffer.from(header, 'utf8');
    return (
      given.length === this.expectedAuthorization.length && timingSafeEqual(given, this.expectedAuthorization)
    );
  }
}

/** Result and StartRP answers (VERIFIED field list). */
export function resultAnswer(tx: SandboxTransaction): ApiAnswer {
  return {
    TransactionId: tx.transactionId,
    ResultCode: tx.resultCode,
    ResultMessage: RESULT_MESSAGES[tx.resultCode],
    Anum: tx.anum ?? '',
    OrderId: tx.orderId,
    UserId: tx.userId,
    ProviderTransactionId: tx.providerTransactionId ?? '',
    AutoCommit: tx.autoCommit ? 'true' : 'false',
    CommitState: tx.commitState,
  };
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))].join(', ');
  throw new SandboxRefusal('InvalidRequest', `missing or invalid: ${fields}`);
}

function created(tx: SandboxTransaction): ApiAnswer {
  return {
    TransactionId: tx.transactionId,
    ResultCode: 'SUCCESSFUL',
    ResultMessage: 'Sikeres inicializálás',
  };
}

function done(tx: SandboxTransaction): ApiAnswer {
  return { TransactionId: tx.transactionId, ResultCode: 'SUCCESSFUL', ResultMessage: 'Sikeres művelet' };
}

function refusal(resultCode: string, message: string): ApiAnswer {
  return { ResultCode: resultCode, ResultMessage: message };
}

/** The user part of a Basic header, for the answer's text; never the password. */
function basicUser(header: string | undefined): string {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!match?.[1]) return '';
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  return decoded.split(':')[0] ?? '';
}

function unknownStore(storeName: string): ApiAnswer {
  return refusal('UnknownStore', `Ismeretlen kereskedő (${storeName.slice(0, 100)})`);
}
