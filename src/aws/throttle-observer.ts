/**
 * Counts throttled attempts (HTTP 429) of an Invoke, including those the SDK retried on its own
 * and that therefore never reach our code as errors.
 *
 * The middleware sits in the deserialize step, inside the SDK's retry loop, so it sees every
 * attempt. The caller registers the very input object it passes to the command; a WeakMap (one
 * per set of clients) keeps this free of per-call allocation beyond one entry and of any leak.
 */
import type {
  DeserializeHandler,
  DeserializeHandlerArguments,
  DeserializeMiddleware,
  MetadataBearer
} from '@smithy/types'

function isThrottle(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
  return e.$metadata?.httpStatusCode === 429 || e.name === 'TooManyRequestsException'
}

/** Calls `onThrottle` for every throttled attempt of the command built from `input`. */
export type ObserveThrottles = (input: object, onThrottle: () => void) => void

/** A registry of observers and the middleware (added to the Invoke clients) that calls them. */
export function throttleObserver(): {
  observe: ObserveThrottles
  middleware: DeserializeMiddleware<object, MetadataBearer>
} {
  const observers = new WeakMap<object, () => void>()
  const middleware: DeserializeMiddleware<object, MetadataBearer> =
    (next: DeserializeHandler<object, MetadataBearer>) =>
    (args: DeserializeHandlerArguments<object>) => {
      const observer = observers.get(args.input)
      if (!observer) return next(args)
      // Not async: one promise less on every Invoke.
      return next(args).then(
        (result) => {
          if ((result.response as { statusCode?: number } | undefined)?.statusCode === 429) {
            observer()
          }
          return result
        },
        (error: unknown) => {
          if (isThrottle(error)) observer()
          throw error
        }
      )
    }
  return { observe: (input, onThrottle) => observers.set(input, onThrottle), middleware }
}
