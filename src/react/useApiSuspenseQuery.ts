import { useSuspenseQuery } from '@tanstack/react-query'
import type {
  QueryKey,
  UseSuspenseQueryOptions,
  UseSuspenseQueryResult,
} from '@tanstack/react-query'
import type { ApiError } from '../core/errors/ApiError'
import type { RetryAnnouncement } from '../core/retry/types'
import { useApiQueryPlumbing } from './apiQueryPlumbing'
import type { ApiQuerySource } from './apiQueryPlumbing'
import { resultWith } from './resultWith'

export type UseApiSuspenseQueryOptions<
  TQueryFnData = unknown,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
> = Omit<UseSuspenseQueryOptions<TQueryFnData, ApiError, TData, TQueryKey>, 'queryFn'> &
  ApiQuerySource<TQueryFnData, TQueryKey>

export type UseApiSuspenseQueryResult<TData = unknown> = UseSuspenseQueryResult<TData, ApiError> & {
  /** A retry of a background refetch that is waiting to go out, or `null`. */
  readonly retry: RetryAnnouncement | null
}

/**
 * `useSuspenseQuery` through the client: the component suspends until the data is there, and a
 * failure (after the client's retries) goes to the nearest `ApiErrorBoundary`.
 *
 * @example
 * <ApiErrorBoundary fallbackRender={({ reset }) => <button onClick={reset}>Retry</button>}>
 *   <Suspense fallback={<Spinner />}>
 *     <Users />
 *   </Suspense>
 * </ApiErrorBoundary>
 * function Users() {
 *   const { data } = useApiSuspenseQuery<User[]>({ queryKey: ['users'], url: '/users' })
 *   return <List users={data} />
 * }
 */
export function useApiSuspenseQuery<
  TQueryFnData = unknown,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
>(
  options: UseApiSuspenseQueryOptions<TQueryFnData, TData, TQueryKey>,
): UseApiSuspenseQueryResult<TData> {
  const plumbing = useApiQueryPlumbing<TQueryFnData, TQueryKey, typeof options>(options)
  const query = useSuspenseQuery<TQueryFnData, ApiError, TData, TQueryKey>(plumbing.queryOptions)
  return resultWith(query, {
    get retry() {
      return plumbing.readRetry()
    },
  })
}
