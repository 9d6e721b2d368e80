import { useSuspenseQuery } from '@tanstack/react-query'
import type { QueryKey, UseSuspenseQueryResult } from '@tanstack/react-query'
import type { ApiClient } from '../core/client'
import type { ApiError } from '../core/errors/ApiError'
import { apiQueryOptions } from '../query/apiQueryOptions'
import type {
  ApiQueryOptions,
  ApiQuerySource,
  ApiQueryTanStackOptions,
} from '../query/apiQueryOptions'
import type { WithoutTanStackRetry } from '../query/types'
import { useApiContext } from './ApiContext'
import { useBoundaryChain } from './boundaryChain'
import { useApiBaseQuery } from './useApiBaseQuery'
import type { ApiQueryExtras } from './useApiQuery'

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

/** TanStack's result, with `pendingRetry` (a retry of a background refetch) and the field errors. */
export type UseApiSuspenseQueryResult<TData = unknown> = UseSuspenseQueryResult<TData, ApiError> &
  ApiQueryExtras

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
  const { warnOnce } = useApiContext()
  const handledAbove = useBoundaryChain()
  // Like TanStack's own checks: production builds replace the test, and the text drops out.
  if (process.env.NODE_ENV !== 'production' && !handledAbove)
    warnOnce(
      'suspense-without-boundary',
      'useApiSuspenseQuery has no ApiErrorBoundary above it: Suspense has no state without data, so its error is thrown, and with no boundary to catch it the whole app unmounts. Add <ApiErrorBoundary fallback={…}> above it.',
    )
  // useSuspenseQuery throws its errors whatever the options say: the throw policy plays no part.
  return useApiBaseQuery(
    apiQueryOptions as (api: ApiClient, source: object) => ApiQueryOptions,
    useSuspenseQuery as (options: object) => UseSuspenseQueryResult<TData, ApiError>,
    options,
    'useApiSuspenseQuery',
  )
}
