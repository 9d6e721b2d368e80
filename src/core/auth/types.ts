import type { ApiError } from '../errors/ApiError'

/**
 * What `refresh()` may return: the new access token, the token with its expiry, or nothing at all
 * when the session lives in an httpOnly cookie that the browser updates by itself.
 */
export type RefreshResult =
  | string
  | void
  | undefined
  | {
      accessToken?: string | undefined
      /** When the new token expires: epoch milliseconds or a Date. */
      expiresAt?: number | Date | undefined
      /** How long the new token lives, from now (OAuth's `expires_in` × 1000). */
      expiresInMs?: number | undefined
    }

/** Handed to `refresh()`: it aborts when the refresh takes longer than `refreshTimeoutMs`. */
export interface RefreshContext {
  readonly signal: AbortSignal
}

/** `idle`: requests go out as usual; `refreshing`: one refresh is running and requests wait for it;
 * `signed-out`: the refresh failed and the app must sign the user in again. */
export type AuthState = 'idle' | 'refreshing' | 'signed-out'

/**
 * How the client obtains, attaches and renews the access token.
 *
 * @example
 * createApiClient({
 *   baseURL: 'https://api.example.com/v1',
 *   auth: {
 *     getAccessToken: () => store.accessToken,
 *     refresh: async () => {
 *       const { data } = await axios.post('https://api.example.com/v1/auth/refresh', { refresh_token: store.refreshToken })
 *       store.accessToken = data.access_token
 *       return { accessToken: data.access_token, expiresInMs: data.expires_in * 1000 }
 *     },
 *     onAuthFailure: () => router.push('/sign-in'),
 *   },
 * })
 */
export interface AuthOptions {
  /** The current access token. Omit it for cookie sessions: no header is attached then. */
  getAccessToken?:
    (() => string | null | undefined | Promise<string | null | undefined>) | undefined
  /**
   * Renews the session. Runs once for any number of requests that failed together. If it calls
   * this same client, pass `{ skipAuth: true }` on that request, or it would wait for itself.
   */
  refresh: (context: RefreshContext) => Promise<RefreshResult> | RefreshResult
  /** Called once each time a refresh fails: the user must sign in again. */
  onAuthFailure?: ((error: ApiError) => void) | undefined
  /**
   * Which failures mean "the token is no longer good". The default is a 401, or the codes
   * `TOKEN_EXPIRED` / `invalid_token` / `token_expired` on any status.
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
   * How long before a known expiry the token is renewed, so that no request fails first.
   * @default 30_000
   */
  refreshLeewayMs?: number | undefined
  /**
   * A refresh still running after this long counts as failed, so that waiting requests settle.
   * @default 15_000
   */
  refreshTimeoutMs?: number | undefined
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
