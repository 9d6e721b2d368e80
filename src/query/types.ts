import type { AxiosRequestConfig, Method } from 'axios'

/** Query parameters, serialised by axios; part of the default query key. */
export type ApiParams = Record<string, unknown> | URLSearchParams

/**
 * TanStack's `retry` and `retryDelay`, refused: the client already retries each request (see
 * `createApiClient({ retry })`), and a second retrying layer would multiply the attempts (4 sends
 * with TanStack's 3 retries become 16).
 */
export interface WithoutTanStackRetry {
  /**
   * Not accepted: the client retries each request (`createApiClient({ retry })`, or per request
   * `config: { retry }`). Passed anyway (from JavaScript, or through a cast), it is ignored.
   */
  retry?: never
  /** Not accepted, for the same reason as `retry`: set the client's `retry.baseDelayMs` instead. */
  retryDelay?: never
}

/** Where a query's request goes: a URL with its method, params and any other axios config. */
export interface ApiRequestByUrl {
  /** The URL, relative to the client's `baseURL`. */
  url: string
  /**
   * @default 'GET'
   * @example method: 'POST' // a search endpoint that reads
   */
  method?: Method | undefined
  /**
   * Query parameters; part of the default query key (and so of a dehydrated page's state: keep
   * secrets in headers).
   * @default undefined
   * @example params: { page: 2, sort: 'name' }
   */
  params?: ApiParams | undefined
  /**
   * Any other axios config (`headers`, `timeout`, `data`, a per-request `retry`); the signal is
   * TanStack's. Not part of the default query key: give `queryKey` when the answer depends on it
   * (a `data` body, say).
   * @default {}
   * @example config: { headers: { 'X-Tenant': tenant }, retry: { retries: 5 } }
   */
  config?: Omit<AxiosRequestConfig, 'url' | 'method' | 'params' | 'signal'> | undefined
  request?: never
}
