/**
 * XML in and out for Assist's Format=3 answers and the `pushpaymentresult` reply, hardened for input
 * we do not control: no DOCTYPE (so no custom entities and no entity-expansion bombs), a size cap, and
 * every value kept as text (amounts and billnumbers must never become JS numbers).
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/** Far above any real Assist answer; a larger body is refused before parsing. */
export const MAX_XML_BYTES = 1024 * 1024;

export const ATTRIBUTE_PREFIX = '@_';

/** Elements that may repeat: `order` (one per payment attempt) and `operation` (one per operation). */
const REPEATABLE = new Set(['order', 'operation']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  parseTagValue: false,
  parseAttributeValue: false,
  // Only the five predefined entities and character references remain once DOCTYPE is refused below;
  // fast-xml-parser ≥5.5.6 bounds those too.
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => REPEATABLE.has(name),
});

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  suppressEmptyNode: false,
});

export class XmlInputError extends Error {
  override readonly name = 'XmlInputError';
}

/** Parses untrusted XML into plain objects of strings. Throws XmlInputError. */
export function parseXml(text: string): Record<string, unknown> {
  if (Buffer.byteLength(text, 'utf8') > MAX_XML_BYTES) throw new XmlInputError('XML document too large');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new XmlInputError('XML with DOCTYPE or ENTITY is not accepted');
  try {
    return parser.parse(text, true) as Record<string, unknown>;
  } catch {
    throw new XmlInputError('malformed XML');
  }
}

/** Builds a UTF-8 XML document; values are escaped by the builder. */
export function buildXml(root: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build(root) as string}`;
}
