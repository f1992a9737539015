/**
 * Hostile request bodies for the fuzz tests: what an attacker, a broken proxy or a confused client
 * sends. Each arbitrary yields the exact bytes, so the same inputs reach a handler directly and the
 * gateway over HTTP. Sizes stay small except where size is the point, so a few hundred runs take
 * seconds.
 */
import fc from 'fast-check';

/** Numbers that break naive parsing: overflow to Infinity, lose precision, negative zero, exponents. */
export const NASTY_NUMBERS = [
  '1e309',
  '-1e309',
  '9007199254740993',
  '-9007199254740993',
  '-0',
  '0.1e-400',
  '1e-7',
  'NaN',
  'Infinity',
  '0x10',
  '1_000',
  '99999999999999999999999999999999999999',
  '237.405',
  '-237.40',
  '',
] as const;

/** Keys that poison prototypes or shadow built-ins when an object is built from input. */
export const POISON_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'] as const;

/** Byte sequences that are not UTF-8: lone continuation bytes, overlong forms, surrogates, truncations. */
const INVALID_UTF8: readonly number[][] = [
  [0xc3, 0x28],
  [0xa0, 0xa1],
  [0xe2, 0x28, 0xa1],
  [0xf0, 0x28, 0x8c, 0xbc],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xff, 0xfe, 0xfd],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
];

const BILLION_LAUGHS = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE lolz [',
  '<!ENTITY lol "lol">',
  '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">',
  '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">',
  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">',
  '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">',
  '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">',
  '<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">',
  ']>',
].join('\n');

/** XML that expands entities (billion laughs, quadratic blow-up) or reaches outside (XXE). */
export const XML_BOMBS: readonly string[] = [
  `${BILLION_LAUGHS}<order id="&lol6;"><mobilpay><action>&lol6;</action></mobilpay></order>`,
  `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "${'x'.repeat(2000)}">]><r>${'&a;'.repeat(2000)}</r>`,
  '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><order id="&xxe;"/>',
  '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]><r/>',
  `<a>${'<b>'.repeat(5000)}${'</b>'.repeat(5000)}</a>`,
  '<order><mobilpay><action>confirmed</action>',
  '<?xml version="1.0" encoding="UTF-7"?>+ADw-order+AD4-',
];

export const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'application/x-www-form-urlencoded; charset=koi8-r',
  'application/json',
  'application/json; charset=utf-16',
  'text/xml',
  'application/xml',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'APPLICATION/JSON',
  'application/json;;;',
  '*/*',
  '',
] as const;

export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constantFrom(...CONTENT_TYPES),
  fc.constant(undefined),
  fc.string({ maxLength: 40 }),
);

const text = (bytes: string) => Buffer.from(bytes, 'utf8');

/** JSON of any shape, and objects with poisoned keys and numbers JSON.stringify would never write. */
const hostileJson: fc.Arbitrary<Buffer> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => text(JSON.stringify(value))),
  fc
    .tuple(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(...POISON_KEYS),
      fc.constantFrom(...NASTY_NUMBERS.filter(Boolean)),
    )
    .map(([value, key, number]) =>
      text(
        `{"${key}": {"polluted": true}, "payment": {"id": ${JSON.stringify(value)}, ` +
          `"sum": {"amount": ${number}}}, "amount": ${number}}`,
      ),
    ),
);

/** Form bodies with repeated, poisoned, overlong, percent-broken and oddly typed fields. */
const hostileForm: fc.Arbitrary<Buffer> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...POISON_KEYS), fc.string({ maxLength: 12 })),
      fc.oneof(fc.constantFrom(...NASTY_NUMBERS), fc.string({ maxLength: 30 }), fc.constant('%E0%A4%A')),
    ),
    { maxLength: 12 },
  )
  .map((pairs) =>
    text(
      pairs
        .map(([k, v]) => `${encodeURIComponent(k)}=${v.includes('%') ? v : encodeURIComponent(v)}`)
        .join('&'),
    ),
  );

const invalidUtf8: fc.Arbitrary<Buffer> = fc
  .tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...INVALID_UTF8), fc.string({ maxLength: 20 }))
  .map(([before, bad, after]) => Buffer.concat([text(before), Buffer.from(bad), text(after)]));

/** Bodies with none of a provider's secrets in them: nothing they say can be verified. */
export const hostileBody: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ maxLength: 200, unit: 'binary' }).map(text),
  hostileJson,
  hostileForm,
  invalidUtf8,
  fc.constantFrom(...XML_BOMBS).map(text),
  fc.constantFrom('', ' ', '\u0000', '{}', '[]', 'null', '"x"', '=', '&&&', '%', '%%%', '{"a":').map(text),
);

/** Query strings an attacker adds to a webhook URL (BIG FISH reads its payment id and token there). */
export const hostileQuery: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.oneof(fc.constantFrom('paymentId', 'token', 'account', ...POISON_KEYS), fc.string({ maxLength: 10 })),
  fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom(...NASTY_NUMBERS)),
  { maxKeys: 4 },
);

/** Every proper prefix of `bytes` is a truncation; a few arbitrary ones are enough per run. */
export function truncationOf(bytes: Buffer): fc.Arbitrary<Buffer> {
  return fc.nat({ max: Math.max(0, bytes.length - 1) }).map((length) => bytes.subarray(0, length));
}

/** A body of `size` bytes: over a provider's own cap, or the gateway's. */
export function hugeBody(size: number): Buffer {
  return Buffer.alloc(size, 'a=1&');
}
