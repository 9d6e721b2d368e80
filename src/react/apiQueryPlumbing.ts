import { useQueryClient } from '@tanstack/react-query'
import type { QueryFunctionContext, QueryKey } from '@tanstack/react-query'
import type { AxiosRequestConfig } from 'axios'
import { useCallback, useRef, useSyncExternalStore } from 'react'
import type { ApiClient } from '../core/client'
import type { RetryAnnouncement } from '../core/retry/types'
import { useApiContext } from './ApiContext'

/** What a custom `queryFn` receives: TanStack's context, the client, and the config to pass on. */
export type ApiQueryFunctionContext<TQueryKey extends QueryKey = QueryKey> =
  QueryFunctionContext<TQueryKey> & {
    api: ApiClient
    /** Spread into your request's config: it carries the abort signal and the retry announcements. */
    config: AxiosRequestConfig
  }

/** Where the data comes from: a URL, a whole request config, or a function of your own. */
export type ApiQuerySource<TQueryFnData, TQueryKey extends QueryKey> =
  | {
      url: string
      /** Query parameters, serialised by axios. */
      params?: Record<string, unknown> | URLSearchParams
      config?: AxiosRequestConfig
      request?: never
      queryFn?: never
    }
  | {
      request:
        AxiosRequestConfig | ((context: QueryFunctionContext<TQueryKey>) => AxiosRequestConfig)
      url?: never
      params?: never
      config?: never
      queryFn?: never
    }
  | {
      queryFn: (context: ApiQueryFunctionContext<TQueryKey>) => Promise<TQueryFnData>
      url?: never
      params?: never
      config?: never
      request?: never
    }

/**
 * What `useApiQuery` and `useApiSuspenseQuery` share: the query function that sends the request
 * through the client (with TanStack's AbortSignal and this query's retry announcements), and the
 * reading of those announcements.
 */
export function useApiQueryPlumbing<
  TQueryFnData,
  TQueryKey extends QueryKey,
  TOptions extends { queryKey: TQueryKey },
>(options: TOptions & ApiQuerySource<TQueryFnData, TQueryKey>) {
  const { client, retries } = useApiContext()
  const { url, params, config, request, queryFn, ...tanstackOptions } = options
  // The hash TanStack files the query under (its hash function, the client's defaults, `queryHash`):
  // the provider drops an announcement by that hash when the query stops fetching.
  const key = useQueryClient().defaultQueryOptions(options).queryHash

  const run = async (context: QueryFunctionContext<TQueryKey>): Promise<TQueryFnData> => {
    // Normally none is left (the provider drops it when a fetch ends); a fetch cancelled by a
    // refetch never went idle, though.
    retries.set(key, null)
    const requestConfig: AxiosRequestConfig = {
      signal: context.signal,
      onRetryScheduled: (announcement) => retries.set(key, announcement),
    }
    try {
      if (queryFn) return await queryFn({ ...context, api: client, config: requestConfig })
      const base =
        typeof request === 'function' ? request(context) : (request ?? { ...config, url, params })
      const response = await client.request<TQueryFnData>({
        ...base,
        ...requestConfig,
        // The caller's own callback, if its config has one, hears the announcements too.
        onRetryScheduled: (announcement) => {
          base.onRetryScheduled?.(announcement)
          retries.set(key, announcement)
        },
      })
      return response.data
    } catch (error) {
      throw client.normalizeError(error) // a custom queryFn may throw anything
    }
  }

  // Subscribed only once a render reads the retry state, so components that never show it never
  // re-render for it.
  const tracked = useRef(false)
  const subscribe = useCallback(
    (onChange: () => void) => retries.subscribe(key, onChange),
    [retries, key],
  )
  // Stable, so that React does not re-check the store after every commit.
  const getSnapshot = useCallback(() => (tracked.current ? retries.get(key) : null), [retries, key])
  const retry = useSyncExternalStore(subscribe, getSnapshot, () => null)

  return {
    /** The hook's options for TanStack: its own, without the source, with the query function. */
    // TypeScript cannot see through a rest of a generic type: this is what it is.
    queryOptions: {
      retry: false, // the client retries each call; a second layer would multiply the attempts
      ...tanstackOptions,
      queryFn: run,
    } as Omit<TOptions, 'url' | 'params' | 'config' | 'request' | 'queryFn'> & {
      retry: false
      queryFn: typeof run
    },
    readRetry(): RetryAnnouncement | null {
      tracked.current = true
      return retry ?? retries.get(key)
    },
  }
}
