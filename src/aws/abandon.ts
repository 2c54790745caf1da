/**
 * Stops waiting for a request when a signal aborts, without handing the signal to the SDK:
 * `client.send(command, { abortSignal })` bypasses the client's middleware cache
 * (`cacheMiddleware` serves only sends without options), which costs a third of the SDK's CPU
 * per Invoke. The abandoned request finishes or fails on its own; its outcome is ignored.
 */
import { abortError } from '../core/errors.js'

/** `promise`, or an AbortError as soon as `signal` aborts. */
export function abandonOnAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined)
    return Promise.reject(abortError('The request was abandoned (cancelled)'))
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      promise.catch(() => undefined)
      reject(abortError('The request was abandoned (cancelled)'))
    }
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      }
    )
  })
}
