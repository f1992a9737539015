/**
 * The codec server's wire format, as the Temporal UI and CLI send it: `{ payloads: [...] }` in proto3
 * JSON, where every bytes field (each metadata value, the data) is base64. Proto3 JSON omits empty
 * fields, so either may be missing.
 */
import type { Payload } from '@temporalio/common';
import { z } from 'zod';

// Proto3 JSON parsers accept standard and URL-safe base64, padded or not.
const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');

export const payloadsBodySchema = z.object({
  payloads: z.array(
    z.object({
      metadata: z.record(z.string(), base64).nullish(),
      data: base64.nullish(),
    }),
  ),
});

export type PayloadJson = z.output<typeof payloadsBodySchema>['payloads'][number];

export function payloadFromJson({ metadata, data }: PayloadJson): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
    ),
    data: Buffer.from(data ?? '', 'base64'),
  };
}

export function payloadToJson({ metadata, data }: Payload): PayloadJson {
  return {
    metadata: Object.fromEntries(
      Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
    ),
    ...(data && data.length > 0 ? { data: Buffer.from(data).toString('base64') } : {}),
  };
}
