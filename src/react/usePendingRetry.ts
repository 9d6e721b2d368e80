import { useQueryClient } from '@tanstack/react-query'
import type { QueryClient, QueryKey, QueryKeyHashFunction } from '@tanstack/react-query'
import { useCallback, useMemo, useRef, useSyncExternalStore } from 'react'
import { watchPendingRetry } from '../query/pendingRetry'
import type { PendingRetry } from '../query/pendingRetry'
import { useApiClient } from './ApiContext'

/** A query, named by its key, or by its options when they hash the key their own way. */
export type PendingRetryQuery =
  | QueryKey
  | {
      queryKey: QueryKey
      // TanStack types the hash function by the key; any key's options are accepted here.
      queryKeyHashFn?: QueryKeyHashFunction<never> | undefined
    }

/** The hash TanStack files the query under, with the QueryClient's defaults applied. */
const queryHashOf = (queryClient: QueryClient, query: PendingRetryQuery) =>
  queryClient.defaultQueryOptions(
    (Array.isArray(query) ? { queryKey: query } : query) as { queryKey: QueryKey },
  ).queryHash

const noRetry = () => null

/**
 * The retry of a query's request that is waiting to go out, or `null`, for any query made with
 * the factories or the hooks, however it was started (a hook, `useQueries`, a prefetch, a route
 * loader). Re-renders only when a retry is announced or over.
 *
 * @example
 * const retry = usePendingRetry(userList(1)) // the options, or their queryKey
 * const seconds = useRetryCountdown(retry) // at the top, as hooks are: null while none waits
 * {retry && <p>Retry {retry.retryNumber} of {retry.maxRetries} in {seconds} s</p>}
 */
export function usePendingRetry(query: PendingRetryQuery): PendingRetry | null {
  return useTrackedPendingRetry(query)()
}

/**
 * The hooks' `pendingRetry`: read through the function it returns, and watched only once a
 * render has read it, so that components that never show it never re-render for it.
 */
export function useTrackedPendingRetry(query: PendingRetryQuery): () => PendingRetry | null {
  const api = useApiClient()
  const queryClient = useQueryClient()
  const queryHash = queryHashOf(queryClient, query)
  const watch = useMemo(
    () => watchPendingRetry(api, queryClient, queryHash),
    [api, queryClient, queryHash],
  )
  const tracked = useRef(false)
  // Stable, so that React does not re-check the store after every commit.
  const getSnapshot = useCallback(() => (tracked.current ? watch.get() : null), [watch])
  const pendingRetry = useSyncExternalStore(watch.subscribe, getSnapshot, noRetry)
  return () => {
    tracked.current = true
    return pendingRetry ?? watch.get()
  }
}
