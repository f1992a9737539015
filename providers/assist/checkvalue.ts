/**
 * Assist's Checkvalue, the MD5-based integrity value on payment requests, result notifications and
 * orderstate answers (VERIFIED, ../../../shared/providers/ecommpay-assist.md §2.4):
 *   CV(SALT, X) = UPPER( md5hex( UPPER( md5hex(SALT) + md5hex(X) ) ) )
 * where md5hex is lowercase hex and SALT is the merchant's secret word.
 *
 * MD5 is Assist's choice, not ours; node:crypto is fine here because providers/ is never workflow code.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * How the parts of X are put together. The current docs and the official SDK join the payment request's
 * values with ';' ("joined"); older docs concatenate them ("unjoined"). Which one a merchant needs is a
 * per-merchant setting (GAP), hence configurable. Notifications and orderstate answers always use the
 * unjoined form (VERIFIED).
 */
export type CheckvalueVariant = 'joined' | 'unjoined';

const md5hex = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

export function checkvalue(salt: string, parts: readonly string[], variant: CheckvalueVariant): string {
  const x = parts.join(variant === 'joined' ? ';' : '');
  return md5hex((md5hex(salt) + md5hex(x)).toUpperCase()).toUpperCase();
}

/**
 * Case-insensitive, constant-time comparison of a received checkvalue with the expected one (Bitrix
 * compares case-insensitively, so some senders may use lowercase hex). Lengths are compared first because
 * timingSafeEqual needs equal-length buffers; the length of an MD5 hex string is no secret.
 */
export function checkvaluesMatch(received: string, expected: string): boolean {
  const a = Buffer.from(received.toUpperCase(), 'utf8');
  const b = Buffer.from(expected.toUpperCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
