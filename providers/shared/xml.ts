/**
 * XML in and out for provider protocols, hardened for input we do not control: no DOCTYPE (so no
 * custom entities and no entity-expansion bombs), a size cap, and every value kept as text (amounts
 * and references must never become JS numbers). Each provider makes its own codec naming the
 * elements that may repeat, so that one element and several parse to the same shape.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/** Far above any real provider message; a larger body is refused before parsing. */
export const MAX_XML_BYTES = 1024 * 1024;

export const ATTRIBUTE_PREFIX = '@_';

export class XmlInputError extends Error {
  override readonly name = 'XmlInputError';
}

export interface XmlCodec {
  /** Parses untrusted XML into plain objects of strings. Throws XmlInputError. */
  parse(text: string): Record<string, unknown>;
  /** Builds a UTF-8 XML document; values are escaped by the builder. */
  build(root: Record<string, unknown>): string;
}

export function createXmlCodec(options: { repeatable?: readonly string[] } = {}): XmlCodec {
  const repeatable = new Set(options.repeatable ?? []);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE_PREFIX,
    parseTagValue: false,
    parseAttributeValue: false,
    // Only the five predefined entities and character references remain once DOCTYPE is refused
    // below; fast-xml-parser ≥5.5.6 bounds those too.
    processEntities: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (name) => repeatable.has(name),
  });
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE_PREFIX,
    suppressEmptyNode: false,
  });
  return {
    parse(text) {
      if (Buffer.byteLength(text, 'utf8') > MAX_XML_BYTES) throw new XmlInputError('XML document too large');
      if (/<!DOCTYPE|<!ENTITY/i.test(text))
        throw new XmlInputError('XML with DOCTYPE or ENTITY is not accepted');
      try {
        return parser.parse(text, true) as Record<string, unknown>;
      } catch {
        throw new XmlInputError('malformed XML');
      }
    },
    build(root) {
      return `<?xml version="1.0" encoding="UTF-8"?>${builder.build(root) as string}`;
    },
  };
}
