import { CanceledError, isAxiosError } from 'axios'
import type { AxiosError, AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios'
import { ApiError, isApiError } from '../errors/ApiError'
import { abortable } from './abortable'
import { jwtExpiry } from './jwt'
import { originMatcher, requestTarget } from './origin'
import type { AuthOptions, AuthState, RefreshResult } from './types'

/** The auth side of a client: its state for the UI, and the levers an app pulls on sign-in/out. */
export interface AuthController {
  /** @example if (api.auth.getState() === 'signed-out') showSignIn() */
  getState(): AuthState
  /** Calls `listener` on every state change; returns the function that stops it. */
  subscribe(listener: (state: AuthState) => void): () => void
  /** Forgets the session: a running refresh is disowned and everything waiting for it rejects. */
  signOut(): void
  /**
   * Leaves `signed-out` with a new token (or none, for cookie sessions). Also happens by itself
   * when `getAccessToken()` starts returning a different token.
   */
  signIn(accessToken?: string, expiresAt?: number): void
  /** Removes the interceptors. */
  eject(): void
}

/** What the interceptors remember on each request's config; a string key, since axios drops symbols. */
interface AuthTag {
  /** The token version the request was sent with; -1 when it carries no token of ours. */
  generation: number
  replayed: boolean
}
type TaggedConfig = InternalAxiosRequestConfig & { __rqAuth?: AuthTag }

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null | undefined)?.then === 'function'

const DEFAULT_AUTH_CODES = new Set(['token_expired', 'invalid_token'])

function defaultIsAuthError(error: ApiError): boolean {
  return error.status === 401 || DEFAULT_AUTH_CODES.has(error.code?.toLowerCase() ?? '')
}

function asUnauthorized(error: ApiError, message = error.message): ApiError {
  return new ApiError({ ...error, message, kind: 'unauthorized', retryable: false, cause: error })
}

/**
 * Adds token attachment, single-flight refresh and replay to `instance`. Response interceptors
 * registered after this one see only what this one gives up on.
 */
export function installAuth(
  instance: AxiosInstance,
  options: AuthOptions,
  normalize: (error: unknown) => ApiError,
): AuthController {
  const header = options.header ?? 'Authorization'
  const scheme = options.scheme ?? 'Bearer'
  const leeway = options.refreshLeewayMs ?? 30_000
  const refreshTimeout = options.refreshTimeoutMs ?? 15_000
  const isAuthError = options.isAuthError ?? defaultIsAuthError
  const allowed = originMatcher(instance.defaults.baseURL, options.allowedOrigins)
  const listeners = new Set<(state: AuthState) => void>()

  let state: AuthState = 'idle'
  let token: string | undefined
  let headerValue: string | undefined // `${scheme} ${token}`
  let expiresAt: number | undefined
  let appToken: string | undefined | null = null // null: never read yet
  let generation = 0
  let session = 0 // bumped by signOut, so a refresh that outlives its session is disowned
  let inflight: Promise<void> | undefined
  // Ends the running refresh for its waiters at once and aborts the signal refresh() was given.
  let disown: ((reason: ApiError) => void) | undefined
  let failure: ApiError | undefined // what every request meets once a refresh has failed

  const setState = (next: AuthState) => {
    if (next === state) return
    state = next
    for (const listener of [...listeners]) listener(next)
  }

  const adopt = (next: string | undefined, expiry?: number) => {
    token = next
    // Built once per token rather than once per request.
    headerValue = next === undefined ? undefined : `${scheme} ${next}`
    expiresAt = expiry ?? jwtExpiry(next)
    generation++
  }

  // The app's store is the source of truth when it changes: a sign-in, a sign-out, or a token the
  // app renewed by itself. An unchanged value keeps what the last refresh returned, so an app
  // that does not store the refreshed token still gets it attached.
  const adoptFromApp = (value: string | null | undefined) => {
    const read = value ?? undefined
    if (read === appToken) return
    appToken = read
    if (read === token) return
    adopt(read)
    if (read !== undefined && state === 'signed-out') setState('idle')
  }
  const syncFromApp = async () => {
    if (options.getAccessToken) adoptFromApp(await options.getAccessToken())
  }

  const apply = (result: RefreshResult) => {
    if (typeof result === 'string') return adopt(result)
    if (result === undefined || result === null) return adopt(token)
    const expiry =
      result.expiresAt instanceof Date
        ? result.expiresAt.getTime()
        : (result.expiresAt ??
          (result.expiresInMs === undefined ? undefined : Date.now() + result.expiresInMs))
    adopt(result.accessToken ?? token, expiry)
  }

  const fail = (cause: unknown): ApiError => {
    const error = asUnauthorized(normalize(cause), 'The session has expired; please sign in again.')
    failure = error
    setState('signed-out')
    options.onAuthFailure?.(error)
    return error
  }

  const refresh = (): Promise<void> => {
    if (inflight) return inflight
    setState('refreshing')
    const mySession = session
    const before = token
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    const ended = new Promise<never>((_, reject) => {
      const end = (reason: ApiError) => {
        controller.abort(reason)
        reject(reason)
      }
      disown = end
      timer = setTimeout(
        () =>
          end(
            new ApiError({
              kind: 'timeout',
              retryable: false,
              message: `The token refresh took longer than ${refreshTimeout} ms. If refresh() calls this client, give that request { skipAuth: true }.`,
            }),
          ),
        refreshTimeout,
      )
    })
    const current: Promise<void> = Promise.race([
      Promise.resolve().then(() => options.refresh({ signal: controller.signal })),
      ended,
    ])
      .then(async (result: RefreshResult) => {
        if (mySession !== session) return
        apply(result)
        await syncFromApp()
        // With bearer tokens, a refresh that leaves no token or the same dead one has failed,
        // whatever it returned (a malformed body read as `undefined`, a store not updated):
        // replaying would only collect a second round of 401s.
        if (options.getAccessToken && (token === undefined || token === before)) {
          throw new Error('refresh() produced no new access token')
        }
      })
      .then(
        () => {
          if (mySession !== session) throw asUnauthorized(normalize(undefined), 'Signed out.')
          failure = undefined
          setState('idle')
        },
        (cause: unknown) => {
          // A refresh disowned by signOut rejects its waiters with the sign-out, not a new failure.
          throw mySession === session
            ? fail(cause)
            : asUnauthorized(normalize(cause), 'Signed out.')
        },
      )
      .finally(() => {
        clearTimeout(timer)
        // A refresh disowned by signOut must not clear the one a new session started since.
        if (inflight === current) {
          inflight = undefined
          disown = undefined
        }
      })
    inflight = current
    inflight.catch(() => undefined) // waiters observe it; this only keeps a lone refresh quiet
    return inflight
  }

  const canceled = (config: InternalAxiosRequestConfig) => () =>
    normalize(new CanceledError(undefined, undefined, config))

  // A request must not leave while a refresh runs, nor with a token within the leeway of expiry.
  const mustWait = () =>
    state === 'refreshing' ||
    (state === 'idle' && expiresAt !== undefined && expiresAt - leeway <= Date.now())

  // Decided when the interceptor runs, after the app's own interceptors (which may have changed
  // the URL or set the header), never from an earlier look at the config.
  const leftAlone = (config: TaggedConfig) =>
    config.skipAuth ||
    !allowed(requestTarget(config)) ||
    // A header the caller set on purpose is theirs: leave it, and do not refresh on its 401.
    (!config.__rqAuth && config.headers.has(header))

  const attach = (config: TaggedConfig) => {
    if (headerValue === undefined) config.headers.delete(header)
    else config.headers.set(header, headerValue)
    config.__rqAuth = { generation, replayed: config.__rqAuth?.replayed ?? false }
    return config
  }

  // Two request interceptors, of which axios runs one per request: `attachNow`, synchronous, when
  // the token is known and nothing needs waiting for (nearly every request), else `attachLater`.
  // axios skips a promise hop per request interceptor only when every one it runs is synchronous,
  // and an `async` interceptor costs promises of its own. Which one runs is planned in their
  // `runWhen`, which axios calls for each interceptor, in the order they were added, before it
  // runs any of them.
  type Plan = 'now' | 'later'
  // The plan `attachNow`'s runWhen made, for `attachLater`'s runWhen, called right after it.
  let plannedFor: TaggedConfig | undefined
  let planned: Plan = 'now'
  // What the plan read for `attachLater`: an asynchronous getAccessToken's answer, or the
  // failure of the plan, which attachLater throws so that the request rejects with an ApiError
  // like any other (a throw in runWhen would escape axios's chain un-normalised).
  const pending = new WeakMap<TaggedConfig, Promise<void>>()
  const READ: Promise<void> = Promise.resolve() // read already, synchronously

  const later = (config: TaggedConfig, read: Promise<void>): Plan => {
    // Unobserved when an earlier interceptor throws and attachLater never runs: no unhandled
    // rejection then.
    if (read !== READ) read.catch(() => undefined)
    pending.set(config, read)
    return 'later'
  }

  const requestInterceptors = instance.interceptors.request
  // An app's asynchronous interceptor makes axios chain them all asynchronously, so time passes
  // between the plan and the interceptor: then the token is read when the interceptor runs, as
  // it always was, and a refresh that started meanwhile is waited for.
  const chainMayBeAsynchronous = () => {
    for (const handler of requestInterceptors.handlers ?? []) {
      // eject() leaves a null in place of a handler.
      if (
        (handler as typeof handler | null)?.synchronous === false &&
        handler.fulfilled !== attachLater
      )
        return true
    }
    return false
  }

  const plan = (config: TaggedConfig): Plan => {
    if (chainMayBeAsynchronous()) return 'later'
    // Nothing to read for a request the token does not go to; attachNow checks again as it runs.
    if (leftAlone(config)) return 'now'
    try {
      const read = options.getAccessToken?.()
      if (isPromiseLike(read)) return later(config, Promise.resolve(read).then(adoptFromApp))
      if (options.getAccessToken) adoptFromApp(read)
    } catch (error) {
      return later(
        config,
        Promise.resolve().then(() => {
          throw error
        }),
      )
    }
    return mustWait() ? later(config, READ) : 'now'
  }

  const attachLater = async (config: TaggedConfig) => {
    const read = pending.get(config)
    pending.delete(config)
    if (leftAlone(config)) return config
    await (read ?? syncFromApp())
    if (mustWait()) await abortable(refresh(), config.signal, canceled(config))
    return attach(config)
  }

  // Planned only in a chain that is synchronous from the plan to here: nothing in between can
  // start a refresh (a refresh starts only in a promise callback) or wait for a token.
  const attachNow = (config: TaggedConfig) => (leftAlone(config) ? config : attach(config))

  const nowId = requestInterceptors.use(attachNow, undefined, {
    synchronous: true,
    runWhen(config) {
      plannedFor = config
      planned = plan(config)
      return planned === 'now'
    },
  })
  const laterId = requestInterceptors.use(attachLater, undefined, {
    runWhen(config) {
      // Planned just now by attachNow's runWhen; planned again only if an app's getAccessToken
      // sent a request of its own through this client in between.
      const next = plannedFor === config ? planned : plan(config)
      plannedFor = undefined
      return next === 'later'
    },
  })

  const responseId = instance.interceptors.response.use(undefined, async (error: unknown) => {
    if (isApiError(error) || !isAxiosError(error)) throw error
    const config = (error as AxiosError).config as TaggedConfig | undefined
    const tag = config?.__rqAuth
    if (!config || !tag) throw error
    const apiError = normalize(error)
    // Anything else passes on untouched: the retry layer after this one needs the AxiosError.
    if (!isAuthError(apiError)) throw error
    // One replay per request, and none once signed out: a second 401 is the answer.
    if (state === 'signed-out') throw failure ?? asUnauthorized(apiError)
    if (tag.replayed) throw asUnauthorized(apiError)
    // Sent with an older token than the current one: the refresh already happened.
    if (tag.generation === generation) await abortable(refresh(), config.signal, canceled(config))
    tag.replayed = true
    return instance.request<unknown, AxiosResponse>(config)
  })

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    signOut() {
      session++
      failure = undefined
      adopt(undefined)
      // Waiters reject now, not when a hanging refresh gives up; a refresh that passes its signal
      // on stops and never stores a token; the next session gets a refresh of its own.
      const end = disown
      inflight = undefined
      disown = undefined
      setState('signed-out')
      end?.(new ApiError({ kind: 'unauthorized', retryable: false, message: 'Signed out.' }))
    },
    signIn(accessToken, expiry) {
      failure = undefined
      adopt(accessToken, expiry)
      setState('idle')
    },
    eject() {
      requestInterceptors.eject(nowId)
      requestInterceptors.eject(laterId)
      instance.interceptors.response.eject(responseId)
    },
  }
}
