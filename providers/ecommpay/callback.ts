/**
 * ECommPay callbacks (VERIFIED §1.5): a signed JSON POST per payment event. The signature sits at top level
 * (`signature`, what the seed's samples show) or in `general.signature` (the legacy format); SDKs look at the top
 * first. It is checked over the body without it: we remove `signature` at top level and in `general`, as the
 * WooCommerce plugin does, and an emptied `general` contributes nothing to the string to sign.
 */
import { z } from 'zod';
import { readJson, isJsonObject } from './json-reader';
import type { JsonObject, JsonValue } from './json-reader';
import { operationSchema, paymentInfoSchema } from './protocol';
import { sign, signaturesMatch } from './signature';

/**
 * Where the payer goes next (seed 002 `redirect_data`; the PHP SDK fixture names it `redirectData` and carries
 * an empty array as `body` for GET). Body values are form fields, text in the seed's example.
 */
export const redirectDataSchema = z.looseObject({
  url: z.url({ protocol: /^https?$/ }).max(4096),
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.enum(['GET', 'POST'])),
  body: z
    .union([
      z.array(z.never()).transform(() => ({})),
      z.record(z.string().max(256), z.union([z.string().max(4096), z.number()]).transform(String)),
    ])
    .default({}),
});
export type RedirectData = z.infer<typeof redirectDataSchema>;

export const callbackSchema = z
  .looseObject({
    project_id: z.number().int().positive().optional(),
    general: z.looseObject({ project_id: z.number().int().positive().optional() }).optional(),
    payment: paymentInfoSchema,
    operation: operationSchema.optional(),
    redirect_data: redirectDataSchema.optional(),
    redirectData: redirectDataSchema.optional(),
  })
  .transform(({ redirectData, redirect_data, general, project_id, ...rest }) => ({
    ...rest,
    projectId: project_id ?? general?.project_id,
    redirectData: redirect_data ?? redirectData,
  }));
export type Callback = z.infer<typeof callbackSchema>;

export type CallbackReading = { ok: true; callback: Callback } | { ok: false; status: 400; reason: string };

/** Parses, verifies and validates a callback body. Reasons name fields, never values (they hold personal data). */
export function readCallback(rawBody: string, secretKey: string): CallbackReading {
  let body: JsonValue;
  try {
    body = readJson(rawBody);
  } catch (error) {
    return refuse(`callback is not acceptable JSON: ${(error as Error).message}`);
  }
  if (!isJsonObject(body)) return refuse('callback is not a JSON object');
  const split = splitSignature(body);
  if (!split) return refuse('callback carries no signature');
  if (!signaturesMatch(split.signature, sign(split.signed, secretKey))) return refuse('signature mismatch');
  const parsed = callbackSchema.safeParse(split.signed);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))].join(', ');
    return refuse(`callback fields missing or invalid: ${fields}`);
  }
  return { ok: true, callback: parsed.data };
}

/** The signature and the body it covers; undefined when there is none. */
export function splitSignature(body: JsonObject): { signature: string; signed: JsonObject } | undefined {
  const { signature: topLevel, general, ...rest } = body;
  const signed: JsonObject = Object.assign(Object.create(null) as JsonObject, rest);
  let nested: JsonValue | undefined;
  if (isJsonObject(general)) {
    const { signature, ...otherGeneral } = general;
    nested = signature;
    if (Object.keys(otherGeneral).length > 0) {
      signed.general = Object.assign(Object.create(null) as JsonObject, otherGeneral);
    }
  } else if (general !== undefined) {
    signed.general = general;
  }
  const signature = typeof topLevel === 'string' ? topLevel : nested;
  return typeof signature === 'string' && signature !== '' ? { signature, signed } : undefined;
}

/** A callback as ECommPay sends it: the body plus a top-level signature (the sandbox's side). */
export function signCallback(body: JsonObject, secretKey: string): JsonObject {
  return { ...body, signature: sign(body, secretKey) };
}

function refuse(reason: string): CallbackReading {
  return { ok: false, status: 400, reason };
}
