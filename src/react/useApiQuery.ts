import { useQuery } from '@tanstack/react-query'
import type { QueryKey, UseQueryOptions, UseQueryResult } from '@tanstack/react-query'
import type { ApiError } from '../core/errors/ApiError'
import type { RetryAnnouncement } from '../core/retry/types'
import { useApiContext } from './ApiContext'
import { useApiQueryPlumbing } from './apiQueryPlumbing'
import type { ApiQuerySource } from './apiQueryPlumbing'
import { fieldErrorAccess } from './fieldErrors'
import type { FieldErrorAccess } from './fieldErrors'
import { resultWith } from './resultWith'
import { shouldThrow } from './throwPolicy'
import type { ThrowPolicy } from './throwPolicy'

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
  const { throwOnError: providerPolicy } = useApiContext()
  const { throwOnError, ...rest } = options
  const plumbing = useApiQueryPlumbing<TQueryFnData, TQueryKey, typeof rest>(rest)
  const query = useQuery<TQueryFnData, ApiError, TData, TQueryKey>({
    ...plumbing.queryOptions,
    throwOnError: (error) => shouldThrow(throwOnError ?? providerPolicy, error),
  })

  return resultWith(query, {
    ...fieldErrorAccess(query.error),
    get retry() {
      return plumbing.readRetry()
    },
  })
}
