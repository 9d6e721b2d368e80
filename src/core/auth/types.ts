import type { ApiError } from '../errors/ApiError'

/**
 * What `refresh()` may return: the new access token, the token with its expiry, or nothing at all
 * when the session lives in an httpOnly cookie that the browser updates by itself.
 */
export type RefreshResult = string | void | undefined | RefreshedTokens

/** What `refresh()` may say of the tokens it obtained. */
export interface RefreshedTokens {
  accessToken?: string | undefined
  /** When the new token expires: epoch milliseconds or a Date. */
  expiresAt?: number | Date | undefined
  /**
   * How long the new token lives, counted from when `refresh()`'s answer arrived (OAuth's
   * `expires_in` × 1000). Preferred to `expiresAt`: it needs no agreement between clocks.
   */
  expiresInMs?: number | undefined
  /**
   * A rotated refresh token. The client never sends it anywhere; with `crossTab`, the other tabs'
   * `onRefreshedElsewhere` receive it, so that each tab's store keeps the one the server accepts.
   */
  refreshToken?: string | undefined
}

/**
 * Handed to `refresh()`. Pass `signal` to the request that renews the session: it aborts when the
 * refresh takes longer than `refreshTimeoutMs` or the app signs out, and a request through this
 * client that carries it is recognised as the refresh itself, so it is never retried (a refresh
 * token is single-use) unless it sets `retry` itself.
 */
export interface RefreshContext {
  readonly signal: AbortSignal
}

/** `idle`: requests go out as usual; `refreshing`: one refresh is running and requests wait for it;
 * `signed-out`: the refresh failed and the app must sign the user in again. */
export type AuthState = 'idle' | 'refreshing' | 'signed-out'

/**
 * One refresh for every open tab of the app: tabs of one origin that share `name` take turns to
 * refresh (Web Locks) and pass the result to each other (BroadcastChannel); a sign-out in one tab
 * signs out all of them. Where either API is missing, each tab refreshes on its own, as without it.
 */
export interface CrossTabOptions {
  /**
   * What the tabs coordinate under: tabs whose clients share it share one session.
   * @default `resilient-query:${baseURL origin}:${header}`
   */
  name?: string | undefined
  /**
   * Called in each OTHER tab when one tab refreshed, with what its `refresh()` returned (a string
   * is passed as `{ accessToken }`), so that a rotated refresh token can be stored there too. Not
   * called for cookie sessions, which share the browser's cookie jar already.
   * @example onRefreshedElsewhere: ({ refreshToken }) => { if (refreshToken) store.refresh = refreshToken }
   */
  onRefreshedElsewhere?: ((tokens: RefreshedTokens) => void) | undefined
}

/**
 * How the client obtains, attaches and renews the access token.
 *
 * @example
 * createApiClient({
 *   baseURL: 'https://api.example.com/v1',
 *   auth: {
 *     getAccessToken: () => store.accessToken,
 *     refresh: async ({ signal }) => {
 *       const { data } = await api.post('/auth/refresh', { refresh_token: store.refreshToken }, { skipAuth: true, signal })
 *       store.accessToken = data.access_token
 *       store.refreshToken = data.refresh_token
 *       return { accessToken: data.access_token, expiresInMs: data.expires_in * 1000 }
 *     },
 *     onAuthFailure: () => router.push('/sign-in'),
 *   },
 * })
 */
export interface AuthOptions {
  /**
   * The current access token. Omit it for cookie sessions: no header is attached then. A promise of
   * it is waited for as long as a refresh may take (`refreshTimeoutMs`, or the request's `timeout`
   * when that is shorter): one still pending then fails the request with a `timeout` ApiError,
   * sending nothing. A canceled request stops waiting at once.
   */
  getAccessToken?:
    (() => string | null | undefined | Promise<string | null | undefined>) | undefined
  /**
   * Renews the session. Runs once for any number of requests that failed together. If it calls
   * this same client, pass `{ skipAuth: true, signal }` on that request: without `skipAuth` it would
   * wait for itself, and the `signal` marks it as the refresh, which is never retried. Returning
   * the same token as before is fine (issuers without `jti` do so within a second); only a replay
   * refused with it counts as a failed refresh.
   */
  refresh: (context: RefreshContext) => Promise<RefreshResult> | RefreshResult
  /**
   * Called once each time the session is lost: a refresh failed, or the server refused the token a
   * refresh had just produced. The user must sign in again. A throw here changes nothing.
   */
  onAuthFailure?: ((error: ApiError) => void) | undefined
  /**
   * Which failures mean "the token is no longer good". The default is a 401, or the codes
   * `TOKEN_EXPIRED` / `invalid_token` / `token_expired` on any status. One that throws, or answers
   * anything but `true` or `false` (a promise), has no say: the default decides, and the throw is
   * reported like any app callback's.
   */
  isAuthError?: ((error: ApiError) => boolean) | undefined
  /**
   * Origins besides the baseURL's that may receive the token, e.g. `['https://files.example.com']`.
   * @default []
   */
  allowedOrigins?: readonly string[] | undefined
  /** @default 'Bearer' */
  scheme?: string | undefined
  /** @default 'Authorization' */
  header?: string | undefined
  /**
   * How long before a known expiry the token is renewed, so that no request fails first. Never
   * more than a tenth of the token's life, so a token of a few seconds is not renewed on every
   * request. The expiry is judged on the server's clock where the client can know it (see
   * `refresh()`'s `expiresInMs`, or a JWT's `iat`), so a device clock minutes off does not make
   * every token look expired.
   * @default 30_000
   */
  refreshLeewayMs?: number | undefined
  /**
   * A refresh still running after this long counts as failed, so that waiting requests settle.
   * It bounds a request's wait for the token `getAccessToken()` promised too (or the request's own
   * `timeout` does, when shorter): the request then fails with a `timeout` ApiError. `Infinity`
   * waits as long as they take; a canceled request stops waiting at once either way.
   * @default 15_000
   */
  refreshTimeoutMs?: number | undefined
  /**
   * One refresh across every open tab (see {@link CrossTabOptions}): `true`, or options.
   * @default false
   * @example crossTab: { onRefreshedElsewhere: ({ refreshToken }) => saveRefreshToken(refreshToken) }
   */
  crossTab?: boolean | CrossTabOptions | undefined
}

declare module 'axios' {
  interface AxiosRequestConfig {
    /**
     * Send this request without the access token and never refresh on its 401: for sign-in,
     * public endpoints and the refresh call itself.
     * @default false
     */
    skipAuth?: boolean
  }
}
