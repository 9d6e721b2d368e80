import type { Query, QueryClient, QueryKey } from '@tanstack/react-query'
import type { AxiosRequestConfig, Method } from 'axios'
import type { ApiClient } from '../core/client'
import type { ApiParams } from './types'

/** What the query function needs of TanStack's context, in every TanStack v5 adapter. */
interface FetchContext {
  /** Missing before @tanstack/query-core 5.66, where the query cannot be found. */
  client?: QueryClient | undefined
  queryKey: QueryKey
  signal: AbortSignal
}

/**
 * The default query key: `[url]`, `[url, params]`, or with the method first when it is not GET
 * (`['POST', '/search', params]`). Prefix filters keep working: `{ queryKey: ['/users'] }` matches
 * every page of `/users`. TanStack hashes plain objects with their keys sorted, so the key is the
 * same whatever order the params were written in; URLSearchParams (which it would hash as `{}`)
 * enter the key as their query string.
 */
export function defaultQueryKey(
  method: Method | undefined,
  url: string,
  params: ApiParams | undefined,
): unknown[] {
  const upper = method?.toUpperCase()
  const key: unknown[] = upper === undefined || upper === 'GET' ? [url] : [upper, url]
  if (params !== undefined) key.push(params instanceof URLSearchParams ? params.toString() : params)
  return key
}

/**
 * The query TanStack is fetching: the one whose key object is the context's. Looked up under the
 * hash of that key with the QueryClient's defaults first; a query that hashes its key its own way
 * (`queryKeyHashFn`) is found by the key's identity.
 */
function fetchingQuery({ client, queryKey }: FetchContext): Query | undefined {
  if (!client) return undefined
  const cache = client.getQueryCache()
  const filed = cache.get(client.defaultQueryOptions({ queryKey }).queryHash)
  return filed?.queryKey === queryKey
    ? filed
    : cache.getAll().find((query) => query.queryKey === queryKey)
}

/** A query's or an infinite query's options, as the factories take them, loosely typed. */
export interface QueryOptionsInput {
  url?: string | undefined
  method?: Method | undefined
  params?: ApiParams | ((pageParam: unknown) => ApiParams) | undefined
  config?: AxiosRequestConfig | undefined
  request?: ((context: FetchContext & { pageParam?: unknown }) => AxiosRequestConfig) | undefined
  queryKey?: QueryKey | undefined
  initialPageParam?: unknown
}

/**
 * What `apiQueryOptions` and `apiInfiniteQueryOptions` share: TanStack's options as given, the
 * key (by default from the method, URL and params: an infinite query's from its first page's,
 * marked so that a plain query of the same URL cannot share its cache entry, which holds pages),
 * the query function, and `retry: false`, set last so that nothing passed anyway overrides it.
 * Typed `object`: each factory states what it returns, which TypeScript cannot follow through a
 * rest of TanStack's options.
 */
export function buildQueryOptions(
  api: ApiClient,
  options: QueryOptionsInput,
  infinite: boolean,
): object {
  const { url, method, params, config, request, queryKey, ...tanstack } = options
  const paramsOf = (pageParam: unknown) =>
    typeof params === 'function' ? params(pageParam) : params
  return {
    ...tanstack,
    queryKey: queryKey ?? [
      ...defaultQueryKey(method, url as string, paramsOf(options.initialPageParam)),
      ...(infinite ? ['infinite'] : []),
    ],
    queryFn: (context: FetchContext & { pageParam?: unknown }) =>
      sendQuery(
        api,
        context,
        request ??
          (({ pageParam }) =>
            // axios takes `undefined` for "not given": the defaults (GET, no params) apply.
            ({ ...config, url, method, params: paramsOf(pageParam) }) as AxiosRequestConfig),
      ),
    retry: false as const,
  }
}

/**
 * Sends one query's request through the client: with TanStack's AbortSignal (leaving the page
 * aborts the request, its retry wait and its wait for a refresh), and with the query's hash as
 * `pendingRetryKey`, so that any reader of that query sees its retries (`usePendingRetry`).
 *
 * One layer retries: the factories set TanStack's `retry: false`. Should TanStack retry anyway
 * (options spread into `useQuery` with a `retry` of their own), its retry sends nothing and fails
 * at once with the error the client gave up on.
 */
async function sendQuery<TContext extends FetchContext>(
  api: ApiClient,
  context: TContext,
  request: (context: TContext) => AxiosRequestConfig,
): Promise<unknown> {
  try {
    const query = fetchingQuery(context)
    // TanStack counts failures of the current fetch only while it retries it.
    if (query && query.state.fetchFailureCount > 0) {
      // Like TanStack's own checks: production builds replace the test, and the text drops out.
      if (process.env.NODE_ENV !== 'production')
        console.warn(
          `resilient-query: TanStack retried the query ${query.queryHash}, whose options set a retry of their own over the retry: false of resilient-query's options. The client had already retried the request, so nothing was sent again. Remove that retry option.`,
        )
      throw api.normalizeError(query.state.fetchFailureReason)
    }
    const response = await api.request({
      ...request(context),
      signal: context.signal,
      ...(query ? { pendingRetryKey: query.queryHash } : {}),
    })
    return response.data
  } catch (error) {
    // The client rejects with ApiErrors already; an app's `request` function may throw anything.
    throw api.normalizeError(error)
  }
}
