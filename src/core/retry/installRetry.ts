import { CanceledError } from 'axios'
import type {
  AxiosInstance,
  AxiosRequestConfig,
  AxiosResponse,
  GenericAbortSignal,
  InternalAxiosRequestConfig,
} from 'axios'
import axiosRetry, { namespace as axiosRetryState } from 'axios-retry'
import type { ApiError, ApiErrorRequest } from '../errors/ApiError'
import { callAppCallback } from '../shared/appCallbacks'
import { isCanceled, onCancel } from '../shared/cancellation'
import { createWarnOnce } from '../shared/development'
import { canResendAsIs, noteBodySent, tryPrepareResend } from '../shared/requestBody'
import { bodyNotResendableError } from '../shared/bodyNotResendable'
import { decideRetry } from './decideRetry'
import { discardResponseBody } from './discardResponseBody'
import { EXPOSE_RETRY_HINTS, hiddenRetryHintsOrigin } from './hiddenRetryHints'
import { createIdempotencyKey, keyFromApp } from './idempotencyKey'
import { resolveRetryOptions } from './options'
import { createPendingRetries } from './pendingRetries'
import { markSendReason } from '../transport'
import type { ResolvedRetryOptions } from './options'
import type { RetryAnnouncement, RetryController, RetryOptions, RetrySettled } from './types'

/**
 * One logical request's retry state. A class on purpose: axios deep-copies plain objects each time
 * a config is merged (every replay), but passes class instances through, so every attempt and every
 * layer's replay shares this one.
 */
class RetryState {
  retries = 0
  delayMs = 0
  startedAt = Date.now()
  /** The failure that the retry being scheduled answers. */
  declare error: ApiError
  declare settled?: boolean
  /**
   * The request's own transforms, kept at its first failure when it has `recreateData`: axios-retry
   * resends the body it sent as it is, but a recreated body must be transformed like the first.
   */
  declare transformRequest?: AxiosRequestConfig['transformRequest']
  /** While a retry waits: the app's own signal, to give back, and how to stop listening. */
  declare waiting?:
    { signal: GenericAbortSignal | undefined; stopListening: () => void } | undefined
  // `declare` fields cost nothing: a request that never fails sets none of them.
  constructor(readonly options: ResolvedRetryOptions) {}
}

type StatefulConfig = InternalAxiosRequestConfig & { __rqRetry?: RetryState }

/** What {@link installRetry} returns: how to hear the retries, and how to take it off. */
export interface RetryInstallation extends RetryController {
  /** Removes the interceptors. */
  eject(): void
}

/**
 * Adds retries of transient failures to `instance`, through axios-retry: the decision and the
 * waits are {@link decideRetry}'s, each retry is announced before its wait, and a cancellation
 * (AbortSignal or CancelToken) ends a wait at once, sending nothing more. A body that cannot be
 * sent twice is not retried unless the request can recreate it (the error is coded
 * `body_not_resendable`).
 *
 * Order matters. Response interceptors added after this one also see the result of every replay
 * (axios-retry resolves the outer call with it), so they must let an ApiError pass. Request
 * interceptors added after this one run before it.
 *
 * @example
 * const retry = installRetry(instance, { retries: 3 }, normalizeError)
 * const stop = retry.subscribe((a) => console.info(`retry ${a.attempt} of ${a.maxAttempts} in ${a.delayMs} ms`))
 */
export function installRetry(
  instance: AxiosInstance,
  options: RetryOptions | number | false | undefined,
  normalize: (error: unknown) => ApiError,
  {
    isRefreshRequest = () => false,
  }: {
    /**
     * Whether a request is a token refresh's own (the auth layer knows): a refresh token is
     * single-use, so such a request is never retried nor given a key, unless it sets `retry`.
     */
    isRefreshRequest?: (config: InternalAxiosRequestConfig) => boolean
  } = {},
): RetryInstallation {
  const base = resolveRetryOptions(options)
  const NEVER = resolveRetryOptions(false, base)
  const scheduled = new Set<(announcement: RetryAnnouncement) => void>()
  const settled = new Set<(settled: RetrySettled) => void>()
  const pending = createPendingRetries()
  const warnOnce = createWarnOnce()

  const settle = (config: StatefulConfig, error?: ApiError) => {
    const state = config.__rqRetry as RetryState
    // Replays nest (each inside the one before), so the innermost settles and the others are quiet.
    if (state.settled) return
    state.settled = true
    if (config.pendingRetryKey !== undefined) pending.settle(config.pendingRetryKey, state)
    const event: RetrySettled = {
      retries: state.retries,
      error,
      request: state.error.request as ApiErrorRequest,
    }
    // The app's callbacks are told; whatever they do, the request settles as it was going to.
    callAppCallback(config.onRetrySettled, event)
    for (const listener of [...settled]) callAppCallback(listener, event)
  }

  const canceledError = (config: StatefulConfig) =>
    normalize(new CanceledError(undefined, undefined, config))

  const requestId = instance.interceptors.request.use(
    (config: StatefulConfig) => {
      // Created on the first attempt only: replays carry it, so the budget counts from the start.
      // Without a per-request `retry` the client's options are the answer: resolving them again
      // would copy and validate them on every request.
      const state = (config.__rqRetry ??= new RetryState(
        config.retry !== undefined
          ? resolveRetryOptions(config.retry, base)
          : isRefreshRequest(config)
            ? NEVER
            : base,
      ))
      // Before axios's transforms, which turn an iterator into "{}": what the app sent is judged.
      noteBodySent(config)
      const { attemptTimeoutMs, idempotencyKey, idempotencyHeader, retries } = state.options
      // The client's attemptTimeoutStep holds each send to `timeout` in wall-clock time.
      if (attemptTimeoutMs !== undefined) config.timeout = attemptTimeoutMs
      // Set once: the header travels with the config, so every attempt sends the same key.
      if (
        retries > 0 &&
        idempotencyKey &&
        (config.method === 'post' || config.method === 'patch') &&
        !config.headers.has(idempotencyHeader)
      ) {
        const key =
          idempotencyKey === true
            ? createIdempotencyKey()
            : keyFromApp(idempotencyKey, config, warnOnce)
        // No key (the app's function failed): sent all the same, and as a write without a key
        // it is not retried.
        if (key !== undefined) config.headers.set(idempotencyHeader, key)
      }
      return config
    },
    undefined,
    // Nothing here waits: a synchronous interceptor lets axios run the request chain without a
    // promise hop per interceptor (when every request interceptor is synchronous).
    { synchronous: true },
  )

  /**
   * Where a retry's wait ends, run out or cut short by a cancellation: the app's signal back in
   * the config, and the body ready to go again. Throws when the request must not go out.
   */
  const endWait = (config: StatefulConfig, state: RetryState) => {
    if (state.waiting) {
      const { signal } = state.waiting
      if (signal) config.signal = signal
      else delete config.signal
      state.waiting.stopListening()
      state.waiting = undefined
    }
    // Before any later layer sees the replay (auth would wait for a refresh): nothing is sent.
    if (isCanceled(config)) throw canceledError(config)
    if (config.recreateData) {
      const reason = tryPrepareResend(config)
      if (reason !== undefined) throw bodyNotResendableError(state.error, reason)
      // Left out, the replay's merge with the instance defaults brings their transforms.
      if (state.transformRequest) config.transformRequest = state.transformRequest
      else delete config.transformRequest
    }
  }

  // axios-retry replays through the instance it is given: this one is the instance, plus the end
  // of the wait, and an eye on how each replay ends, whatever ends it (success, give-up, abort, a
  // failed token refresh).
  const replay = (config: StatefulConfig): Promise<AxiosResponse> =>
    new Promise<AxiosResponse>((resolve) => {
      // A throw here (canceled, no fresh body) rejects the replay like a failed attempt.
      endWait(config, config.__rqRetry as RetryState)
      resolve(instance(config))
    }).then(
      (response) => {
        settle(config)
        return response
      },
      (error: unknown) => {
        settle(config, normalize(error))
        throw error
      },
    )
  const { interceptors, defaults } = instance
  // axios-retry's request interceptor stamps its state on every config: a copy of its options,
  // the retry count and the time the attempt began (6 to 9 µs a request in memory, most of what
  // this layer cost). Before a first failure nothing reads it: the response interceptor builds
  // the same state from the config when a request fails, and the time only shortens a retry's
  // timeout when shouldResetTimeout is off, which it never is here. So it runs only for configs
  // that carry state already (its replays, or a caller's own `axios-retry` options,
  // validateResponse among them), and synchronously, since it never waits.
  const retryInterceptors = {
    request: {
      use: (fulfilled: (config: InternalAxiosRequestConfig) => InternalAxiosRequestConfig) =>
        interceptors.request.use(fulfilled, undefined, {
          synchronous: true,
          runWhen: (config) => config[axiosRetryState] !== undefined,
        }),
    },
    response: interceptors.response,
  }

  const ids = axiosRetry(
    Object.assign(replay, {
      interceptors: retryInterceptors,
      defaults,
    }) as unknown as AxiosInstance,
    {
      // The ladder counts (axios-retry would stop before asking it), so per-request `retries` work
      // and a give-up is seen and announced.
      retries: Infinity,
      // Each attempt gets the whole timeout; the total is `budgetMs`.
      shouldResetTimeout: true,
      retryCondition(axiosError) {
        const config = axiosError.config as StatefulConfig
        const state = config.__rqRetry
        if (!state) return false
        const error = normalize(axiosError)
        if (axiosError.response) warnIfRetryHintsHidden(axiosError.response, error)
        const decision = decideRetry(
          error,
          {
            attempt: state.retries + 1,
            method: config.method ?? 'get',
            hasIdempotencyKey: config.headers.has(state.options.idempotencyHeader),
            elapsedMs: Date.now() - state.startedAt,
          },
          state.options,
        )
        if (!decision.retry) return false
        state.delayMs = decision.delayMs
        state.error = error
        // Still the request's own transforms: axios-retry replaces them when it schedules a retry.
        if (config.recreateData) state.transformRequest ??= config.transformRequest
        return true
      },
      // Decided with the rest in retryCondition, which axios-retry calls just before.
      retryDelay: (_count, axiosError) =>
        (axiosError.config as StatefulConfig).__rqRetry?.delayMs ?? 0,
      // axios-retry awaits this before its wait: announcing here reaches the UI before the sleep,
      // and a throw here ends the request with it.
      onRetry(_count, axiosError, requestConfig) {
        const config = requestConfig as StatefulConfig
        const state = config.__rqRetry as RetryState
        const { error, delayMs, options } = state
        if (isCanceled(config)) throw canceledError(config)
        // Checked before the announcement: a request that cannot go out again is no retry. The
        // caller gets the attempt's response with the error, as with any give-up.
        if (!config.recreateData && !canResendAsIs(config))
          throw bodyNotResendableError(error, 'read_once')
        // Nobody reads the failed attempt's body now; unread, a stream keeps its socket busy.
        discardResponseBody(axiosError.response)
        const announcement: RetryAnnouncement = {
          attempt: ++state.retries,
          maxAttempts: options.retries,
          delayMs,
          nextRetryAt: Date.now() + delayMs,
          error,
          // normalize() names the request of every AxiosError, which is what reaches here.
          request: error.request as ApiErrorRequest,
        }
        markSendReason(config, 'retry')
        if (config.pendingRetryKey !== undefined)
          pending.announce(config.pendingRetryKey, state, announcement)
        callAppCallback(config.onRetryScheduled, announcement)
        for (const listener of [...scheduled]) callAppCallback(listener, announcement)
        // axios-retry's wait hears only `config.signal`. A signal of our own in its place, aborted
        // through onCancel, lets a CancelToken end the wait as fast as an AbortSignal does; the
        // app's signal is back in the config before the replay goes out (endWait). Set up after
        // the announcement, so a listener that cancels is heard at once.
        const controller = new AbortController()
        state.waiting = {
          signal: config.signal,
          stopListening: onCancel(config, () => controller.abort()),
        }
        config.signal = controller.signal
      },
    },
  )

  /**
   * In development, says once per client that a cross-origin 429 or 503 showed the page none of
   * its retry hints, because the server did not expose them: the client then backs off on its
   * own schedule, not the server's.
   */
  function warnIfRetryHintsHidden(response: AxiosResponse, error: ApiError) {
    const origin = hiddenRetryHintsOrigin(response, error.request?.url)
    if (origin === undefined) return
    warnOnce(
      'cors-retry-hints',
      `a ${response.status} from ${origin} showed this page no header beyond the CORS-safelisted ` +
        'ones, so its Retry-After and RateLimit-* headers, if it sent any, are hidden and retries ' +
        `follow the client's own backoff. Have the server send "${EXPOSE_RETRY_HINTS}".`,
    )
  }

  return {
    pending: { get: pending.get, subscribe: pending.subscribe },
    subscribe: (listener, onSettled) => {
      scheduled.add(listener)
      if (onSettled) settled.add(onSettled)
      return () => {
        scheduled.delete(listener)
        if (onSettled) settled.delete(onSettled)
      }
    },
    eject() {
      interceptors.request.eject(requestId)
      interceptors.request.eject(ids.requestInterceptorId)
      interceptors.response.eject(ids.responseInterceptorId)
    },
  }
}
