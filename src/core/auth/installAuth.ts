import { AxiosError, CanceledError, getAdapter, isAxiosError } from 'axios'
import type { AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios'
import type { ApiError } from '../errors/ApiError'
import { isApiError } from '../errors/ApiError'
import { callAppCallback } from '../shared/appCallbacks'
import { onCancel } from '../shared/cancellation'
import { createWarnOnce } from '../shared/development'
import { checkDuration, MAX_TIMER_MS } from '../shared/durations'
import { bodyNotResendableError } from '../shared/bodyNotResendable'
import { tryPrepareResend } from '../shared/requestBody'
import { adapterOf, markSendReason, useAdapter } from '../transport'
import type { Send, TransportStep } from '../transport'
import { createTabCoordinator, singleTabCoordinator } from './crossTab'
import { originMatcher, originOf, requestTarget } from './origin'
import { sendFollowingRedirects } from './redirects'
import { createSession } from './session'
import type { TokenRecord } from './tokens'
import type { AuthOptions, AuthState } from './types'

/** The auth side of a client: its state for the UI, and the levers an app pulls on sign-in/out. */
export interface AuthController {
  /** @example if (api.auth.getState() === 'signed-out') showSignIn() */
  getState(): AuthState
  /** Calls `listener` on every state change; returns the function that stops it. */
  subscribe(listener: (state: AuthState) => void): () => void
  /**
   * Forgets the session: a running refresh is disowned and everything waiting for it rejects;
   * with `crossTab`, every other tab signs out too.
   */
  signOut(): void
  /**
   * Leaves `signed-out` with a new token (or none, for cookie sessions). Also happens by itself
   * when `getAccessToken()` starts returning a different token.
   */
  signIn(accessToken?: string, expiresAt?: number): void
  /** Removes the interceptors and closes the channel to other tabs. */
  eject(): void
}

/** The auth layer as the client composes it: the app's controller, and what other layers ask. */
export interface AuthInstallation {
  readonly controller: AuthController
  /** The transport step that attaches the credential (see `installTransport`). */
  readonly step: TransportStep
  /** The tokens this client knows (current and recently replaced), to scrub from errors and logs. */
  readonly knownTokens: () => readonly string[]
  /** Whether a request is the refresh's own (it carries the signal refresh() was given). */
  readonly isRefreshRequest: (config: { signal?: unknown }) => boolean
}

/**
 * What the auth layer remembers on each request's config (a string key: axios drops symbols). A
 * plain object, copied by axios when a replay merges the config, so fields are set before a replay.
 */
interface AuthTag {
  /** The token generation it was sent with; -1 when it carries no credential of ours. */
  generation: number
  /** The header value this layer set on it, to tell ours from one the caller set. */
  attached: string | undefined
  replayed: boolean
  /**
   * Whether the replay waited for the refresh that made its token: only then does a refusal of it
   * say the refresh failed (a replay with a token refreshed earlier may meet a later expiry).
   */
  replayWaited: boolean
  /** Sends since the replay (a retry layer may send the replay again): only the first is the replay. */
  sendsSinceReplay: number
}
type TaggedConfig = InternalAxiosRequestConfig & { __rqAuth?: AuthTag }

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null | undefined)?.then === 'function'

// The codes that mean "the token is no longer good" on any status (Monetro's TOKEN_EXPIRED, OAuth's
// invalid_token, lower-cased for comparison).
const DEFAULT_AUTH_CODES = new Set(['token_expired', 'invalid_token'])

function defaultIsAuthError(error: ApiError): boolean {
  return error.status === 401 || DEFAULT_AUTH_CODES.has(error.code?.toLowerCase() ?? '')
}

/**
 * Adds credential attachment, single-flight refresh and replay to `instance`:
 * - a request interceptor routes every request through the auth adapter (below), whatever adapter
 *   it names, so that the credential is attached after every interceptor has run;
 * - the auth adapter judges where the request really goes (as axios resolves it), waits for a
 *   refresh when one is due, attaches the credential only to allowed origins and follows redirects
 *   itself for requests that carry it;
 * - a response interceptor turns a refused credential into one refresh and one replay.
 * Response interceptors registered after this one see only what this one gives up on.
 */
export function installAuth(
  instance: AxiosInstance,
  options: AuthOptions,
  normalize: (error: unknown) => ApiError,
): AuthInstallation {
  const header = options.header ?? 'Authorization'
  const scheme = options.scheme ?? 'Bearer'
  const headerIsAuthorization = header.toLowerCase() === 'authorization'
  const allowed = originMatcher(instance.defaults.baseURL, options.allowedOrigins)
  const refreshTimeoutMs = checkDuration(
    'auth.refreshTimeoutMs',
    options.refreshTimeoutMs,
    15_000,
    { infinity: true },
  )
  const refreshLeewayMs = checkDuration('auth.refreshLeewayMs', options.refreshLeewayMs, 30_000)
  const crossTab = options.crossTab === true ? {} : options.crossTab || undefined
  const coordinator = crossTab
    ? createTabCoordinator(
        crossTab.name ??
          `resilient-query:${originOf(instance.defaults.baseURL) ?? ''}:${header.toLowerCase()}`,
        { refreshTimeoutMs },
      )
    : singleTabCoordinator()

  const session = createSession({
    headerValueOf: (token) => (scheme ? `${scheme} ${token}` : token),
    refresh: options.refresh,
    readAppToken: options.getAccessToken,
    onAuthFailure: options.onAuthFailure,
    onRefreshedElsewhere: crossTab?.onRefreshedElsewhere,
    refreshLeewayMs,
    refreshTimeoutMs,
    coordinator,
    normalize,
    warnOnce: createWarnOnce(),
    now: () => Date.now(),
  })

  const canceled = (config: InternalAxiosRequestConfig) =>
    normalize(new CanceledError(undefined, undefined, config))

  /** `promise`, unless the request is canceled first (AbortSignal or CancelToken): then at once. */
  function unlessCanceled<T>(promise: Promise<T>, config: InternalAxiosRequestConfig): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const stopListening = onCancel(config, () => reject(canceled(config)))
      promise.then(resolve, reject).finally(stopListening)
    })
  }

  /**
   * The token the app's getAccessToken() promised, for `config`. Waiting for it ends like every
   * wait of this client: at once when the request is canceled (AbortSignal or CancelToken), and
   * with a timeout after `refreshTimeoutMs`, or after the request's own `timeout` when that is
   * shorter, so that a store that never answers cannot hold a request for good.
   */
  function tokenFromApp(
    read: PromiseLike<string | null | undefined>,
    config: InternalAxiosRequestConfig,
  ): Promise<string | null | undefined> {
    const requestTimeoutMs =
      typeof config.timeout === 'number' && config.timeout > 0 && config.timeout <= MAX_TIMER_MS
        ? config.timeout
        : Infinity
    const limitMs = Math.min(refreshTimeoutMs, requestTimeoutMs)
    let timer: ReturnType<typeof setTimeout> | undefined
    const bounded = new Promise<string | null | undefined>((resolve, reject) => {
      if (limitMs !== Infinity)
        timer = setTimeout(() => {
          const late = `getAccessToken() gave no token within ${limitMs} ms.`
          reject(normalize(new AxiosError(late, AxiosError.ETIMEDOUT, config)))
        }, limitMs)
      Promise.resolve(read).then(resolve, (error: unknown) => reject(normalize(error)))
    })
    // unlessCanceled observes `bounded` whatever ends the wait: a late rejection is not unhandled.
    return unlessCanceled(bounded, config).finally(() => clearTimeout(timer))
  }

  /**
   * Whether `error` says the token is no longer good. The app's isAuthError has a say only when it
   * answers true or false: one that throws, or answers anything else (a promise), is reported like
   * any app callback and the default decides, so a bug in it never changes what a request settles
   * with.
   */
  function isAuthError(error: ApiError): boolean {
    const { isAuthError: appIsAuthError } = options
    if (!appIsAuthError) return defaultIsAuthError(error)
    let verdict: unknown
    // Returning the verdict lets callAppCallback report a promise's rejection too.
    callAppCallback(() => (verdict = appIsAuthError(error)))
    return typeof verdict === 'boolean' ? verdict : defaultIsAuthError(error)
  }

  const removeOurs = (config: TaggedConfig, tag: AuthTag) => {
    if (tag.attached !== undefined && config.headers.get(header) === tag.attached)
      config.headers.delete(header)
    tag.attached = undefined
    tag.generation = -1
  }

  function send(config: TaggedConfig, tag: AuthTag, next: Send, token: TokenRecord) {
    tag.generation = token.generation
    if (tag.replayed) tag.sendsSinceReplay++
    const value = token.headerValue
    if (value === undefined) {
      // A cookie session, or signed out: nothing of ours goes with it, but its 401 still counts.
      if (tag.attached !== undefined && config.headers.get(header) === tag.attached)
        config.headers.delete(header)
      tag.attached = undefined
      return next(config)
    }
    config.headers.set(header, value)
    tag.attached = value
    keepRedirectsInHand(config)
    return sendFollowingRedirects(next, config, { header, value, allowed })
  }

  /**
   * A browser's XMLHttpRequest follows redirects by itself and keeps every header but
   * Authorization on the way to another origin (seen in Chromium 156: an `X-Api-Key` reached the
   * other origin after its preflight). A credential in any other header therefore goes through the
   * fetch adapter, whose redirects stay in `sendFollowingRedirects`'s hands. Where fetch is
   * missing, XMLHttpRequest is all there is.
   */
  function keepRedirectsInHand(config: InternalAxiosRequestConfig) {
    if (headerIsAuthorization) return
    try {
      if ((adapterOf(config, instance) as { adapterName?: unknown }).adapterName !== 'xhr') return
      getAdapter('fetch', config)
      useAdapter(config, 'fetch')
    } catch {
      // No fetch on this platform.
    }
  }

  function sendWhenReady(config: TaggedConfig, tag: AuthTag, next: Send) {
    const wait = session.readyToSend()
    if (!wait) return send(config, tag, next, session.current().token)
    return unlessCanceled(wait, config).then(() => send(config, tag, next, session.current().token))
  }

  /**
   * The transport step every request goes through. It runs after every request interceptor, so
   * the URL, baseURL and headers it judges are the ones the request leaves with.
   */
  const step: TransportStep = (config: TaggedConfig, next) => {
    const tag = (config.__rqAuth ??= {
      generation: -1,
      attached: undefined,
      replayed: false,
      replayWaited: false,
      sendsSinceReplay: 0,
    })
    // skipAuth, the refresh's own request, or another origin: nothing of ours goes with it.
    if (
      config.skipAuth ||
      session.isRefreshSignal(config.signal) ||
      !allowed(requestTarget(config))
    ) {
      removeOurs(config, tag)
      return next(config)
    }
    // A header the caller set on purpose is theirs: leave its value, and do not refresh on its
    // 401. It is still the credential header, so its redirects are followed here like ours.
    const present = config.headers.get(header)
    if (present !== undefined && present !== null && present !== tag.attached) {
      tag.generation = -1
      keepRedirectsInHand(config)
      return sendFollowingRedirects(next, config, { header, value: String(present), allowed })
    }
    let read: ReturnType<NonNullable<AuthOptions['getAccessToken']>>
    try {
      read = options.getAccessToken?.()
    } catch (error) {
      return Promise.reject(normalize(error))
    }
    if (isPromiseLike(read))
      return tokenFromApp(read, config).then((value) => {
        session.adoptAppToken(value)
        return sendWhenReady(config, tag, next)
      })
    if (options.getAccessToken) session.adoptAppToken(read)
    return sendWhenReady(config, tag, next)
  }

  const responseId = instance.interceptors.response.use(undefined, async (error: unknown) => {
    if (isApiError(error) || !isAxiosError(error)) throw error
    const config = (error as AxiosError).config as TaggedConfig | undefined
    const tag = config?.__rqAuth
    if (!config || !tag || tag.generation < 0) throw error
    const apiError = normalize(error)
    // Anything else passes on untouched: the retry layer after this one needs the AxiosError.
    if (!isAuthError(apiError)) throw error
    // One replay per request: a refusal of the replay is the answer. When the replay itself (not a
    // later retry of it) carried the token a refresh had just produced, the refresh did not work.
    if (tag.replayed)
      throw session.refusedAfterRenewal(
        tag.replayWaited && tag.sendsSinceReplay === 1 ? tag.generation : -1,
        apiError,
      )
    const renewal = session.renewAfterRefusal(tag.generation)
    const notResendable = tryPrepareResend(config)
    if (notResendable !== undefined) {
      // The refresh goes on, so the app's next call works; this one cannot be sent again.
      renewal.token.catch(() => undefined)
      throw bodyNotResendableError(apiError, notResendable, 'refresh')
    }
    await unlessCanceled(renewal.token, config)
    markSendReason(config, 'replay after refresh')
    tag.replayed = true
    tag.replayWaited = renewal.waits
    return instance.request<unknown, AxiosResponse>(config)
  })

  return {
    step,
    controller: {
      getState: () => session.authState(),
      subscribe: (listener) => session.subscribe(listener),
      signOut: () => session.signOut(),
      signIn: (accessToken, expiresAt) => session.signIn(accessToken, expiresAt),
      eject() {
        instance.interceptors.response.eject(responseId)
        session.dispose()
      },
    },
    knownTokens: () => session.knownTokens(),
    isRefreshRequest: (config) => session.isRefreshSignal(config.signal),
  }
}
