/** The pieces the results schema is built from: exact-type checks and objects that keep unknown keys. */
import * as z from 'zod'

/** Exactly the same type: optional marks and extra optional fields count (mutual assignability would miss them). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

/**
 * Returns the schema unchanged; compiles only when the schema's output type is exactly `T`,
 * so an interface and its schema cannot drift apart. On a mismatch, `tsc` names both types.
 */
export function exactly<T>() {
  return <S extends z.ZodType>(
    schema: S &
      (Same<z.output<S>, T> extends true
        ? unknown
        : { schemaOutput: z.output<S>; differsFromInterface: T })
  ): S => schema
}

/**
 * An object that keeps unknown keys: a newer version's fields survive a read. Typed with the
 * known keys only, so the types stay exact (no `[key: string]: unknown` in every interface).
 */
export function fields<S extends z.ZodRawShape>(shape: S): z.ZodObject<S> {
  return z.looseObject(shape) as unknown as z.ZodObject<S>
}

/** A count: a whole number ≥ 0. */
export const count = (description: string) => z.int().nonnegative().meta({ description })

/** A memory size in MB. */
export const megabytes = (description = 'MB.') => z.int().positive().meta({ description })

/** How the description of a field added after the first version starts its last sentence. */
export const LATER = 'Added after the first version of schemaVersion 1: absent in older files'
