import type {
  DataTag,
  InitialDataFunction,
  NonUndefinedGuard,
  QueryFunction,
  QueryFunctionContext,
  QueryKey,
  QueryObserverOptions,
} from '@tanstack/react-query'
import type { AxiosRequestConfig } from 'axios'
import type { ApiClient } from '../core/client'
import type { ApiError } from '../core/errors/ApiError'
import { buildQueryOptions } from './queryRequest'
import type { QueryOptionsInput } from './queryRequest'
import type { ApiRequestByUrl, WithoutTanStackRetry } from './types'

/**
 * Where a query's data comes from: a URL (the query key may then be left out), or a function of
 * TanStack's query context that returns the axios config (the query key is then required).
 */
export type ApiQuerySource<TQueryKey extends QueryKey, TPageParam = never> =
  | (ApiRequestByUrl & {
      /**
       * The query key. @default `[url]`, `[url, params]`, with the method first when it is not GET
       */
      queryKey?: TQueryKey | undefined
    })
  | ApiRequestByContext<TQueryKey, TPageParam>

/** A request made by a function of TanStack's query context; the query key is then required. */
export interface ApiRequestByContext<TQueryKey extends QueryKey, TPageParam = never> {
  /**
   * The request as a function of TanStack's query context (`queryKey`, `signal`, `pageParam`,
   * `meta`). The signal is added for you.
   * @example request: ({ queryKey: [, id] }) => ({ url: `/users/${String(id)}` })
   */
  request: (context: QueryFunctionContext<TQueryKey, TPageParam>) => AxiosRequestConfig
  queryKey: TQueryKey
  url?: never
  method?: never
  params?: never
  config?: never
}

/**
 * TanStack's query options that the factories pass through as they are: everything but `queryKey`,
 * `queryFn`, `retry` and `retryDelay`.
 */
export type ApiQueryTanStackOptions<TQueryFnData, TData, TQueryKey extends QueryKey> = Omit<
  QueryObserverOptions<TQueryFnData, ApiError, TData, TQueryFnData, TQueryKey>,
  'queryKey' | 'queryFn' | 'retry' | 'retryDelay' | 'initialData' | 'suspense' | '_defaulted'
> & {
  initialData?:
    NonUndefinedGuard<TQueryFnData> | InitialDataFunction<NonUndefinedGuard<TQueryFnData>>
}

/**
 * What {@link apiQueryOptions} takes: everything TanStack's `queryOptions` takes but `queryFn`,
 * `retry` and `retryDelay`, plus where the request goes ({@link ApiQuerySource}).
 */
export type ApiQueryOptionsInput<
  TQueryFnData = unknown,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
> = ApiQueryTanStackOptions<TQueryFnData, TData, TQueryKey> &
  WithoutTanStackRetry &
  ApiQuerySource<TQueryKey>

/**
 * What {@link apiQueryOptions} returns: TanStack query options (for `useQuery`, `useQueries`,
 * `useSuspenseQuery`, `prefetchQuery`, `fetchQuery`, `ensureQueryData`, route loaders) whose key
 * carries the data type and `ApiError`.
 */
export type ApiQueryOptions<
  TQueryFnData = unknown,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
> = ApiQueryTanStackOptions<TQueryFnData, TData, TQueryKey> & {
  queryKey: DataTag<TQueryKey, TQueryFnData, ApiError>
  queryFn: QueryFunction<TQueryFnData, TQueryKey>
  /** Always `false`: the client retries each request, and one retrying layer is enough. */
  retry: false
}

/** {@link ApiQueryOptions} whose `initialData` is there, so that `data` is never `undefined`. */
export type DefinedInitialDataApiQueryOptions<
  TQueryFnData = unknown,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
> = ApiQueryOptions<TQueryFnData, TData, TQueryKey> & {
  initialData: NonUndefinedGuard<TQueryFnData> | (() => NonUndefinedGuard<TQueryFnData>)
}

/**
 * TanStack query options that fetch through the client: `error` is an `ApiError`, the request
 * carries TanStack's AbortSignal, its retries are announced under the query's hash (see
 * `usePendingRetry`), and TanStack does not retry on top of the client (`retry: false`). The key
 * defaults to `[url, params]` (method first when not GET), so two params give two cache entries.
 *
 * @example
 * const userList = (page: number) => apiQueryOptions<User[]>(api, { url: '/users', params: { page } })
 * await queryClient.ensureQueryData(userList(1)) // a route loader, or the server
 * const users = useQuery(userList(page))         // users.error: ApiError | null
 */
export function apiQueryOptions<
  TQueryFnData = unknown,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
>(
  api: ApiClient,
  options: ApiQueryOptionsInput<TQueryFnData, TData, TQueryKey> & {
    initialData: NonUndefinedGuard<TQueryFnData> | (() => NonUndefinedGuard<TQueryFnData>)
  },
): DefinedInitialDataApiQueryOptions<TQueryFnData, TData, TQueryKey>
export function apiQueryOptions<
  TQueryFnData = unknown,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
>(
  api: ApiClient,
  options: ApiQueryOptionsInput<TQueryFnData, TData, TQueryKey>,
): ApiQueryOptions<TQueryFnData, TData, TQueryKey>
export function apiQueryOptions(api: ApiClient, options: ApiQueryOptionsInput): ApiQueryOptions {
  return buildQueryOptions(api, options as QueryOptionsInput, false) as ApiQueryOptions
}
