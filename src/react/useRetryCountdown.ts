import { useCallback, useSyncExternalStore } from 'react'

/**
 * What a countdown counts down to. Each names an absolute time, so a relative delay cannot be
 * passed by mistake (`useRetryCountdown(error.retryAfterMs)` does not compile):
 * - an `ApiError` (or anything with `retryAt`): when the server's wait is over;
 * - a pending retry (`pendingRetry`, a `RetryAnnouncement`, anything with `nextRetryAt`): when it goes out;
 * - a `Date`.
 */
export type RetryCountdownTarget =
  | { readonly retryAt: number | undefined }
  | { readonly nextRetryAt: number }
  | Date
  | null
  | undefined

/** The epoch ms `target` names, or `null` when it names none. */
function epochOf(target: RetryCountdownTarget): number | null {
  const at =
    target instanceof Date
      ? target.getTime()
      : ((target as { nextRetryAt?: unknown } | null | undefined)?.nextRetryAt ??
        (target as { retryAt?: unknown } | null | undefined)?.retryAt)
  return Number.isFinite(at) ? (at as number) : null
}

/**
 * Whole seconds until the retry an error or a pending retry carries (or a `Date`), updated once a
 * second, and only in the component that calls it; `null` when there is nothing to count down to.
 *
 * @example
 * // in a fallback for a 429: the server's Retry-After, counted from when the answer arrived
 * const seconds = useRetryCountdown(error)
 * // while a retry waits
 * const next = useRetryCountdown(users.pendingRetry)
 * {next !== null && <p>Retrying in {next} s</p>}
 */
export function useRetryCountdown(target: RetryCountdownTarget): number | null {
  const at = epochOf(target)
  // The clock is the external store: a snapshot changes only when the shown second does, so a
  // timer firing at each second boundary is all the re-rendering there is.
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (at === null) return () => undefined
      let timer: ReturnType<typeof setTimeout> | undefined
      const schedule = () => {
        const left = at - Date.now()
        if (left <= 0) return
        timer = setTimeout(
          () => {
            onChange()
            schedule()
          },
          left % 1000 || 1000,
        )
      }
      schedule()
      return () => clearTimeout(timer)
    },
    [at],
  )
  const snapshot = () => (at === null ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000)))
  return useSyncExternalStore(subscribe, snapshot, snapshot)
}
