/**
 * The PaymentFormAnswer (seed step 7, VERIFIED shape): `<ErrorCode>`, then `<Result>` with `<RequestMethod>`
 * (GET/POST), `<RequestUrl>` and `<Parameters>` of `<Parameter><Name/><Value/></Parameter>` pairs. It becomes
 * our redirect instruction: the payer's browser sends the parameters to RequestUrl with RequestMethod.
 *
 * Reading is lenient where the sources disagree and strict where money is at stake:
 * - parameter names are matched case-insensitively, because the pages spell them `PaymentID`/`paymentId`,
 *   `orderID`/`orderId`, `failUrl`/`FailUrl` (VERIFIED inconsistency); two names differing only in case are
 *   refused, since the payer's browser would send both;
 * - an empty RequestMethod means POST (VERIFIED: the OpenTao client falls back to `post`), and the value is
 *   read case-insensitively;
 * - ErrorCode may appear twice (VERIFIED doc revision with a repeated `<ErrorCode>Ok</ErrorCode>`), but only
 *   with the same value;
 * - the amount, currency, order id and our URLs in the answer must be the ones we asked for (see
 *   formMismatches): the payer must never be sent to pay something else.
 */
import { z } from 'zod';
import type { RedirectInstruction } from '../../domain/payment-types';
import { OK } from './error-codes';
import { buildXmlDocument, parseXml } from './xml';

/** The seed's parameter names (VERIFIED list, EN page), as we write them. */
export const FORM_PARAMETERS = {
  orderId: 'orderID',
  paymentId: 'PaymentID',
  userId: 'UserID',
  amount: 'Amount',
  currency: 'Currency',
  description: 'Description',
  successUrl: 'SuccessUrl',
  failUrl: 'failUrl',
  resultUrl: 'resultUrl',
} as const;

export interface FormParameter {
  name: string;
  value: string;
}

export interface PaymentForm {
  method: 'GET' | 'POST';
  url: string;
  parameters: FormParameter[];
}

export type PaymentFormAnswer =
  { errorCode: typeof OK; form: PaymentForm } | { errorCode: string; errorDescription?: string };

const parameterSchema = z.object({
  Name: z.string().min(1).max(128),
  // `<Value/>` and `<Value></Value>` read as ''; a missing Value is read the same way.
  Value: z.string().max(4096).default(''),
});

const resultSchema = z.object({
  RequestMethod: z
    .string()
    .default('')
    .transform((m) => m.toUpperCase() || 'POST')
    .pipe(z.enum(['GET', 'POST'])),
  RequestUrl: z.url({ protocol: /^https?$/ }).max(2048),
  // `<Parameters/>` reads as ''.
  Parameters: z
    .union([z.literal(''), z.object({ Parameter: z.array(parameterSchema).max(100).default([]) })])
    .optional(),
});

const answerSchema = z.object({
  PaymentFormAnswer: z
    .object({
      ErrorCode: z
        .array(z.string().min(1).max(64))
        .min(1)
        .refine(
          (codes) => codes.every((c) => c === codes[0]),
          'ErrorCode appears twice with different values',
        ),
      ErrorDescription: z.string().max(2048).optional(),
      Result: resultSchema.optional(),
    })
    .superRefine((root, ctx) => {
      if (root.ErrorCode[0] !== OK) return;
      if (!root.Result) {
        ctx.addIssue({ code: 'custom', path: ['Result'], message: 'ErrorCode is Ok but Result is missing' });
        return;
      }
      const duplicate = findDuplicateName(parametersOf(root.Result));
      if (duplicate) {
        ctx.addIssue({
          code: 'custom',
          path: ['Result', 'Parameters'],
          message: `${duplicate} appears twice`,
        });
      }
    }),
});

/** Throws XmlInputError or ZodError when the document is not a PaymentFormAnswer. */
export function parsePaymentFormAnswer(xml: string): PaymentFormAnswer {
  const root = answerSchema.parse(parseXml(xml)).PaymentFormAnswer;
  const errorCode = root.ErrorCode[0] as string;
  if (errorCode !== OK || !root.Result) {
    return { errorCode, ...(root.ErrorDescription ? { errorDescription: root.ErrorDescription } : {}) };
  }
  const { RequestMethod: method, RequestUrl: url } = root.Result;
  return { errorCode: OK, form: { method, url, parameters: parametersOf(root.Result) } };
}

/** The payment system's side (sandbox): the answer document. */
export function buildPaymentFormAnswer(answer: PaymentFormAnswer): string {
  if (!('form' in answer)) {
    return buildXmlDocument({
      PaymentFormAnswer: {
        ErrorCode: answer.errorCode,
        ...(answer.errorDescription ? { ErrorDescription: answer.errorDescription } : {}),
      },
    });
  }
  const { form } = answer;
  return buildXmlDocument({
    PaymentFormAnswer: {
      ErrorCode: OK,
      Result: {
        RequestMethod: form.method,
        RequestUrl: form.url,
        Parameters: { Parameter: form.parameters.map((p) => ({ Name: p.name, Value: p.value })) },
      },
    },
  });
}

/** A parameter's value by name, case-insensitively (the sources spell names inconsistently). */
export function formParameter(parameters: readonly FormParameter[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return parameters.find((p) => p.name.toLowerCase() === wanted)?.value;
}

/**
 * The redirect instruction: POST sends the parameters as form fields; GET appends them to RequestUrl's query
 * (our RedirectInstruction carries GET parameters in the URL, with no fields).
 */
export function toRedirect(form: PaymentForm): RedirectInstruction {
  if (form.method === 'POST') {
    return {
      method: 'POST',
      url: form.url,
      fields: Object.fromEntries(form.parameters.map((p) => [p.name, p.value])),
    };
  }
  const url = new URL(form.url);
  for (const p of form.parameters) url.searchParams.append(p.name, p.value);
  return { method: 'GET', url: url.toString(), fields: {} };
}

export interface ExpectedForm {
  orderId: string;
  /** Minor units, compared after reading the answer's decimal exactly. */
  amount: number;
  /** ISO 4217 numeric, e.g. "643". */
  currencyNumeric: string;
  successUrl: string;
  failUrl: string;
  resultUrl: string;
}

/**
 * Where the answer contradicts what we asked for, as parameter names (never values: they may be personal).
 * PaymentID, Amount and Currency are required (mandatory in every revision, VERIFIED); orderID and the URLs are
 * optional in the seed, so they are checked only when present. `readAmount` converts the answer's decimal.
 */
export function formMismatches(
  form: PaymentForm,
  expected: ExpectedForm,
  readAmount: (text: string) => number | undefined,
): string[] {
  const get = (name: string) => formParameter(form.parameters, name);
  const problems: string[] = [];
  const n = FORM_PARAMETERS;
  if (!get(n.paymentId)) problems.push(`${n.paymentId} is missing`);
  const amount = get(n.amount);
  if (amount === undefined) problems.push(`${n.amount} is missing`);
  else if (readAmount(amount) !== expected.amount) problems.push(`${n.amount} differs from the request`);
  const currency = get(n.currency);
  if (currency === undefined) problems.push(`${n.currency} is missing`);
  else if (currency !== expected.currencyNumeric) problems.push(`${n.currency} differs from the request`);
  const optional: Array<[string, string]> = [
    [n.orderId, expected.orderId],
    [n.successUrl, expected.successUrl],
    [n.failUrl, expected.failUrl],
    [n.resultUrl, expected.resultUrl],
  ];
  for (const [name, value] of optional) {
    const given = get(name);
    if (given !== undefined && given !== value) problems.push(`${name} differs from the request`);
  }
  return problems;
}

function parametersOf(result: z.infer<typeof resultSchema>): FormParameter[] {
  const list = result.Parameters ? result.Parameters.Parameter : [];
  return list.map((p) => ({ name: p.Name, value: p.Value }));
}

function findDuplicateName(parameters: readonly FormParameter[]): string | undefined {
  const seen = new Set<string>();
  for (const p of parameters) {
    const key = p.name.toLowerCase();
    if (seen.has(key)) return p.name;
    seen.add(key);
  }
  return undefined;
}
