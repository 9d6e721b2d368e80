import type {
  DataTag,
  InfiniteData,
  InfiniteQueryObserverOptions,
  InitialDataFunction,
  NonUndefinedGuard,
  QueryFunction,
  QueryKey,
} from '@tanstack/react-query'
import type { ApiClient } from '../core/client'
import type { ApiError } from '../core/errors/ApiError'
import { buildQueryOptions } from './queryRequest'
import type { QueryOptionsInput } from './queryRequest'
import type { ApiRequestByContext } from './apiQueryOptions'
import type { ApiParams, ApiRequestByUrl, WithoutTanStackRetry } from './types'

/**
 * Where each page comes from: a URL whose `params` may be a function of the page param, or a
 * function of TanStack's query context (which holds `pageParam`) that returns the axios config.
 */
export type ApiInfiniteQuerySource<TQueryKey extends QueryKey, TPageParam> =
  | (Omit<ApiRequestByUrl, 'params'> & {
      /**
       * The query parameters of every page, or of the page whose param is given.
       * @example params: (page) => ({ page, per_page: 20 })
       */
      params?: ApiParams | ((pageParam: TPageParam) => ApiParams) | undefined
      /**
       * The query key.
       * @default `[url, params, 'infinite']` (the first page's params; method first when not GET)
       */
      queryKey?: TQueryKey | undefined
    })
  | ApiRequestByContext<TQueryKey, TPageParam>

type InfiniteInitialData<TQueryFnData, TPageParam> =
  | NonUndefinedGuard<InfiniteData<TQueryFnData, TPageParam>>
  | InitialDataFunction<NonUndefinedGuard<InfiniteData<TQueryFnData, TPageParam>>>

/** TanStack's infinite query options that the factories pass through as they are. */
export type ApiInfiniteQueryTanStackOptions<
  TQueryFnData,
  TData,
  TQueryKey extends QueryKey,
  TPageParam,
> = Omit<
  InfiniteQueryObserverOptions<TQueryFnData, ApiError, TData, TQueryKey, TPageParam>,
  'queryKey' | 'queryFn' | 'retry' | 'retryDelay' | 'initialData' | 'suspense' | '_defaulted'
> & { initialData?: InfiniteInitialData<TQueryFnData, TPageParam> }

/**
 * What {@link apiInfiniteQueryOptions} takes: everything TanStack's `infiniteQueryOptions` takes
 * (`initialPageParam`, `getNextPageParam`, …) but `queryFn`, `retry` and `retryDelay`, plus where
 * each page comes from.
 */
export type ApiInfiniteQueryOptionsInput<
  TQueryFnData = unknown,
  TData = InfiniteData<TQueryFnData>,
  TQueryKey extends QueryKey = QueryKey,
  TPageParam = unknown,
> = ApiInfiniteQueryTanStackOptions<TQueryFnData, TData, TQueryKey, TPageParam> &
  WithoutTanStackRetry &
  ApiInfiniteQuerySource<TQueryKey, TPageParam>

/** What {@link apiInfiniteQueryOptions} returns: TanStack infinite query options. */
export type ApiInfiniteQueryOptions<
  TQueryFnData = unknown,
  TData = InfiniteData<TQueryFnData>,
  TQueryKey extends QueryKey = QueryKey,
  TPageParam = unknown,
> = ApiInfiniteQueryTanStackOptions<TQueryFnData, TData, TQueryKey, TPageParam> & {
  queryKey: DataTag<TQueryKey, InfiniteData<TQueryFnData>, ApiError>
  queryFn: QueryFunction<TQueryFnData, TQueryKey, TPageParam>
  /** Always `false`: the client retries each page's request. */
  retry: false
}

/**
 * TanStack infinite query options that fetch each page through the client, as
 * {@link apiQueryOptions} does for one: `error` is an `ApiError`, the signal and the retry
 * announcements are wired, and TanStack does not retry on top of the client.
 *
 * @example
 * // typed by `last: User[]` and `initialPageParam`: type arguments would stop the page param's inference
 * const userPages = apiInfiniteQueryOptions(api, {
 *   url: '/users',
 *   params: (page) => ({ page }),
 *   initialPageParam: 1,
 *   getNextPageParam: (last: User[], _all, page) => (last.length === 0 ? undefined : page + 1),
 * })
 * const users = useInfiniteQuery(userPages) // or useApiInfiniteQuery({ ... })
 */
export function apiInfiniteQueryOptions<
  TQueryFnData = unknown,
  TData = InfiniteData<TQueryFnData>,
  TQueryKey extends QueryKey = QueryKey,
  TPageParam = unknown,
>(
  api: ApiClient,
  options: ApiInfiniteQueryOptionsInput<TQueryFnData, TData, TQueryKey, TPageParam> & {
    initialData: NonUndefinedGuard<InfiniteData<TQueryFnData, TPageParam>>
  },
): ApiInfiniteQueryOptions<TQueryFnData, TData, TQueryKey, TPageParam> & {
  initialData: NonUndefinedGuard<InfiniteData<TQueryFnData, TPageParam>>
}
export function apiInfiniteQueryOptions<
  TQueryFnData = unknown,
  TData = InfiniteData<TQueryFnData>,
  TQueryKey extends QueryKey = QueryKey,
  TPageParam = unknown,
>(
  api: ApiClient,
  options: ApiInfiniteQueryOptionsInput<TQueryFnData, TData, TQueryKey, TPageParam>,
): ApiInfiniteQueryOptions<TQueryFnData, TData, TQueryKey, TPageParam>
export function apiInfiniteQueryOptions(
  api: ApiClient,
  options: ApiInfiniteQueryOptionsInput,
): ApiInfiniteQueryOptions {
  return buildQueryOptions(api, options as QueryOptionsInput, true) as ApiInfiniteQueryOptions
}
