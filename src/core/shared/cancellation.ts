import type { CancelToken, GenericAbortSignal } from 'axios'

/** The two ways axios lets an app cancel a request: an AbortSignal, or the older CancelToken. */
export interface Cancellable {
  signal?: GenericAbortSignal | undefined
  cancelToken?: CancelToken | undefined
}

/**
 * Whether the request has been canceled already, by its AbortSignal or its CancelToken.
 *
 * @example if (isCanceled(config)) throw normalize(new CanceledError(undefined, undefined, config))
 */
export function isCanceled(request: Cancellable): boolean {
  return request.signal?.aborted === true || request.cancelToken?.reason !== undefined
}

/**
 * Calls `listener` once, when the request is canceled by its AbortSignal or its CancelToken (at
 * once if it is already), and returns the function that stops listening. Every wait of this
 * library (for a refresh, before a retry) ends through it, so that both ways of canceling end a
 * wait as fast.
 *
 * @example
 * const stopListening = onCancel(config, () => reject(canceledError))
 * promise.finally(stopListening)
 */
export function onCancel(request: Cancellable, listener: () => void): () => void {
  const { signal, cancelToken } = request
  let called = false
  const once = () => {
    if (called) return
    called = true
    stop()
    listener()
  }
  const stop = () => {
    signal?.removeEventListener?.('abort', once)
    cancelToken?.unsubscribe(once)
  }
  if (isCanceled(request)) {
    once()
    return stop
  }
  signal?.addEventListener?.('abort', once)
  // subscribe() calls back at once when the token was canceled in the meantime.
  cancelToken?.subscribe(once)
  return stop
}

/**
 * Why `signal` aborted, as an Error: the reason given to `abort(reason)` when it is one (this
 * library always gives an ApiError), else a DOMException-like AbortError.
 */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  if (reason instanceof Error) return reason
  const error = new Error('The operation was aborted.')
  error.name = 'AbortError'
  return error
}
