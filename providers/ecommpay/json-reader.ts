/**
 * A strict JSON reader for ECommPay callbacks and Gate answers. JSON.parse is not enough for data whose
 * signature we verify:
 * - a repeated key makes what we verify differ from what we read (JSON.parse silently keeps the last one);
 * - a number beyond 2^53 or written unusually ("1.0", "1e3") would be re-printed differently when we rebuild
 *   the string to sign, so such numbers are refused instead of silently verified against the wrong text;
 * - objects get a null prototype and a `__proto__` key is refused, so nothing downstream can be tricked
 *   through the prototype chain (the JS SDK hardened its callback parsing the same way, VERIFIED §1.11).
 * Strings are decoded by JSON.parse itself, one string token at a time.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Why the text is not acceptable JSON. The message names a position, never the content. */
export class JsonReadError extends Error {
  override readonly name = 'JsonReadError';
}

export interface JsonReadOptions {
  /** Nesting deeper than this is refused (real callbacks nest 3–4 levels). */
  maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 32;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

export function readJson(text: string, options: JsonReadOptions = {}): JsonValue {
  const reader = new Reader(text, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  const value = reader.value(0);
  reader.skipWhitespace();
  if (!reader.atEnd()) reader.fail('unexpected text after the JSON value');
  return value;
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Reader {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  fail(reason: string): never {
    throw new JsonReadError(`${reason} at offset ${this.position}`);
  }

  skipWhitespace(): void {
    WHITESPACE.lastIndex = this.position;
    WHITESPACE.exec(this.text);
    this.position = WHITESPACE.lastIndex;
  }

  value(depth: number): JsonValue {
    this.skipWhitespace();
    const c = this.text[this.position];
    if (c === '{') return this.object(depth + 1);
    if (c === '[') return this.array(depth + 1);
    if (c === '"') return this.string();
    if (c === 't') return this.literal('true', true);
    if (c === 'f') return this.literal('false', false);
    if (c === 'n') return this.literal('null', null);
    return this.number();
  }

  private object(depth: number): JsonObject {
    if (depth > this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth}`);
    const result: JsonObject = Object.create(null) as JsonObject;
    this.position++; // {
    this.skipWhitespace();
    if (this.text[this.position] === '}') {
      this.position++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.position] !== '"') this.fail('expected a key');
      const key = this.string();
      if (key === '__proto__') this.fail('key __proto__ is not allowed');
      if (Object.prototype.hasOwnProperty.call(result, key)) this.fail('repeated key');
      this.skipWhitespace();
      if (this.text[this.position] !== ':') this.fail("expected ':'");
      this.position++;
      result[key] = this.value(depth);
      this.skipWhitespace();
      const next = this.text[this.position++];
      if (next === '}') return result;
      if (next !== ',') this.fail("expected ',' or '}'");
    }
  }

  private array(depth: number): JsonValue[] {
    if (depth > this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth}`);
    const result: JsonValue[] = [];
    this.position++; // [
    this.skipWhitespace();
    if (this.text[this.position] === ']') {
      this.position++;
      return result;
    }
    for (;;) {
      result.push(this.value(depth));
      this.skipWhitespace();
      const next = this.text[this.position++];
      if (next === ']') return result;
      if (next !== ',') this.fail("expected ',' or ']'");
    }
  }

  private string(): string {
    const start = this.position;
    let i = start + 1;
    for (;;) {
      const c = this.text.charCodeAt(i);
      if (Number.isNaN(c)) this.fail('unterminated string');
      if (c === 0x22) break; // closing quote
      i += c === 0x5c ? 2 : 1; // a backslash escapes the next character
    }
    this.position = i + 1;
    try {
      return JSON.parse(this.text.slice(start, i + 1)) as string;
    } catch {
      this.position = start;
      return this.fail('invalid string');
    }
  }

  private literal<T extends boolean | null>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.position)) this.fail('invalid literal');
    this.position += word.length;
    return value;
  }

  private number(): number {
    NUMBER.lastIndex = this.position;
    const match = NUMBER.exec(this.text);
    if (!match) return this.fail('expected a value');
    const lexeme = match[0];
    const value = Number(lexeme);
    // Signing prints numbers with String(); anything that would not print back identically is refused.
    if (String(value) !== lexeme) this.fail('number cannot be represented exactly');
    this.position = NUMBER.lastIndex;
    return value;
  }
}
