/**
 * The response headers a page may read from another origin without the server listing them in
 * `Access-Control-Expose-Headers`: the CORS-safelisted response-header names of the Fetch standard.
 */
const CORS_SAFELISTED_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
])

/**
 * The statuses whose answer tells the client when to come back: 429 with Retry-After (RFC 6585
 * §4) and the RateLimit fields (draft-ietf-httpapi-ratelimit-headers), 503 with Retry-After
 * (RFC 9110 §10.2.3).
 */
const STATUSES_WITH_RETRY_HINTS: ReadonlySet<number> = new Set([429, 503])

/** What the server has to send for a page on another origin to read the retry hints. */
export const EXPOSE_RETRY_HINTS =
  'Access-Control-Expose-Headers: Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Request-Id'

/** The page the code runs in: `location` in a browser or a worker, none in Node. */
interface Page {
  readonly origin: string
  readonly href: string
}

/** The part of an axios response this reads. */
interface ResponseSeen {
  readonly status: number
  readonly headers: unknown
  readonly request?: unknown
}

/**
 * The origin of a cross-origin 429 or 503 that showed the page no header beyond the safelisted
 * ones (so its Retry-After and RateLimit-* fields, if it sent any, were hidden by CORS), or
 * `undefined` for any other response, and always outside a page (Node has no CORS).
 *
 * @example
 * const origin = hiddenRetryHintsOrigin(axiosError.response, apiError.request?.url)
 * if (origin) warnOnce('cors-retry-hints', `${origin} hides Retry-After: send ${EXPOSE_RETRY_HINTS}`)
 */
export function hiddenRetryHintsOrigin(
  response: ResponseSeen,
  requestUrl: string | undefined,
  page: Page | undefined = (globalThis as { location?: Page }).location,
): string | undefined {
  if (!page || !STATUSES_WITH_RETRY_HINTS.has(response.status)) return undefined
  try {
    const origin = new URL(responseUrl(response) ?? requestUrl ?? '', page.href).origin
    if (origin === page.origin) return undefined
    const headers = response.headers
    if (headers !== null && typeof headers === 'object') {
      for (const name of Object.keys(headers)) {
        if (!CORS_SAFELISTED_RESPONSE_HEADERS.has(name.toLowerCase())) return undefined
      }
    }
    return origin
  } catch {
    // A URL that cannot be read says nothing either way: no warning.
    return undefined
  }
}

/**
 * Where the answer came from after any redirect: the XMLHttpRequest's `responseURL` (the xhr
 * adapter), else the fetch adapter's Request `url`.
 */
function responseUrl(response: ResponseSeen): string | undefined {
  const request = response.request as { responseURL?: unknown; url?: unknown } | null | undefined
  const url = request?.responseURL || request?.url
  return typeof url === 'string' && url !== '' ? url : undefined
}
