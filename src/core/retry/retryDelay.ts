import type { ApiError } from '../errors/ApiError'
import type { ResolvedRetryOptions } from './options'

/**
 * The wait before retry number `attempt` (1 for the first retry) after `error`:
 * - a schedule for the error's status: its initial delay (picked in its range), times
 *   `factor ** (attempt - 1)`;
 * - otherwise exponential backoff with full jitter: `random() * min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))`;
 * - never less than the server's `retryAfterMs`.
 *
 * @example
 * computeRetryDelay(2, error, RETRY_DEFAULTS, () => 0.5) // 1000 (half of 2000), or Retry-After if longer
 */
export function computeRetryDelay(
  attempt: number,
  error: Pick<ApiError, 'status' | 'retryAfterMs'>,
  options: Pick<ResolvedRetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'schedules'>,
  random: () => number = Math.random,
): number {
  const schedule = error.status === undefined ? undefined : options.schedules[error.status]
  let backoff: number
  if (schedule) {
    const [min = 0, max = min] = [schedule.initialDelayMs].flat()
    backoff = (min + random() * (max - min)) * (schedule.factor ?? 2) ** (attempt - 1)
  } else {
    // Full jitter spreads the clients that failed together over the whole window, so they do not
    // come back as one burst (the thundering herd a fixed backoff keeps alive).
    backoff = random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1))
  }
  // The server knows when it will recover better than any formula: its Retry-After is a floor.
  return Math.round(Math.max(backoff, error.retryAfterMs ?? 0))
}
