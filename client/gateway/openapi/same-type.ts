/**
 * A compile-time proof that a documentation schema describes exactly a TypeScript type:
 * `sameType<z.output<typeof schema>, TheType>(true)` fails to compile unless the two are identical.
 * Mutual assignability would not do: it ignores a missing or extra optional field.
 */
export type Same<A, B> =
  (<T>() => T extends Flat<A> ? 1 : 2) extends <T>() => T extends Flat<B> ? 1 : 2 ? true : false;

/**
 * The same type with intersections, `Omit`s and interfaces spelled out as plain object types, all the
 * way down: TypeScript's identity check compares how a type is written, not only what it holds.
 */
type Flat<T> = T extends object ? { [K in keyof T]: Flat<T[K]> } : T;

export function sameType<A, B>(_proof: Same<A, B>): void {}
