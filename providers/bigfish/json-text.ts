/**
 * JSON text for BIG FISH requests, with amounts written as JSON numbers copied digit for digit from decimal
 * text. `JSON.stringify` only takes a binary double, so "237.40" would have to become the float 237.4 first;
 * here it never does. (JSON.rawJSON would do the same but is not available on Node 20.)
 */

/** A JSON number written exactly as this decimal text, e.g. `new JsonDecimal('237.40')` → `237.40`. */
export class JsonDecimal {
  constructor(readonly text: string) {
    if (!/^(0|[1-9]\d*)(\.\d+)?$/.test(text)) throw new Error(`not a plain decimal number: ${text}`);
  }
}

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonDecimal
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

/** Serializes like JSON.stringify, except JsonDecimal; object members that are undefined are left out. */
export function encodeJson(value: JsonValue): string {
  if (value instanceof JsonDecimal) return value.text;
  if (typeof value === 'number') {
    // Only whole numbers (flags, counts) travel as plain numbers; amounts must use JsonDecimal.
    if (!Number.isSafeInteger(value)) throw new Error('non-integer numbers must be written as JsonDecimal');
    return String(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item: JsonValue) => encodeJson(item)).join(',')}]`;
  const members = Object.entries(value as { readonly [key: string]: JsonValue | undefined })
    .filter((entry): entry is [string, JsonValue] => entry[1] !== undefined)
    .map(([key, member]) => `${JSON.stringify(key)}:${encodeJson(member)}`);
  return `{${members.join(',')}}`;
}
