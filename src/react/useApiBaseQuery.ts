import type { ApiClient } from '../core/client'
import type { ApiError } from '../core/errors/ApiError'
import { useApiContext } from './ApiContext'
import { fieldErrorAccess } from './fieldErrors'
import { resultWith } from './resultWith'
import { useThrowDecision } from './throwPolicy'
import type { ThrowPolicy } from './throwPolicy'
import { useTrackedPendingRetry } from './usePendingRetry'
import type { PendingRetryQuery } from './usePendingRetry'
import type { ApiQueryExtras } from './useApiQuery'

/**
 * What `useApiQuery` and `useApiInfiniteQuery` share: the factory's options with the provider's
 * client, TanStack's hook with the throw decision, and the extras on its result. Loosely typed:
 * each hook states its own types.
 */
export function useApiBaseQuery<TResult extends { error: ApiError | null }>(
  factory: (api: ApiClient, source: object) => PendingRetryQuery & object,
  useTanStackQuery: (options: object) => TResult,
  options: object,
  hookName: string,
): TResult & ApiQueryExtras {
  const { throwOnError, ...source } = options as { throwOnError?: ThrowPolicy | undefined }
  const queryOptions = factory(useApiContext().client, source)
  const throwsToBoundary = useThrowDecision(throwOnError, hookName)
  const query = useTanStackQuery({
    ...queryOptions,
    throwOnError: (error: ApiError) => throwsToBoundary(error),
  })
  const readPendingRetry = useTrackedPendingRetry(queryOptions)
  return resultWith(query, {
    ...fieldErrorAccess(query.error),
    get pendingRetry() {
      return readPendingRetry()
    },
  })
}
