import { g, isArr } from './parsers/read'

// Matched against the end of a lower-cased name, so `access_token`, `X-Amz-Signature`, `x-api-key`,
// `client_secret` and `Set-Cookie` are all caught; over-redacting `monkey` costs nothing.
const SECRET =
  /(token|secret|passw(or)?d|pass|pwd|signature|sig|auth|authorization|key|cookie|session|sessionid|sid|credentials?|jwt|otp)$/i

/** What replaces a secret value. */
export const REDACTED = '[REDACTED]'

/**
 * `url` without userinfo and with the values of secret-looking query or fragment parameters replaced,
 * so it can be logged or shown. Also `code` (OAuth authorization codes) and `state` are redacted here.
 *
 * @example
 * redactUrl('https://me:pw@api.test/cb?code=abc&page=2#access_token=xyz')
 * // 'https://api.test/cb?code=[REDACTED]&page=2#access_token=[REDACTED]'
 */
export function redactUrl(url: string): string {
  const s = String(url).replace(/^([a-z][\w+.-]*:\/\/)[^/?#@]*@/i, '$1')
  // Parameters start at the first `?` or `#`: a `&` or `=` in the path is no parameter.
  const i = s.search(/[?#]/)
  return i < 0
    ? s
    : s.slice(0, i) +
        s.slice(i).replace(/([?&#;])([^=&#;?]*)=([^&#;]*)/g, (m, sep: string, k: string) => {
          let name = k
          try {
            name = decodeURIComponent(k)
          } catch {
            // a malformed escape: judge the raw name
          }
          return SECRET.test(name) || /^(code|state)$/i.test(name) ? `${sep}${k}=${REDACTED}` : m
        })
}

/**
 * A deep copy of `value` that is safe to log: values under secret-looking keys (`authorization`,
 * `cookie`, `set-cookie`, `password`, `token`, `secret`, `api_key`, `x-api-key`, `client_secret`…)
 * become `'[REDACTED]'`; depth, entries and string lengths are bounded; cycles become `'[Circular]'`.
 *
 * @example
 * redactValue({ headers: { Authorization: 'Bearer x', Accept: 'json' } })
 * // { headers: { Authorization: '[REDACTED]', Accept: 'json' } }
 */
export function redactValue(value: unknown): unknown {
  const seen = new WeakSet<object>()
  let budget = 1000
  const copy = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return v.length > 10_000 ? v.slice(0, 10_000) + '…' : v
    if (typeof v === 'function' || typeof v === 'symbol') return undefined
    if (v === null || typeof v !== 'object') return v
    if (seen.has(v)) return '[Circular]'
    if (depth > 8 || budget <= 0) return '[Truncated]'
    seen.add(v)
    try {
      let entries: [string, unknown][]
      if (
        typeof (v as Headers).get === 'function' &&
        typeof (v as Headers).forEach === 'function' &&
        !Object.keys(v).length
      ) {
        // Fetch `Headers` keep their entries out of reach of Object.keys.
        entries = []
        ;(v as Headers).forEach((val, k) => entries.push([k, val]))
      } else entries = Object.keys(v).map((k) => [k, g(v, k)])
      const out = entries.slice(0, budget).map(([k, val]): [string, unknown] => {
        budget--
        return [k, SECRET.test(k) ? REDACTED : copy(val, depth + 1)]
      })
      // Object.fromEntries defines properties, so a `__proto__` key stays a plain key.
      return isArr(v) ? out.map(([, val]) => val) : Object.fromEntries(out)
    } catch {
      return '[Unreadable]'
    } finally {
      // Only ancestors count as cycles: the same object twice in siblings is copied twice.
      seen.delete(v)
    }
  }
  return copy(value, 0)
}
