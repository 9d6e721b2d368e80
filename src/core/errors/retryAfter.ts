/**
 * The longest wait a retry hint can name: 10^15 ms (10^12 seconds, about 31,700 years), the bound
 * the retry-after fields of a JSON error body already have. Nothing past it is a wait a server
 * means: it is digits rounded to a float (`99999999999999999999` reads as 1e23), and `retryAt`
 * (now plus the wait) would leave the range of a JavaScript Date (±8.64e15 ms, ECMA-262 §21.4.1),
 * where a UI that formats it gets "Invalid Date" or a RangeError. It stays far above the
 * RateLimit-Reset values read through {@link parseRetryAfter} as epoch seconds (GitHub's), and
 * above any wait the retry layer makes: a long but representable wait still fails at once with
 * "try again at …" (maxRetryAfterMs), rather than being ignored and retried on the backoff.
 */
export const MAX_RETRY_AFTER_MS = 1e15

/**
 * Milliseconds to wait from a `Retry-After` value: delay-seconds (decimals accepted, as some APIs send
 * them) or an HTTP date relative to `nowMs` (a past date gives 0). Undefined for anything else:
 * negative, NaN, garbage or absurdly large values (past {@link MAX_RETRY_AFTER_MS}, whichever
 * form) must never turn into a wait.
 *
 * @example
 * parseRetryAfter('120', Date.now()) // 120000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')) // 60000
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  const v = typeof value === 'string' ? value.trim() : ''
  // Dates must start with a day name; this also keeps Date.parse's leniency away from '-5' or '1e3'.
  const ms = /^\d+(\.\d+)?$/.test(v)
    ? Math.round(+v * 1000)
    : /^[a-z]/i.test(v)
      ? Math.max(0, Date.parse(v) - nowMs)
      : NaN
  // `ms <= MAX` is false for NaN too.
  return ms <= MAX_RETRY_AFTER_MS ? ms : undefined
}
