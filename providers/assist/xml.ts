/**
 * Assist's XML: Format=3 answers and the `pushpaymentresult` reply. `order` (one per payment
 * attempt) and `operation` (one per operation) may repeat.
 */
import { createXmlCodec } from '../shared/xml';

export { ATTRIBUTE_PREFIX, XmlInputError } from '../shared/xml';

const codec = createXmlCodec({ repeatable: ['order', 'operation'] });

export const parseXml = codec.parse;
export const buildXml = codec.build;
