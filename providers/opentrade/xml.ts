/**
 * OpenTrade's XML: the PaymentFormAnswer (ErrorCode, Result, Parameters), the PaymentRequest we send inside
 * `xmlParameters`, and the PaymentModeListAnswer. `Parameter` and `PaymentMode` repeat; `ErrorCode` is
 * repeatable too because one revision of the Russian page shows it twice (see payment-form-answer.ts).
 */
import { createXmlCodec } from '../shared/xml';

export { XmlInputError } from '../shared/xml';

const codec = createXmlCodec({ repeatable: ['ErrorCode', 'Parameter', 'PaymentMode'] });

export const parseXml = codec.parse;

/** A whole document, with the XML declaration (answers the sandbox and the payment-modes endpoint send). */
export const buildXmlDocument = codec.build;

/**
 * An XML value for a form field: OTAPI clients strip the declaration from `xmlParameters` before sending
 * (VERIFIED, OpenTao box code removes `<?xml ...?>` and newlines), so we never send one.
 */
export function buildXmlFragment(root: Record<string, unknown>): string {
  return codec.build(root).replace(/^<\?xml[^>]*\?>/, '');
}
