import { ApiError } from '../errors/ApiError'
import { callAppCallback } from '../shared/appCallbacks'
import { abortReason } from '../shared/cancellation'
import type { WarnOnce } from '../shared/development'
import type { LocalRefresh, RefreshOutcome, TabCoordinator, TokenFacts } from './crossTab'
import { declaredToken, judgeExpiry, refreshLeeway } from './tokens'
import type { TokenRecord } from './tokens'
import type { AuthState, RefreshedTokens, RefreshResult } from './types'

/**
 * One refresh in progress. Its waiters settle through `resolve`/`reject`, whoever ends it: the
 * refresh itself, its timeout, a sign-out or sign-in, or another tab's refresh. `controller`
 * aborts the signal `refresh()` was given, so a refresh that is no longer wanted stops.
 */
interface RefreshRun {
  readonly controller: AbortController
  readonly done: Promise<TokenRecord>
  /** Whether the token it renews was still good (a renewal before expiry) or already refused. */
  readonly reason: 'expiring' | 'refused'
  resolve(token: TokenRecord): void
  reject(error: ApiError): void
}

/**
 * The session, as one union: what each status holds is all there is to know in it.
 * - `idle`: requests go out with `token`.
 * - `refreshing`: one `run` renews `token`; requests wait for it.
 * - `signed-out`: the session is lost (`failure` says why when it was not the app's sign-out);
 *   requests go out without a token and a 401 answers with `failure`.
 */
export type SessionState =
  | { readonly status: 'idle'; readonly token: TokenRecord }
  | { readonly status: 'refreshing'; readonly token: TokenRecord; readonly run: RefreshRun }
  | {
      readonly status: 'signed-out'
      readonly token: TokenRecord
      readonly failure: ApiError | undefined
    }

/** What the session needs from the client and the app. */
export interface SessionOptions {
  /** The header value for a token: `Bearer abc`, or the token alone when the scheme is empty. */
  headerValueOf: (token: string) => string
  refresh: (context: { signal: AbortSignal }) => Promise<RefreshResult> | RefreshResult
  /** The app's store, read again after a refresh that returned nothing. */
  readAppToken: (() => string | null | undefined | Promise<string | null | undefined>) | undefined
  onAuthFailure: ((error: ApiError) => void) | undefined
  onRefreshedElsewhere: ((tokens: RefreshedTokens) => void) | undefined
  refreshLeewayMs: number
  refreshTimeoutMs: number
  coordinator: TabCoordinator
  normalize: (error: unknown) => ApiError
  warnOnce: WarnOnce
  now: () => number
}

/** The auth session of one client: its state machine and the one refresh it runs at a time. */
export interface Session {
  current(): SessionState
  authState(): AuthState
  subscribe(listener: (state: AuthState) => void): () => void
  /** The app's store returned `value` for a request: a change is a sign-in, sign-out or renewal. */
  adoptAppToken(value: string | null | undefined): void
  /** `undefined` when a request may go now with the current token, else what to wait for first. */
  readyToSend(): Promise<TokenRecord> | undefined
  /**
   * A request sent with token `generation` was refused: the token to replay it with, and whether
   * the replay waits for a refresh (only then does a refusal of the replay say the refresh failed).
   */
  renewAfterRefusal(generation: number): { token: Promise<TokenRecord>; waits: boolean }
  /**
   * A replay sent with token `generation` was refused too. When that token is the one a refresh
   * just produced, the refresh did not give a usable session: the session is lost.
   */
  refusedAfterRenewal(generation: number, error: ApiError): ApiError
  signOut(): void
  signIn(accessToken?: string, expiresAt?: number): void
  /** The tokens this client knows, so that errors and logs can be scrubbed of them. */
  knownTokens(): readonly string[]
  /** Whether `signal` is the one handed to the refresh that is running (its own requests carry it). */
  isRefreshSignal(signal: unknown): boolean
  dispose(): void
}

const SESSION_EXPIRED = 'The session has expired; please sign in again.'

/** The least a refreshed token lives before it is renewed again before its expiry. */
const MIN_RENEWAL_AGE_MS = 1_000
const SIGNED_OUT = 'Signed out.'

function asUnauthorized(error: ApiError, message = error.message): ApiError {
  return new ApiError({ ...error, message, kind: 'unauthorized', retryable: false, cause: error })
}

const signedOutError = () =>
  new ApiError({ kind: 'unauthorized', retryable: false, message: SIGNED_OUT })

/** The reason handed to a refresh that a sign-in or another tab's refresh made unnecessary. */
const supersededError = () =>
  new ApiError({ kind: 'canceled', retryable: false, message: 'The refresh is no longer needed.' })

function createRun(reason: RefreshRun['reason']): RefreshRun {
  let settle: { resolve(token: TokenRecord): void; reject(error: ApiError): void } | undefined
  const done = new Promise<TokenRecord>((resolve, reject) => (settle = { resolve, reject }))
  // Waiters observe it; this keeps a refresh nobody waits for (a renewal) from being unhandled.
  done.catch(() => undefined)
  let settled = false
  return {
    controller: new AbortController(),
    done,
    reason,
    resolve(token) {
      if (settled) return
      settled = true
      settle!.resolve(token)
    },
    reject(error) {
      if (settled) return
      settled = true
      settle!.reject(error)
    },
  }
}

/**
 * Creates the session state machine. Every change of state goes through `transition`, which is the
 * only writer of `state` and the only place listeners hear of it; the functions below decide which
 * state comes next.
 */
export function createSession(options: SessionOptions): Session {
  const listeners = new Set<(state: AuthState) => void>()
  let state: SessionState = { status: 'idle', token: emptyToken(0) }
  // The app's store as last read: only a change in what it returns counts as the app's doing, so
  // an app that does not store the refreshed token still gets that token attached.
  let lastAppRead: string | undefined | null = null
  // Learned from the `iat` of a fresh token: how far the server's clock is from this device's.
  let serverOffsetMs: number | undefined
  // Tokens replaced recently, still worth scrubbing from errors (a server may echo the old one).
  let previousTokens: string[] = []
  let lastRefreshAt: number | undefined
  // The states still to tell the listeners, oldest first. A listener that changes the state (a
  // sign-out when it hears 'refreshing') only queues the news: told at once, it would reach the
  // listeners after it before the change it answers, and they would be left with a stale state.
  const untold: AuthState[] = []

  function transition(next: SessionState) {
    const before = state
    state = next
    const replaced = before.token.value
    if (replaced !== undefined && replaced !== next.token.value)
      previousTokens = [replaced, ...previousTokens.slice(0, 1)]
    if (before.status !== next.status) announce(next.status)
  }

  function announce(status: AuthState) {
    untold.push(status)
    // Another announcement is under way further up the stack: it tells this one next.
    if (untold.length > 1) return
    while (untold.length > 0) {
      for (const listener of [...listeners]) callAppCallback(listener, untold[0]!)
      untold.shift()
    }
  }

  function emptyToken(generation: number): TokenRecord {
    return {
      value: undefined,
      headerValue: undefined,
      expiresAt: undefined,
      lifetimeMs: undefined,
      generation,
      fromRefresh: false,
      obtainedAt: options.now(),
    }
  }

  /** What is known of a token at `receivedAt`; `fresh` when a refresh has just produced it. */
  function judge(
    value: string | undefined,
    declared: { expiresAt?: number | Date | undefined; expiresInMs?: number | undefined },
    fresh: boolean,
    receivedAt: number,
  ): TokenFacts {
    const judged = judgeExpiry(declared, value, receivedAt, { fresh, serverOffsetMs })
    serverOffsetMs = judged.serverOffsetMs
    return { value, expiresAt: judged.expiresAt, lifetimeMs: judged.lifetimeMs }
  }

  /** The record of the token that replaces the current one: the next generation. */
  function nextToken(facts: TokenFacts, fromRefresh: boolean): TokenRecord {
    return {
      ...facts,
      headerValue: facts.value === undefined ? undefined : options.headerValueOf(facts.value),
      generation: state.token.generation + 1,
      fromRefresh,
      obtainedAt: options.now(),
    }
  }

  /**
   * A renewal before expiry is due: the token is inside its (bounded) leeway, and, when a refresh
   * made it, it has lived a second at least, so that a token reported as nearly dead (an
   * `expiresInMs` in seconds) costs a refresh a second at most, not one per request.
   */
  function renewalDue(token: TokenRecord): boolean {
    if (token.expiresAt === undefined) return false
    const now = options.now()
    if (token.fromRefresh && now - token.obtainedAt < MIN_RENEWAL_AGE_MS) return false
    return token.expiresAt - refreshLeeway(options.refreshLeewayMs, token.lifetimeMs) <= now
  }

  /** Whether a token arrived already inside its leeway: renewing it now could not do better. */
  function arrivedDue(token: TokenRecord): boolean {
    return (
      token.expiresAt !== undefined &&
      token.expiresAt - refreshLeeway(options.refreshLeewayMs, token.lifetimeMs) <= token.obtainedAt
    )
  }

  // A token that a refresh returned already inside its leeway cannot be renewed any better now
  // (an issuer without `jti` returns the same token within its second): requests go out with it,
  // and only the server's refusal starts another refresh. Remembered per generation.
  let renewalSpentFor = -1

  function startRefresh(reason: RefreshRun['reason']): RefreshRun {
    if (state.status === 'refreshing') return state.run
    const run = createRun(reason)
    transition({ status: 'refreshing', token: state.token, run })
    void perform(run)
    return run
  }

  const isCurrent = (run: RefreshRun) => state.status === 'refreshing' && state.run === run

  async function perform(run: RefreshRun) {
    // A listener that heard 'refreshing' may have ended the run already (a sign-out or sign-in from
    // it): nobody waits for it, so the app's refresh() is not called for it.
    if (!isCurrent(run)) return
    const { signal } = run.controller
    try {
      const outcome = await untilAborted(
        options.coordinator.refreshExclusively(signal, () => refreshHere(run)),
        signal,
      )
      if (isCurrent(run)) succeed(run, outcome)
    } catch (cause) {
      if (isCurrent(run)) fail(run, cause)
    }
  }

  /**
   * Runs the app's refresh() in this tab and judges the token it produced. `refreshTimeoutMs`
   * counts from here: a wait for another tab's refresh is that tab's time, bounded on its own.
   */
  async function refreshHere(run: RefreshRun): Promise<LocalRefresh> {
    const { signal } = run.controller
    const timer =
      options.refreshTimeoutMs === Infinity
        ? undefined
        : setTimeout(
            () =>
              run.controller.abort(
                new ApiError({
                  kind: 'timeout',
                  retryable: false,
                  message: `The token refresh took longer than ${options.refreshTimeoutMs} ms. If refresh() calls this client, give that request { skipAuth: true, signal }.`,
                }),
              ),
            options.refreshTimeoutMs,
          )
    try {
      const result = await untilAborted(Promise.resolve(options.refresh({ signal })), signal)
      const receivedAt = options.now()
      const declared = declaredToken(result)
      let value = declared.accessToken
      if (value === undefined && options.readAppToken) {
        // refresh() stored the new token in the app's store and returned nothing.
        value = (await options.readAppToken()) ?? undefined
      }
      // With bearer tokens a refresh that leaves no token at all has failed, whatever it returned
      // (a body without the token read as `undefined`): replays could only collect a second 401.
      if (options.readAppToken && value === undefined)
        throw new Error('refresh() produced no access token')
      return {
        facts: judge(value, declared, true, receivedAt),
        tokens: value === undefined ? undefined : sharedTokens(result, value),
      }
    } finally {
      clearTimeout(timer)
    }
  }

  function succeed(run: RefreshRun, outcome: RefreshOutcome) {
    const token = nextToken(outcome.facts, true)
    noteCadence(token, options.now())
    if (arrivedDue(token)) renewalSpentFor = token.generation
    transition({ status: 'idle', token })
    run.resolve(token)
  }

  function fail(run: RefreshRun, cause: unknown) {
    const error = cause instanceof ApiError ? cause : options.normalize(cause)
    // A renewal before expiry that fails (offline for a moment, a 503) leaves a token the server
    // still accepts: requests go out with it, and only its refusal starts another refresh.
    if (run.reason === 'expiring' && !hasExpired(state.token)) {
      renewalSpentFor = state.token.generation
      transition({ status: 'idle', token: state.token })
      run.resolve(state.token)
      return
    }
    const failure = asUnauthorized(error, SESSION_EXPIRED)
    transition({ status: 'signed-out', token: emptyToken(state.token.generation + 1), failure })
    run.reject(failure)
    callAppCallback(options.onAuthFailure, failure)
  }

  const hasExpired = (token: TokenRecord) =>
    token.expiresAt !== undefined && token.expiresAt <= options.now()

  /**
   * In development, says so when refreshes come faster than tokens live: a token returned already
   * about to expire (an `expiresInMs` given in seconds, say), or refreshes less than half a
   * token's life apart.
   */
  function noteCadence(token: TokenRecord, now: number) {
    const leeway = refreshLeeway(options.refreshLeewayMs, token.lifetimeMs)
    if (token.expiresAt !== undefined && token.expiresAt - now < Math.max(1_000, 2 * leeway))
      options.warnOnce(
        'refresh-cadence',
        `refresh() returned a token that expires in ${Math.round(token.expiresAt - now)} ms, so ` +
          `every request would renew it. Check that expiresInMs is in milliseconds (expires_in × ` +
          `1000) and that refreshLeewayMs (${options.refreshLeewayMs}) suits tokens this short.`,
      )
    const previous = lastRefreshAt
    lastRefreshAt = now
    const lifetime = state.token.lifetimeMs
    if (previous !== undefined && lifetime !== undefined && now - previous < lifetime / 2)
      options.warnOnce(
        'refresh-cadence',
        `tokens are refreshed every ${now - previous} ms although they live ${lifetime} ms. ` +
          `Check refreshLeewayMs (${options.refreshLeewayMs}) and the expiry refresh() reports ` +
          `(expiresInMs), and whether the server refuses tokens before their declared expiry.`,
      )
  }

  function readyToSend(): Promise<TokenRecord> | undefined {
    switch (state.status) {
      case 'refreshing':
        return state.run.done
      case 'signed-out':
        return undefined
      case 'idle':
        return renewalDue(state.token) && renewalSpentFor !== state.token.generation
          ? startRefresh('expiring').done
          : undefined
    }
  }

  function renewAfterRefusal(generation: number): { token: Promise<TokenRecord>; waits: boolean } {
    switch (state.status) {
      case 'signed-out':
        return { token: Promise.reject(state.failure ?? signedOutError()), waits: false }
      case 'refreshing':
        return state.token.generation > generation
          ? { token: Promise.resolve(state.token), waits: false }
          : { token: state.run.done, waits: true }
      case 'idle':
        // Sent with an older token than the current one: the refresh already happened.
        return state.token.generation > generation
          ? { token: Promise.resolve(state.token), waits: false }
          : { token: startRefresh('refused').done, waits: true }
    }
  }

  function refusedAfterRenewal(generation: number, error: ApiError): ApiError {
    if (state.status === 'signed-out') return state.failure ?? asUnauthorized(error)
    // Evidence that the refresh failed: the token it just produced is the one refused, and not
    // because its life ran out meanwhile (a replay that waited long for a retry, say).
    const token = state.token
    if (token.generation !== generation || !token.fromRefresh || hasExpired(token))
      return asUnauthorized(error)
    const failure = asUnauthorized(error, SESSION_EXPIRED)
    if (state.status === 'refreshing') state.run.reject(failure)
    transition({ status: 'signed-out', token: emptyToken(generation + 1), failure })
    callAppCallback(options.onAuthFailure, failure)
    return failure
  }

  function adoptAppToken(read: string | null | undefined) {
    const value = read ?? undefined
    if (value === lastAppRead) return
    lastAppRead = value
    if (value === state.token.value) return
    const token = nextToken(judge(value, {}, false, options.now()), false)
    switch (state.status) {
      case 'signed-out':
        // A new token from the app is a sign-in; no token keeps the session signed out.
        if (value !== undefined) transition({ status: 'idle', token })
        return
      case 'refreshing':
        // The running refresh goes on for the requests that wait for it.
        transition({ status: 'refreshing', token, run: state.run })
        return
      case 'idle':
        transition({ status: 'idle', token })
    }
  }

  function signOut({ fromOtherTab = false } = {}) {
    const before = state
    transition({
      status: 'signed-out',
      token: emptyToken(state.token.generation + 1),
      failure: undefined,
    })
    if (before.status === 'refreshing') {
      const error = signedOutError()
      // Waiters reject now, not when a hanging refresh gives up; a refresh that passes its signal
      // on stops and never stores a token.
      before.run.reject(error)
      before.run.controller.abort(error)
    }
    if (!fromOtherTab) options.coordinator.announceSignOut()
  }

  function signIn(accessToken?: string, expiresAt?: number) {
    const before = state
    const token = nextToken(judge(accessToken, { expiresAt }, false, options.now()), false)
    transition({ status: 'idle', token })
    if (before.status === 'refreshing') {
      before.run.resolve(token)
      before.run.controller.abort(supersededError())
    }
  }

  options.coordinator.listen({
    refreshedElsewhere(facts, tokens) {
      const before = state
      const token = nextToken(facts, true)
      transition({ status: 'idle', token })
      if (before.status === 'refreshing') {
        before.run.resolve(token)
        before.run.controller.abort(supersededError())
      }
      if (tokens) callAppCallback(options.onRefreshedElsewhere, tokens)
    },
    signedOutElsewhere() {
      if (state.status !== 'signed-out') signOut({ fromOtherTab: true })
    },
  })

  return {
    current: () => state,
    authState: () => state.status,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    adoptAppToken,
    readyToSend,
    renewAfterRefusal,
    refusedAfterRenewal,
    signOut: () => signOut(),
    signIn,
    knownTokens: () =>
      state.token.value === undefined ? previousTokens : [state.token.value, ...previousTokens],
    isRefreshSignal: (signal) =>
      state.status === 'refreshing' && state.run.controller.signal === signal,
    dispose: () => options.coordinator.close(),
  }
}

/** What the other tabs receive of a refresh: the app's tokens, as a plain object. */
function sharedTokens(result: RefreshResult, accessToken: string | undefined): RefreshedTokens {
  const declared = typeof result === 'object' && result !== null ? result : {}
  const tokens: RefreshedTokens = {}
  if (accessToken !== undefined) tokens.accessToken = accessToken
  if (typeof declared.refreshToken === 'string') tokens.refreshToken = declared.refreshToken
  if (typeof declared.expiresInMs === 'number') tokens.expiresInMs = declared.expiresInMs
  if (declared.expiresAt !== undefined) tokens.expiresAt = declared.expiresAt
  return tokens
}

/**
 * `promise`, or a rejection with the signal's reason as soon as `signal` aborts. `promise` is
 * observed whatever happens first: the signal may have aborted already (refresh() that signs out
 * before it returns), and a rejection of `promise` nobody handles would end a Node process.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(abortReason(signal))
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort))
    if (signal.aborted) abort()
    else signal.addEventListener('abort', abort, { once: true })
  })
}
