import { parseRetryAfter } from '../retryAfter'
import { first, g, isArr, isObj, keys, str } from './read'

/**
 * Case-insensitive access to response headers, whatever shape they came in. A pattern gives the first
 * header whose lower-cased name it matches (not for a fetch `Headers`, whose names cannot be listed).
 */
export type HeaderReader = (name: string | RegExp) => string | undefined

/**
 * A reader for a plain object (any case), an AxiosHeaders (its own keys are the header names) or a fetch
 * `Headers` (no own keys, only `get`). Names are lower-cased once, on the first lookup; the names asked
 * for must be lower case (app parsers get a reader that lower-cases them).
 */
export function headerReader(h: unknown): HeaderReader {
  let map: Map<string, unknown> | undefined
  const get = g(h, 'get')
  return (name) => {
    try {
      if (!map) {
        map = new Map()
        if (isObj(h)) for (const k of Object.keys(h)) map.set(k.toLowerCase(), h[k])
      }
      let v: unknown
      if (typeof name !== 'string') {
        for (const [k, x] of map) if (name.test(k) && (v = x)) break
      } else v = map.size || typeof get !== 'function' ? map.get(name) : get.call(h, name)
      return typeof v === 'string'
        ? v
        : isArr(v)
          ? v.join(', ')
          : typeof v === 'number'
            ? String(v)
            : undefined
    } catch {
      return undefined // hostile headers: a throwing getter or proxy trap
    }
  }
}

/** Where gateways and APIs put the id to quote to support, most specific first. */
const REQUEST_ID_HEADERS = keys(
  'x-request-id request-id x-amzn-requestid x-amz-request-id x-github-request-id x-correlation-id x-trace-id cf-ray',
)

/**
 * The id to quote to support from the headers: a well-known name, else any `…request-id`,
 * `…correlation-id` or `…trace-id` header (`x-ms-request-id`, `x-okta-request-id`, `apigw-requestid`).
 */
export const headerRequestId = (h: HeaderReader): string | undefined =>
  str(first(REQUEST_ID_HEADERS, h) ?? h(/(request|correlation|trace)-?id$/))

/**
 * The wait the headers ask for: `Retry-After` (an HTTP date counts from the response's `Date`), else a
 * rate-limit reset, which only means "wait" on a 429 or when nothing remains. A reset above 10^9 is
 * epoch seconds (GitHub), else seconds from now.
 */
export function headerRetryAfterMs(h: HeaderReader, status: number): number | undefined {
  const now = Date.parse(h('date') ?? '') || Date.now()
  let ms = parseRetryAfter(h('retry-after'), now)
  for (const p of ['ratelimit-', 'x-ratelimit-']) {
    if (ms !== undefined) break
    const reset = parseRetryAfter(h(p + 'reset'), 0)
    if (reset !== undefined && (status === 429 || h(p + 'remaining')?.trim() === '0'))
      ms = reset > 1e12 ? Math.max(0, reset - now) : reset
  }
  return ms
}

/** RFC 6750: `WWW-Authenticate: Bearer error="invalid_token"`. */
export const wwwAuthenticateCode = (h: HeaderReader): string | undefined =>
  /\berror="?([^",\s]+)/i.exec(h('www-authenticate')?.slice(0, 2000) ?? '')?.[1]
