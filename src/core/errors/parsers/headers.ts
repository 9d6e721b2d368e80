import { parseRetryAfter } from '../retryAfter'
import { first, g, isArr, isObj, keys, str } from './read'

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
export function headerReader(h: unknown): HeaderReader {
  let map: Map<string, string> | undefined
  const put = (v: unknown, k: unknown) => {
    // AxiosHeaders and Node give repeated headers as arrays; numbers come from hand-made objects
    const s =
      typeof v === 'string' ? v : isArr(v) ? v.join(', ') : typeof v === 'number' ? `${v}` : 0
    if (s !== 0 && typeof k === 'string') map!.set(k.toLowerCase(), s)
  }
  return (name) => {
    try {
      if (!map) {
        map = new Map()
        if (isObj(h)) for (const k of Object.keys(h)) put(h[k], k)
        const each = g(h, 'forEach')
        if (!map.size && typeof each === 'function') each.call(h, put)
      }
      if (typeof name === 'string') return map.get(name)
      for (const [k, v] of map) if (name.test(k) && str(v)) return v
    } catch {
      // hostile headers: a throwing getter or proxy trap
    }
    return undefined
  }
}

/** Where gateways and APIs put the id to quote to support, most specific first. */
const REQUEST_ID_HEADERS = keys(
  'x-request-id request-id x-amzn-requestid x-amz-request-id x-github-request-id x-correlation-id x-trace-id cf-ray',
)

/**
 * The id to quote to support from the headers: a well-known name, else any other `…request-id`
 * (`x-ms-request-id`, `x-okta-request-id`, `apigw-requestid`) but the client's own id echoed back
 * (`x-ms-client-request-id`), then any `…correlation-id`, then any `…trace-id`. Blank values do not count.
 */
export const headerRequestId = (h: HeaderReader): string | undefined =>
  first(REQUEST_ID_HEADERS, (n) => str(h(n))) ?? first(OTHER_IDS, (re) => str(h(re)))

const OTHER_IDS = [/(?<!client-)request-?id$/, /correlation-?id$/, /trace-?id$/]

/**
 * The wait the headers ask for: `Retry-After` (an HTTP date counts from the response's `Date`), else a
 * rate-limit reset, which only means "wait" on a 429 or when nothing remains. A reset above 10^9 is
 * epoch seconds (GitHub), else seconds from now.
 */
export function headerRetryAfterMs(h: HeaderReader, status: number): number | undefined {
  // Parsing `Date` costs more than the rest of this put together, and only an HTTP date (which starts
  // with a day name) or an epoch reset is measured against it.
  const now = () => Date.parse(h('date') ?? '') || Date.now()
  const after = h('retry-after')
  let ms = after ? parseRetryAfter(after, /^\s*[a-z]/i.test(after) ? now() : 0) : undefined
  for (const p of ['ratelimit-', 'x-ratelimit-']) {
    if (ms !== undefined) break
    const reset = parseRetryAfter(h(p + 'reset'), 0)
    if (reset !== undefined && (status === 429 || h(p + 'remaining')?.trim() === '0'))
      ms = reset > 1e12 ? Math.max(0, reset - now()) : reset
  }
  return ms
}

/** RFC 6750: `WWW-Authenticate: Bearer error="invalid_token"`. */
export const wwwAuthenticateCode = (h: HeaderReader): string | undefined =>
  /\berror="?([^",\s]+)/i.exec(h('www-authenticate')?.slice(0, 2000) ?? '')?.[1]
