import { useQuery } from '@tanstack/react-query'
import type {
  DefinedUseQueryResult,
  NonUndefinedGuard,
  QueryKey,
  UseQueryResult,
} from '@tanstack/react-query'
import type { ApiClient } from '../core/client'
import type { ApiError } from '../core/errors/ApiError'
import { apiQueryOptions } from '../query/apiQueryOptions'
import type {
  ApiQueryOptions,
  ApiQuerySource,
  ApiQueryTanStackOptions,
} from '../query/apiQueryOptions'
import type { PendingRetry } from '../query/pendingRetry'
import type { WithoutTanStackRetry } from '../query/types'
import type { FieldErrorAccess } from './fieldErrors'
import type { ThrowPolicy } from './throwPolicy'
import { useApiBaseQuery } from './useApiBaseQuery'

/** What `useApiQuery` takes: what `apiQueryOptions` takes, with a throw policy for `throwOnError`. */
export type UseApiQueryOptions<
  TQueryFnData = unknown,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
> = Omit<ApiQueryTanStackOptions<TQueryFnData, TData, TQueryKey>, 'throwOnError'> &
  WithoutTanStackRetry &
  ApiQuerySource<TQueryKey> & {
    /**
     * Whether an error goes to an `ApiErrorBoundary` above (one that handles its kind; with none,
     * it stays in `error`).
     * @default the ApiProvider's policy
     */
    throwOnError?: ThrowPolicy | undefined
  }

/** What the hooks add to TanStack's result. */
export interface ApiQueryExtras extends FieldErrorAccess {
  /**
   * The retry of this query's request that is waiting to go out, or `null`; reading it subscribes
   * the component to the retries (components that never read it never re-render for them).
   */
  readonly pendingRetry: PendingRetry | null
}

export type UseApiQueryResult<TData = unknown> = UseQueryResult<TData, ApiError> & ApiQueryExtras

/** The result when `initialData` is given: `data` is never `undefined`. */
export type DefinedUseApiQueryResult<TData = unknown> = DefinedUseQueryResult<TData, ApiError> &
  ApiQueryExtras

/**
 * `useQuery` over {@link apiQueryOptions} and the provider's client: `error` is an `ApiError`,
 * `pendingRetry` tells when the next retry goes out, and leaving the page aborts the request, its
 * retry wait and its wait for a refresh. The key defaults to `[url, params]`.
 *
 * @example
 * const users = useApiQuery<User[]>({ url: '/users', params: { page } })
 * if (users.pendingRetry) return <p>Retry {users.pendingRetry.retryNumber} of {users.pendingRetry.maxRetries}</p>
 * if (users.error) return <p>{users.error.message}</p>
 */
export function useApiQuery<
  TQueryFnData = unknown,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
>(
  options: UseApiQueryOptions<TQueryFnData, TData, TQueryKey> & {
    initialData: NonUndefinedGuard<TQueryFnData> | (() => NonUndefinedGuard<TQueryFnData>)
  },
): DefinedUseApiQueryResult<TData>
export function useApiQuery<
  TQueryFnData = unknown,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
>(options: UseApiQueryOptions<TQueryFnData, TData, TQueryKey>): UseApiQueryResult<TData>
export function useApiQuery(options: UseApiQueryOptions): UseApiQueryResult {
  return useApiBaseQuery(
    apiQueryOptions as (api: ApiClient, source: object) => ApiQueryOptions,
    useQuery as (options: object) => UseQueryResult<unknown, ApiError>,
    options,
    'useApiQuery',
  )
}
