import { parseRetryAfter } from '../retryAfter'
import { REQUEST_ID_HEADERS } from '../rules'
import { isList, isRecord, nonEmptyText } from './context'

/**
 * Case-insensitive access to response headers, whatever shape they came in. A pattern gives the first
 * header, in the order received, whose lower-cased name it matches and whose value is not blank.
 */
export type HeaderReader = (name: string | RegExp) => string | undefined

/**
 * A reader for a plain object (any case), an AxiosHeaders (its own keys are the header names), a fetch
 * `Headers` or a `Map` (no own keys; listed through `forEach`). Names are lower-cased once, on the
 * first lookup; the names asked for must be lower case (app parsers get a reader that lower-cases them).
 */
export function headerReader(headers: unknown): HeaderReader {
  let byName: Map<string, string> | undefined
  const put = (value: unknown, name: unknown) => {
    // AxiosHeaders and Node give repeated headers as lists; numbers come from hand-made objects
    const text =
      typeof value === 'string'
        ? value
        : isList(value)
          ? value.join(', ')
          : typeof value === 'number'
            ? `${value}`
            : undefined
    if (text !== undefined && typeof name === 'string') byName!.set(name.toLowerCase(), text)
  }
  return (name) => {
    try {
      if (!byName) {
        byName = new Map()
        // inside the try: a getter or proxy trap that throws leaves the headers unread
        if (isRecord(headers))
          for (const key of Object.keys(headers).slice(0, 1000)) put(headers[key], key)
        const forEach = isRecord(headers) ? headers.forEach : undefined
        if (!byName.size && typeof forEach === 'function') forEach.call(headers, put)
      }
      if (typeof name === 'string') return byName.get(name)
      for (const [key, value] of byName) if (name.test(key) && nonEmptyText(value)) return value
    } catch {
      // hostile headers: a throwing getter or proxy trap
    }
    return undefined
  }
}

/** The id to quote to support, by {@link REQUEST_ID_HEADERS}; blank values do not count. */
export function headerRequestId(header: HeaderReader): string | undefined {
  for (const rule of REQUEST_ID_HEADERS) {
    const id = nonEmptyText(header(rule.name))
    if (id) return id
  }
  return undefined
}

/**
 * The wait the headers ask for: `Retry-After` (an HTTP date counts from the response's `Date`), else a
 * rate-limit reset, which only means "wait" on a 429 or when nothing remains. A reset above 10^9 is
 * epoch seconds (GitHub), else seconds from now.
 */
export function headerRetryAfterMs(header: HeaderReader, status: number): number | undefined {
  // Parsing `Date` costs more than the rest of this put together, and only an HTTP date (which starts
  // with a day name) or an epoch reset is measured against it.
  const now = () => Date.parse(header('date') ?? '') || Date.now()
  const after = header('retry-after')
  let wait = after ? parseRetryAfter(after, /^\s*[a-z]/i.test(after) ? now() : 0) : undefined
  for (const prefix of ['ratelimit-', 'x-ratelimit-']) {
    if (wait !== undefined) break
    const reset = parseRetryAfter(header(prefix + 'reset'), 0)
    if (reset !== undefined && (status === 429 || header(prefix + 'remaining')?.trim() === '0'))
      wait = reset > 1e12 ? Math.max(0, reset - now()) : reset
  }
  return wait
}

/**
 * One auth-param of an RFC 6750 challenge, quoted or not: `WWW-Authenticate: Bearer
 * error="invalid_token", error_description="…"` (§3).
 */
export function challengeParameter(header: HeaderReader, name: string): string | undefined {
  const challenge = header('www-authenticate')?.slice(0, 2000)
  if (!challenge) return undefined
  const match = new RegExp(`\\b${name}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^",\\s]+))`, 'i').exec(
    challenge,
  )
  return nonEmptyText(match?.[1]?.replace(/\\(.)/g, '$1') ?? match?.[2])
}
