/**
 * Equality of two strings in constant time, for anything an attacker could probe byte by byte through
 * response timing (account ids, tokens, signatures in text form). Both sides are hashed first, so
 * timingSafeEqual always compares 32 bytes and neither the content nor the length leaks.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function constantTimeEqual(received: string, expected: string): boolean {
  return timingSafeEqual(sha256(received), sha256(expected));
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
