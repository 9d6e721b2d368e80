import { hashKey, useQuery } from '@tanstack/react-query'
import type { QueryFunctionContext, QueryKey, UseQueryOptions, UseQueryResult } from '@tanstack/react-query'
import type { AxiosRequestConfig } from 'axios'
import { useCallback, useRef, useSyncExternalStore } from 'react'
import type { ApiClient } from '../core/client'
import type { ApiError } from '../core/errors/ApiError'
import type { RetryAnnouncement } from '../core/retry/types'
import { useApiContext } from './ApiContext'
import { fieldErrorAccess } from './fieldErrors'
import type { FieldErrorAccess } from './fieldErrors'
import { resultWith } from './resultWith'
import { shouldThrow } from './throwPolicy'
import type { ThrowPolicy } from './throwPolicy'

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
      request: AxiosRequestConfig | ((context: QueryFunctionContext<TQueryKey>) => AxiosRequestConfig)
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

export type UseApiQueryOptions<
  TQueryFnData = unknown,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
> = Omit<UseQueryOptions<TQueryFnData, ApiError, TData, TQueryKey>, 'queryFn' | 'throwOnError'> &
  ApiQuerySource<TQueryFnData, TQueryKey> & {
    /**
     * Whether an error goes to the nearest error boundary.
     * @default the ApiProvider's policy
     */
    throwOnError?: ThrowPolicy
  }

export type UseApiQueryResult<TData = unknown> = UseQueryResult<TData, ApiError> &
  FieldErrorAccess & {
    /** The retry of this query's request that is waiting to go out, or `null`. */
    readonly retry: RetryAnnouncement | null
  }

/**
 * `useQuery` through the client: `error` is an `ApiError`, `retry` tells when the next attempt
 * goes out, and leaving the page aborts the request, its retry wait and its wait for a refresh.
 *
 * @example
 * const users = useApiQuery<User[]>({ queryKey: ['users'], url: '/users' })
 * if (users.retry) return <p>Retrying (attempt {users.retry.attempt} of {users.retry.maxAttempts})</p>
 * if (users.error) return <p>{users.error.message}</p>
 */
export function useApiQuery<
  TQueryFnData = unknown,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
>(options: UseApiQueryOptions<TQueryFnData, TData, TQueryKey>): UseApiQueryResult<TData> {
  const { client, retries, throwOnError: providerPolicy } = useApiContext()
  const { url, params, config, request, queryFn, throwOnError, ...rest } = options
  const key = (rest.queryKeyHashFn ?? hashKey)(rest.queryKey)

  const query = useQuery<TQueryFnData, ApiError, TData, TQueryKey>({
    retry: false, // the client retries each call; a second layer would multiply the attempts
    ...rest,
    throwOnError: (error) => shouldThrow(throwOnError ?? providerPolicy, error),
    queryFn: async (context) => {
      // The last fetch's announcement stays until here, so that finishing a fetch changes
      // nothing but TanStack's own state (one render, not two); `retry` hides it when idle.
      retries.set(key, null)
      const requestConfig: AxiosRequestConfig = {
        signal: context.signal,
        onRetryScheduled: (announcement) => retries.set(key, announcement),
      }
      try {
        if (queryFn) return await queryFn({ ...context, api: client, config: requestConfig })
        const base = typeof request === 'function' ? request(context) : (request ?? { ...config, url, params })
        const response = await client.request<TQueryFnData>({ ...base, ...requestConfig })
        return response.data
      } catch (error) {
        throw client.normalizeError(error) // a custom queryFn may throw anything
      }
    },
  })

  // Subscribed only once a render reads `retry`, so components that never show it never
  // re-render for it.
  const tracked = useRef(false)
  const subscribe = useCallback((onChange: () => void) => retries.subscribe(key, onChange), [retries, key])
  const retry = useSyncExternalStore(
    subscribe,
    () => (tracked.current ? retries.get(key) : null),
    () => null,
  )

  return resultWith(query, {
    ...fieldErrorAccess(query.error),
    get retry() {
      tracked.current = true
      return query.fetchStatus === 'fetching' ? (retry ?? retries.get(key)) : null
    },
  })
}
