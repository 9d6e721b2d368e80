import type { ApiError } from '../errors/ApiError'
import { callAppCallback } from '../shared/appCallbacks'
import { MAX_TIMER_MS } from '../shared/durations'
import type { ResolvedRetryOptions } from './options'
import { computeRetryDelay } from './retryDelay'

/** What the failed attempt of a request is known by, besides its error. */
export interface RetryContext {
  /** The retry that would be made: 1 for the first. */
  attempt: number
  /** Lower case, as axios sends it. */
  method: string
  hasIdempotencyKey: boolean
  /** Since the first attempt began. */
  elapsedMs: number
}

/** Why a request is not retried. */
export type RetryStop =
  'exhausted' | 'never' | 'method' | 'predicate' | 'not_retryable' | 'retry_after_cap' | 'budget'

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: RetryStop }

const IDEMPOTENT = /^(get|head|options|put|delete|trace)$/i

const stop = (reason: RetryStop): RetryDecision => ({ retry: false, reason })

/**
 * Whether to retry after `error`, and after how long: one ladder of early returns.
 *
 * @example
 * decideRetry(error, { attempt: 1, method: 'get', hasIdempotencyKey: false, elapsedMs: 120 }, options)
 * // { retry: true, delayMs: 734 } or { retry: false, reason: 'not_retryable' }
 */
export function decideRetry(
  error: ApiError,
  context: RetryContext,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): RetryDecision {
  if (context.attempt > options.retries) return stop('exhausted')
  // A 401 belongs to the auth layer (refresh, then one replay): retrying it here would multiply
  // refresh calls against endpoints limited to a few per minute. A cancellation is the app's wish.
  if (error.kind === 'unauthorized' || error.status === 401 || error.kind === 'canceled')
    return stop('never')
  // A POST that failed may still have taken effect; only a key lets the server drop the duplicate.
  if (!IDEMPOTENT.test(context.method) && !context.hasIdempotencyKey) return stop('method')
  const verdict = askShouldRetry(options.shouldRetry, error, context.attempt)
  if (verdict === false) return stop('predicate')
  // `retryable` is the status and network rung: network, timeouts, the statuses that may pass
  // when sent again.
  if (verdict !== true && !error.retryable) return stop('not_retryable')
  // Waiting longer than the user would is worse than failing with "try again at …" now.
  if ((error.retryAfterMs ?? 0) > options.maxRetryAfterMs) return stop('retry_after_cap')
  // The time budget comes last because it needs the wait, which depends on all of the above.
  const delayMs = computeRetryDelay(context.attempt, error, options, random)
  // Timers cannot wait longer than 2^31 - 1 ms (about 24.8 days): past that they fire at once, so a
  // longer wait is refused like a Retry-After over the cap rather than turned into no wait at all.
  if (delayMs > MAX_TIMER_MS) return stop('retry_after_cap')
  if (context.elapsedMs + delayMs > options.budgetMs) return stop('budget')
  return { retry: true, delayMs }
}

/**
 * The app's `shouldRetry` verdict. One that throws (or returns anything but a boolean) has no say:
 * the default decision stands, and the throw is reported like any app callback's, so a bug in
 * the predicate neither fails the request nor stops its retries.
 */
function askShouldRetry(
  shouldRetry: ResolvedRetryOptions['shouldRetry'],
  error: ApiError,
  attempt: number,
): boolean | undefined {
  if (!shouldRetry) return undefined
  let verdict: unknown
  // Returning the verdict lets callAppCallback report a promise's rejection too.
  callAppCallback(() => (verdict = shouldRetry(error, attempt)))
  return typeof verdict === 'boolean' ? verdict : undefined
}
