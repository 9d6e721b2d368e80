/**
 * Milliseconds to wait from a `Retry-After` value: delay-seconds (decimals accepted, as some APIs send
 * them) or an HTTP date relative to `nowMs` (a past date gives 0). Undefined for anything else:
 * negative, NaN, garbage or absurdly large values must never turn into a wait.
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
  return Number.isFinite(ms) ? ms : undefined
}
