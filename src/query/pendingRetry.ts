import type { QueryClient } from '@tanstack/react-query'
import type { ApiClient } from '../core/client'
import type { ApiError, ApiErrorRequest } from '../core/errors/ApiError'
import type { RetryAnnouncement } from '../core/retry/types'

/**
 * A retry of a request that is waiting to go out. Its counts count retries, never sends: the
 * first retry is `retryNumber` 1 (the request's second send), and a request may be sent
 * `maxRetries + 1` times in all.
 *
 * @example
 * {users.pendingRetry && <p>Retry {users.pendingRetry.retryNumber} of {users.pendingRetry.maxRetries}</p>}
 */
export interface PendingRetry {
  /** Which retry is waiting: 1 for the first retry. */
  readonly retryNumber: number
  /** How many retries the request may get in all (the first send not counted). */
  readonly maxRetries: number
  /** How long the wait before it is, in ms. */
  readonly delayMs: number
  /** When it goes out (epoch ms); `useRetryCountdown(pendingRetry)` counts down to it. */
  readonly nextRetryAt: number
  /** Why: the failure of the send before it. */
  readonly error: ApiError
  /** The request, with secrets removed from its URL. */
  readonly request: ApiErrorRequest
}

/** The client's announcement, with counts named for what they count. */
export function toPendingRetry(announcement: RetryAnnouncement): PendingRetry {
  return {
    retryNumber: announcement.attempt,
    maxRetries: announcement.maxAttempts,
    delayMs: announcement.delayMs,
    nextRetryAt: announcement.nextRetryAt,
    error: announcement.error,
    request: announcement.request,
  }
}

/** What a reader of one query's pending retry sees: a store in the shape `useSyncExternalStore` takes. */
export interface PendingRetryWatch {
  /** The pending retry, the same object until it changes; `null` when none waits. */
  readonly get: () => PendingRetry | null
  /** Calls `listener` when `get()` may have changed; returns the function that stops it. */
  readonly subscribe: (listener: () => void) => () => void
}

/**
 * Watches the pending retry of the query filed under `queryHash`, however the query was started
 * (a hook, `useQueries`, a prefetch): the client files announcements under that hash (the factories
 * send it as `pendingRetryKey`) and drops them when the request settles. A retry stays shown until
 * TanStack has taken in the end of the fetch it belongs to, so that a reader re-renders once for
 * both (the data and the end of the retry), and never for a fetch that needed no retry.
 *
 * @example
 * const watch = watchPendingRetry(api, queryClient, usersQuery.queryHash)
 * const stop = watch.subscribe(() => render(watch.get()))
 */
export function watchPendingRetry(
  api: ApiClient,
  queryClient: QueryClient,
  queryHash: string,
): PendingRetryWatch {
  const cache = queryClient.getQueryCache()
  // What is shown: the last announcement, its readable form, and the fetch it belongs to (the
  // promise TanStack keeps for that fetch; a new fetch has a new one).
  let shown: {
    announcement: RetryAnnouncement
    retry: PendingRetry
    fetch: Promise<unknown> | undefined
  } | null = null

  const get = () => {
    const announced = api.retry.pending.get(queryHash)
    const query = cache.get(queryHash)
    if (announced) {
      if (shown?.announcement !== announced)
        shown = { announcement: announced, retry: toPendingRetry(announced), fetch: query?.promise }
    } else if (!(query?.state.fetchStatus === 'fetching' && query.promise === shown?.fetch)) {
      shown = null
    }
    return shown?.retry ?? null
  }

  return {
    get,
    subscribe: (listener) => {
      const stopRetries = api.retry.pending.subscribe(queryHash, listener)
      // While a retry is shown, the query's updates may end its fetch.
      const stopFetches = cache.subscribe((event) => {
        if (shown && event.query.queryHash === queryHash) listener()
      })
      return () => {
        stopRetries()
        stopFetches()
      }
    },
  }
}
