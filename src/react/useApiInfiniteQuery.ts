import { useInfiniteQuery } from '@tanstack/react-query'
import type { InfiniteData, QueryKey, UseInfiniteQueryResult } from '@tanstack/react-query'
import type { ApiClient } from '../core/client'
import type { ApiError } from '../core/errors/ApiError'
import { apiInfiniteQueryOptions } from '../query/apiInfiniteQueryOptions'
import type {
  ApiInfiniteQueryOptions,
  ApiInfiniteQuerySource,
  ApiInfiniteQueryTanStackOptions,
} from '../query/apiInfiniteQueryOptions'
import type { WithoutTanStackRetry } from '../query/types'
import type { ThrowPolicy } from './throwPolicy'
import { useApiBaseQuery } from './useApiBaseQuery'
import type { ApiQueryExtras } from './useApiQuery'

/** What `useApiInfiniteQuery` takes: what `apiInfiniteQueryOptions` takes, with a throw policy. */
export type UseApiInfiniteQueryOptions<
  TQueryFnData = unknown,
  TData = InfiniteData<TQueryFnData>,
  TQueryKey extends QueryKey = QueryKey,
  TPageParam = unknown,
> = Omit<
  ApiInfiniteQueryTanStackOptions<TQueryFnData, TData, TQueryKey, TPageParam>,
  'throwOnError'
> &
  WithoutTanStackRetry &
  ApiInfiniteQuerySource<TQueryKey, TPageParam> & {
    /**
     * Whether an error goes to an `ApiErrorBoundary` above (one that handles its kind; with none,
     * it stays in `error`).
     * @default the ApiProvider's policy
     */
    throwOnError?: ThrowPolicy | undefined
  }

export type UseApiInfiniteQueryResult<TData = unknown> = UseInfiniteQueryResult<TData, ApiError> &
  ApiQueryExtras

/**
 * `useInfiniteQuery` over {@link apiInfiniteQueryOptions} and the provider's client: each page is
 * one request through the client, `params` may be a function of the page param, `error` is an
 * `ApiError` and `pendingRetry` the retry of the page being fetched.
 *
 * @example
 * const users = useApiInfiniteQuery<User[], InfiniteData<User[]>, QueryKey, number>({
 *   url: '/users',
 *   params: (page) => ({ page }),
 *   initialPageParam: 1,
 *   getNextPageParam: (last, _all, page) => (last.length === 0 ? undefined : page + 1),
 * })
 * <button onClick={() => users.fetchNextPage()} disabled={!users.hasNextPage}>More</button>
 */
export function useApiInfiniteQuery<
  TQueryFnData = unknown,
  TData = InfiniteData<TQueryFnData>,
  TQueryKey extends QueryKey = QueryKey,
  TPageParam = unknown,
>(
  options: UseApiInfiniteQueryOptions<TQueryFnData, TData, TQueryKey, TPageParam>,
): UseApiInfiniteQueryResult<TData> {
  return useApiBaseQuery(
    apiInfiniteQueryOptions as (api: ApiClient, source: object) => ApiInfiniteQueryOptions,
    useInfiniteQuery as (options: object) => UseInfiniteQueryResult<TData, ApiError>,
    options,
    'useApiInfiniteQuery',
  )
}
