import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import type { DefaultOptions, QueryClientConfig } from '@tanstack/react-query'
import { useContext, useEffect, useMemo, useState } from 'react'
import type { ReactNode } from 'react'
import type { ApiClient } from '../core/client'
import { createWarnOnce } from '../core/shared/development'
import { ApiContext } from './ApiContext'
import type { ApiContextValue } from './ApiContext'
import { defaultThrowPolicy } from './throwPolicy'
import type { ThrowPolicy } from './throwPolicy'

export interface ApiProviderProps {
  client: ApiClient
  /**
   * The QueryClient to use.
   * @default the client of an enclosing `QueryClientProvider`, else a new one from
   * `createApiQueryClient()` (whose retries are off: the client retries each request)
   */
  queryClient?: QueryClient | undefined
  /**
   * Which errors of the hooks go to an `ApiErrorBoundary` above them; hooks can override it. An
   * error goes there only when a boundary above handles its kind: otherwise it stays in the hook.
   * @default defaultThrowPolicy (everything but validation, not_found, conflict and canceled)
   */
  throwOnError?: ThrowPolicy | undefined
  children?: ReactNode
}

/** TanStack's options that would retry on top of the client's retries. */
type RetryingOptions = 'retry' | 'retryDelay'

/**
 * A QueryClient's configuration without TanStack's retries: the client retries each request.
 */
export type ApiQueryClientConfig = Omit<QueryClientConfig, 'defaultOptions'> & {
  defaultOptions?: Pick<DefaultOptions, 'hydrate' | 'dehydrate'> & {
    queries?: Omit<NonNullable<DefaultOptions['queries']>, RetryingOptions>
    mutations?: Omit<NonNullable<DefaultOptions['mutations']>, RetryingOptions>
  }
}

/**
 * A QueryClient whose defaults fit a resilient-query client: TanStack does not retry (the client
 * retries each request; two retrying layers would multiply the attempts, 4 × 4 = 16 sends).
 * Everything else is TanStack's configuration, as `new QueryClient(config)` takes it.
 *
 * @param config TanStack's configuration without `retry` and `retryDelay`. @default {}
 * @example
 * // server rendering: data fetched on the server stays fresh for a minute in the browser
 * const queryClient = createApiQueryClient({ defaultOptions: { queries: { staleTime: 60_000 } } })
 * <QueryClientProvider client={queryClient}><ApiProvider client={api}><App /></ApiProvider></QueryClientProvider>
 */
export function createApiQueryClient(config: ApiQueryClientConfig = {}): QueryClient {
  const defaults = config.defaultOptions
  return new QueryClient({
    ...config,
    defaultOptions: {
      ...defaults,
      // forced off even when passed past the types
      queries: { ...defaults?.queries, retry: false },
      mutations: { ...defaults?.mutations, retry: false },
    },
  })
}

// TanStack's defaults when `retry` is not set: 3 for queries in a browser, none for mutations.
const retriesByDefault = (retry: unknown, byDefault: boolean) =>
  retry === undefined ? byDefault : retry !== false && retry !== 0

/**
 * Makes the client available to the hooks and boundaries below. It uses the QueryClient of an
 * enclosing `QueryClientProvider` when there is one (and warns in development when that client
 * would retry on top of ours), else its own.
 *
 * @example
 * <ApiProvider client={api}>
 *   <App />
 * </ApiProvider>
 */
export function ApiProvider({ client, queryClient, throwOnError, children }: ApiProviderProps) {
  const enclosing = useContext(QueryClientContext)
  const [ownQueryClient] = useState(() => queryClient ?? enclosing ?? createApiQueryClient())
  const activeQueryClient = queryClient ?? enclosing ?? ownQueryClient
  const [warnOnce] = useState(createWarnOnce)

  useEffect(() => {
    // Like TanStack's own checks: production builds replace the test, and the text drops out.
    if (process.env.NODE_ENV === 'production') return
    const defaults = activeQueryClient.getDefaultOptions()
    if (
      retriesByDefault(defaults.queries?.retry, true) ||
      retriesByDefault(defaults.mutations?.retry, false)
    )
      warnOnce(
        'query-client-retries',
        "the QueryClient in use retries failed queries or mutations itself (TanStack's default for queries is 3 retries). Queries made with apiQueryOptions or the useApi* hooks do not (they set retry: false), but any other query or mutation that calls the client would be retried by TanStack on top of the client's own retries, multiplying the requests. Create it with createApiQueryClient(), or set defaultOptions: { queries: { retry: false }, mutations: { retry: false } }.",
      )
  }, [activeQueryClient, warnOnce])

  const value = useMemo<ApiContextValue>(
    () => ({ client, throwOnError: throwOnError ?? defaultThrowPolicy, warnOnce }),
    [client, throwOnError, warnOnce],
  )
  const content = <ApiContext.Provider value={value}>{children}</ApiContext.Provider>
  return activeQueryClient === enclosing ? (
    content
  ) : (
    <QueryClientProvider client={activeQueryClient}>{content}</QueryClientProvider>
  )
}
