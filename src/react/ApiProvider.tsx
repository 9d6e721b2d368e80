import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import type { ReactNode } from 'react'
import type { ApiClient } from '../core/client'
import { ApiContext } from './ApiContext'
import type { ApiContextValue } from './ApiContext'
import { createRetryStore } from './retryStore'
import { defaultThrowPolicy } from './throwPolicy'
import type { ThrowPolicy } from './throwPolicy'

export interface ApiProviderProps {
  client: ApiClient
  /**
   * The QueryClient to use. When omitted, one is created whose retries are off: the client
   * already retries each HTTP call, and two retrying layers would multiply (3 x 3 = 9 calls).
   */
  queryClient?: QueryClient | undefined
  /**
   * Which errors of `useApiQuery` go to the nearest error boundary; hooks can override it.
   * @default defaultThrowPolicy (everything but validation, not_found, conflict and canceled)
   */
  throwOnError?: ThrowPolicy | undefined
  children?: ReactNode
}

/** A QueryClient whose defaults fit a resilient-query client: one retrying layer, not two. */
export function createApiQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  })
}

/**
 * Makes the client available to the hooks and boundaries below, with a TanStack QueryClient.
 *
 * @example
 * <ApiProvider client={api}>
 *   <App />
 * </ApiProvider>
 */
export function ApiProvider({ client, queryClient, throwOnError, children }: ApiProviderProps) {
  const [ownQueryClient] = useState(() => queryClient ?? createApiQueryClient())
  const [retries] = useState(createRetryStore)
  const activeQueryClient = queryClient ?? ownQueryClient
  // A query's retry announcement lives while the query fetches. It is dropped here, once TanStack
  // has updated the query's observers, so that the render for the fetch's end shows both changes
  // (one render, not two), and no reader has to watch `fetchStatus` (a render at every refetch).
  useEffect(
    () =>
      activeQueryClient.getQueryCache().subscribe((event) => {
        if (
          event.type === 'removed' ||
          (event.type === 'updated' && event.query.state.fetchStatus !== 'fetching')
        )
          retries.set(event.query.queryHash, null)
      }),
    [activeQueryClient, retries],
  )
  const value = useMemo<ApiContextValue>(
    () => ({ client, retries, throwOnError: throwOnError ?? defaultThrowPolicy }),
    [client, retries, throwOnError],
  )
  return (
    <QueryClientProvider client={activeQueryClient}>
      <ApiContext.Provider value={value}>{children}</ApiContext.Provider>
    </QueryClientProvider>
  )
}
