import { useSuspenseQuery } from '@tanstack/react-query'
import type { QueryKey, UseSuspenseQueryResult } from '@tanstack/react-query'
import type { ApiError } from '../core/errors/ApiError'
import { apiQueryOptions } from '../query/apiQueryOptions'
import type { ApiQuerySource, ApiQueryTanStackOptions } from '../query/apiQueryOptions'
import type { PendingRetry } from '../query/pendingRetry'
import type { WithoutTanStackRetry } from '../query/types'
import { useApiContext } from './ApiContext'
import { useBoundaryChain } from './boundaryChain'
import { resultWith } from './resultWith'
import { useTrackedPendingRetry } from './usePendingRetry'

/** What `useApiSuspenseQuery` takes: `apiQueryOptions`'s options but those Suspense has no use for. */
export type UseApiSuspenseQueryOptions<
  TQueryFnData = unknown,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
> = Omit<
  ApiQueryTanStackOptions<TQueryFnData, TData, TQueryKey>,
  'enabled' | 'throwOnError' | 'placeholderData'
> &
  WithoutTanStackRetry &
  ApiQuerySource<TQueryKey>

export type UseApiSuspenseQueryResult<TData = unknown> = UseSuspenseQueryResult<TData, ApiError> & {
  /** The retry of a background refetch that is waiting to go out, or `null`. */
  readonly pendingRetry: PendingRetry | null
}

/**
 * `useSuspenseQuery` over {@link apiQueryOptions}: the component suspends until the data is
 * there, and a failure (after the client's retries) goes to the nearest `ApiErrorBoundary`. Suspense
 * has no state without data, so this hook needs a boundary above it (development warns without one).
 *
 * @example
 * <ApiErrorBoundary fallbackRender={({ reset }) => <button onClick={reset}>Retry</button>}>
 *   <Suspense fallback={<Spinner />}>
 *     <Users />
 *   </Suspense>
 * </ApiErrorBoundary>
 * function Users() {
 *   const { data } = useApiSuspenseQuery<User[]>({ url: '/users' })
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
  const { client, warnOnce } = useApiContext()
  const handledAbove = useBoundaryChain()
  // Like TanStack's own checks: production builds replace the test, and the text drops out.
  if (process.env.NODE_ENV !== 'production' && !handledAbove)
    warnOnce(
      'suspense-without-boundary',
      'useApiSuspenseQuery has no ApiErrorBoundary above it: Suspense has no state without data, so its error is thrown, and with no boundary to catch it the whole app unmounts. Add <ApiErrorBoundary fallback={…}> above it.',
    )
  const queryOptions = apiQueryOptions<TQueryFnData, TData, TQueryKey>(client, options)
  const query = useSuspenseQuery(queryOptions)
  const readPendingRetry = useTrackedPendingRetry(queryOptions)
  return resultWith(query, {
    get pendingRetry() {
      return readPendingRetry()
    },
  })
}
