/**
 * What the sandbox says on the wire, shaped like the seed's samples (seed 002) and the status fields of §1.4:
 * callback bodies (unsigned; the notifier signs them), the status answer, and the `redirect_data` of a Gate sale.
 */
import type { JsonObject } from './json-reader';
import type { SandboxBook, SandboxOperation, SandboxPayment } from './sandbox-book';

/** The seed's samples say "Card partner" (seed 002). */
const METHOD_TITLE = 'Card partner';
/** The partner's id in the samples' `operation.provider.id`. */
const PARTNER_ID = 2377;

export function callbackBody(
  book: SandboxBook,
  payment: SandboxPayment,
  operation: SandboxOperation,
  extra: JsonObject = {},
): JsonObject {
  const merchantRefundId = [...payment.refunds].find(([, op]) => op === operation)?.[0];
  return {
    project_id: payment.projectId,
    payment: {
      ...paymentInfo(book, payment),
      ...(merchantRefundId ? { merchant_refund_id: merchantRefundId } : {}),
    },
    operation: operationInfo(payment, operation),
    ...extra,
  };
}

export function statusAnswer(book: SandboxBook, payment: SandboxPayment): JsonObject {
  return {
    project_id: payment.projectId,
    payment: paymentInfo(book, payment),
    operations: payment.operations.map((op) => operationInfo(payment, op)),
  };
}

/** The partner page's form: the seed's example fields minus the payer's contact data. */
export function redirectBody(payment: SandboxPayment, checksum: string): Record<string, string> {
  const lifetimeSeconds = Math.max(
    1,
    Math.round((payment.expiresAt.getTime() - payment.createdAt.getTime()) / 1000),
  );
  return {
    oid: String(payment.operations[0]?.id ?? ''),
    inv: payment.invoice,
    ttl: String(lifetimeSeconds),
    vid: 'sandbox',
    curr: payment.currency,
    cst: '1',
    crl: '0',
    hsh: checksum,
  };
}

function paymentInfo(book: SandboxBook, payment: SandboxPayment): JsonObject {
  return {
    id: payment.paymentId,
    type: 'purchase',
    status: payment.status,
    date: platformDate(lastUpdate(payment)),
    method: METHOD_TITLE,
    sum: { amount: book.balance(payment), currency: payment.currency },
    description: payment.description ?? '',
  };
}

function operationInfo(payment: SandboxPayment, op: SandboxOperation): JsonObject {
  const sum = { amount: op.amount, currency: payment.currency };
  return {
    id: op.id,
    type: op.type,
    status: op.status,
    date: platformDate(op.updatedAt),
    created_date: platformDate(op.createdAt),
    request_id: op.requestId,
    sum_initial: sum,
    sum_converted: sum,
    ...(op.code !== undefined ? { code: op.code } : {}),
    ...(op.message !== undefined ? { message: op.message } : {}),
    provider: {
      id: PARTNER_ID,
      payment_id: `${op.createdAt.getTime()}${op.type === 'refund' ? 'RF' : 'A'}`,
      auth_code: '',
    },
  };
}

function lastUpdate(payment: SandboxPayment): Date {
  return payment.operations.reduce(
    (latest, op) => (op.updatedAt > latest ? op.updatedAt : latest),
    payment.createdAt,
  );
}

/** "2020-08-26T15:03:20+0000", as in the seed's samples. */
function platformDate(at: Date): string {
  return `${at.toISOString().slice(0, 19)}+0000`;
}
