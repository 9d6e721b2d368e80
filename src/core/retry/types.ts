import type { InternalAxiosRequestConfig } from 'axios'
import type { ApiError, ApiErrorRequest } from '../errors/ApiError'
import type { PendingRetries } from './pendingRetries'

/**
 * The waits an API documents for one status, instead of the generic backoff: the first retry waits
 * `initialDelayMs`, each later one `factor` times longer. The server's Retry-After stays a floor.
 *
 * @example
 * // Maesn: 429 after one minute, 500 after 15–30 s, both growing exponentially
 * { 429: { initialDelayMs: 60_000 }, 500: { initialDelayMs: [15_000, 30_000] } }
 */
export interface RetrySchedule {
  /** The wait before the first retry, or a `[min, max]` range to pick it from at random. */
  initialDelayMs: number | readonly [min: number, max: number]
  /** How much longer each later retry waits than the one before. @default 2 */
  factor?: number | undefined
}

/**
 * How transient failures are retried: given to `createApiClient({ retry })`, or per request as
 * `api.get(url, { retry })`, where it refines the client's options. A number is `{ retries }`;
 * `false` is `{ retries: 0 }`.
 *
 * @example
 * createApiClient({ retry: { retries: 5, maxRetryAfterMs: 120_000, idempotencyKey: true } })
 * api.get('/report', { retry: { budgetMs: 10_000 } })
 * api.post('/payments', body, { retry: false })
 */
export interface RetryOptions {
  /**
   * How many times a failed request is sent again. GET, HEAD, OPTIONS, PUT, DELETE and TRACE are
   * retried; POST and PATCH only with an idempotency key (see `idempotencyKey`), since one that
   * failed may still have taken effect. A request whose body cannot be sent twice (a stream, a web
   * `ReadableStream`, an iterator) is retried only with `recreateData`; without it, it fails with
   * the attempt's ApiError coded `body_not_resendable` (`BODY_NOT_RESENDABLE`). @default 3
   */
  retries?: number | undefined
  /**
   * The backoff before the first retry; it doubles with each retry, with full jitter. At most
   * 2_147_483_647 (a timer's longest wait, about 24.8 days). @default 1000
   */
  baseDelayMs?: number | undefined
  /**
   * The longest backoff (Retry-After and `schedules` may ask for longer). `Infinity`, or anything
   * over 2_147_483_647, is no cap: a wait no timer can make still ends the retries. @default 30_000
   */
  maxDelayMs?: number | undefined
  /** Waits per HTTP status, for APIs that document their own. @default {} */
  schedules?: Readonly<Record<number, RetrySchedule>> | undefined
  /**
   * The longest Retry-After worth waiting for: when the server asks for more, the request fails at
   * once with an ApiError whose `retryAfterMs` tells the UI when to try again. `Infinity`, or
   * anything over 2_147_483_647, waits for any Retry-After a timer can wait (about 24.8 days).
   * @default 60_000
   */
  maxRetryAfterMs?: number | undefined
  /**
   * No wait starts that would end later than this after the first attempt began. `Infinity` (or
   * anything over 2_147_483_647) is no budget. @default Infinity
   */
  budgetMs?: number | undefined
  /**
   * The longest each attempt may take in wall-clock time, from when it is sent until its response
   * has been read, whatever the adapter (a body that trickles in cannot outlast it; a
   * `responseType: 'stream'` body, which the app reads, is not timed): it ends with a `timeout`
   * ApiError, its socket closed. Renewed for every retry, at most 2_147_483_647. It is the
   * request's axios `timeout`, which the client enforces the same way when this is left out.
   * `Infinity` (or 0, as in axios) is no timeout: per request, it lifts the client's.
   * @default the axios `timeout`
   */
  attemptTimeoutMs?: number | undefined
  /**
   * Gives every POST and PATCH that may be retried an idempotency key, the same on all its attempts,
   * so that the server can drop a duplicate: `true` for a random UUID, or a function returning the
   * key (1 to 255 printable ASCII characters). A function that throws, or returns anything else,
   * sends the request without a key, so it is not retried: the throw is reported (`reportError`,
   * else `console.error`), a wrong value warned about in development. @default false
   */
  idempotencyKey?: boolean | ((config: InternalAxiosRequestConfig) => string) | undefined
  /** The header that carries the key; a request that already has it is retried as idempotent. @default 'Idempotency-Key' */
  idempotencyHeader?: string | undefined
  /**
   * Your say after the method check: `false` stops, `true` retries an error that is not `retryable`
   * (never a 401 or a cancellation), `undefined` keeps the default. `attempt` is 1 for the first retry.
   * One that throws keeps the default too, and the throw is reported (`reportError`, else
   * `console.error`).
   * @default undefined
   */
  shouldRetry?: ((error: ApiError, attempt: number) => boolean | undefined) | undefined
}

/**
 * Sent before each retry's wait, so a UI can say "retrying in 4 s (attempt 2 of 3)".
 *
 * @example
 * api.retry.subscribe((a) => toast(`Retrying in ${Math.ceil(a.delayMs / 1000)} s (attempt ${a.attempt} of ${a.maxAttempts})`))
 */
export interface RetryAnnouncement {
  /** The retry about to be made: 1 for the first retry (the original request is not counted). */
  readonly attempt: number
  /** How many retries this request may get in all. */
  readonly maxAttempts: number
  /** How long the wait before it is. */
  readonly delayMs: number
  /** When it will be sent (epoch ms). */
  readonly nextRetryAt: number
  /** Why: the failure of the attempt before it. */
  readonly error: ApiError
  /** The request, with secrets removed from its URL. */
  readonly request: ApiErrorRequest
}

/**
 * Sent once when a request that was retried at least once is over, so a UI can clear its state.
 *
 * @example
 * api.get('/users', { onRetrySettled: ({ error }) => (error ? showGaveUp(error) : hideRetrying()) })
 */
export interface RetrySettled {
  /** How many retries were made. */
  readonly retries: number
  /** `undefined` when the last attempt succeeded, else the error the request rejects with. */
  readonly error: ApiError | undefined
  readonly request: ApiErrorRequest
}

/** The retry side of a client, for UIs that show "retrying in 4 s". */
export interface RetryController {
  /**
   * The retries waiting to go out, by the `pendingRetryKey` their requests were sent with (the
   * query factories send TanStack's query hash), until the request settles.
   * @example const next = api.retry.pending.get(queryHash)?.nextRetryAt
   */
  readonly pending: PendingRetries
  /**
   * Calls `listener` before each retry's wait of any request, and `onSettled` once a retried
   * request is over; returns the function that stops both. A property, not a method: it needs no
   * `this`, so it can be passed around on its own. A listener that throws (or rejects) is reported
   * and changes nothing: the retry goes ahead, and the other listeners are called.
   * @example const stop = api.retry.subscribe((a) => console.info(`retry ${a.attempt} in ${a.delayMs} ms`))
   */
  subscribe: (
    listener: (announcement: RetryAnnouncement) => void,
    onSettled?: (settled: RetrySettled) => void,
  ) => () => void
}

declare module 'axios' {
  interface AxiosRequestConfig {
    /**
     * This request's retries, refining the client's: a number of retries, options, or `false`.
     * @default the client's `retry` option
     */
    retry?: RetryOptions | number | false | undefined
    /**
     * Called before each retry's wait of this request; a throw is reported and changes nothing.
     * @example api.get('/users', { onRetryScheduled: (a) => show(`retrying in ${a.delayMs} ms`) })
     */
    onRetryScheduled?: ((announcement: RetryAnnouncement) => void) | undefined
    /**
     * Called once when this request's retries are over (success, give-up, abort, a failed token
     * refresh), if it was retried at all: where a UI clears its "retrying" state. A throw is
     * reported and changes nothing.
     * @example api.get('/users', { onRetrySettled: () => setRetry(null) })
     */
    onRetrySettled?: ((settled: RetrySettled) => void) | undefined
    /**
     * Files this request's pending retry under this key in `api.retry.pending` (the query
     * factories pass TanStack's query hash), so that any reader of the key can show it.
     * @default undefined (not filed)
     */
    pendingRetryKey?: string | undefined
    /**
     * Makes the body anew for each time the request is sent again (a retry, or a replay after a
     * token refresh). Needed only for bodies that are read as they are sent (a stream, a web
     * `ReadableStream`, an iterator): without it such a request is never sent twice, and fails
     * with an ApiError saying why instead. It must return a new body each time: the body sent
     * before, or a stream already read, ended or locked, fails the request the same way.
     * @default undefined
     * @example api.put('/files/1', fs.createReadStream(path), { recreateData: () => fs.createReadStream(path) })
     */
    recreateData?: (() => unknown) | undefined
  }
}
