import { useCallback, useSyncExternalStore } from 'react'

/**
 * Whole seconds until `nextRetryAt` (epoch ms), updated once a second, and only in the component
 * that calls it; `null` when there is nothing to count down to.
 *
 * @example
 * const seconds = useRetryCountdown(users.retry?.nextRetryAt)
 * {seconds !== null && <p>Retrying in {seconds} s</p>}
 */
export function useRetryCountdown(nextRetryAt: number | null | undefined): number | null {
  // The clock is the external store: a snapshot changes only when the shown second does, so a
  // timer firing at each second boundary is all the re-rendering there is.
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (nextRetryAt === null || nextRetryAt === undefined) return () => undefined
      let timer: ReturnType<typeof setTimeout> | undefined
      const schedule = () => {
        const left = nextRetryAt - Date.now()
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
    [nextRetryAt],
  )
  const snapshot = () =>
    nextRetryAt === null || nextRetryAt === undefined
      ? null
      : Math.max(0, Math.ceil((nextRetryAt - Date.now()) / 1000))
  return useSyncExternalStore(subscribe, snapshot, snapshot)
}
