import type { GenericAbortSignal } from 'axios'

/**
 * Waits for `promise`, but settles at once with `onAbort()`'s error when `signal` aborts, so a
 * request that waits for a shared refresh can leave without stopping it for the others.
 */
export function abortable<T>(
  promise: Promise<T>,
  signal: GenericAbortSignal | undefined,
  onAbort: () => Error,
): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(onAbort())
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort())
    signal.addEventListener?.('abort', abort)
    promise.then(resolve, reject).finally(() => {
      signal.removeEventListener?.('abort', abort)
    })
  })
}
