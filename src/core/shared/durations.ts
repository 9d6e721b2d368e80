/** Timers wait at most 2^31 - 1 ms (about 24.8 days); a longer delay fires at once. */
export const MAX_TIMER_MS = 2_147_483_647

/**
 * Checks a duration option once, when the client is created: a non-negative finite number of
 * milliseconds a timer can wait, or `Infinity` where the option documents it as "never". Throws a
 * TypeError naming the option otherwise, since a NaN, a negative or an overflowing delay would
 * otherwise fire at once and look like a failure of the API.
 *
 * @example
 * const refreshTimeoutMs = checkDuration('auth.refreshTimeoutMs', options.refreshTimeoutMs, 15_000, { infinity: true })
 */
export function checkDuration(
  name: string,
  value: unknown,
  fallback: number,
  { infinity = false }: { infinity?: boolean } = {},
): number {
  if (value === undefined) return fallback
  if (typeof value === 'number' && value >= 0) {
    if (value <= MAX_TIMER_MS) return value
    if (value === Infinity && infinity) return value
  }
  const shown = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? typeof value)
  throw new TypeError(
    `resilient-query: ${name} must be a number of milliseconds from 0 to ${MAX_TIMER_MS}` +
      `${infinity ? ' or Infinity (no limit)' : ''}, got ${shown}`,
  )
}
