/** The origin of `url`, resolved against the page when relative; `undefined` when it cannot be told. */
export function originOf(url: string | undefined): string | undefined {
  try {
    const base = (globalThis as { location?: { href?: string } }).location?.href
    return new URL(url ?? '', base).origin
  } catch {
    return undefined
  }
}

/**
 * Builds the check that decides whether a URL may receive the token: only exact origins (scheme,
 * host and port) that the app named, so `//evil.example` and look-alike hosts never match.
 */
export function originMatcher(
  baseURL: string | undefined,
  allowed: readonly string[] = [],
): (url: string | undefined) => boolean {
  const origins = new Set<string>()
  for (const candidate of [baseURL, ...allowed]) {
    const origin = candidate === undefined ? undefined : originOf(candidate)
    if (origin !== undefined && origin !== 'null') origins.add(origin)
  }
  // Most requests go to the same few URLs' origins (relative paths resolve to the baseURL):
  // remember the last answer so the hot path parses no URL.
  let lastUrl: string | undefined
  let lastAnswer = false
  return (url) => {
    if (url === lastUrl) return lastAnswer
    const origin = originOf(url)
    lastUrl = url
    return (lastAnswer = origin !== undefined && origins.has(origin))
  }
}

// axios's own test of an absolute URL (helpers/isAbsoluteURL.js): a scheme then `//`, or `//` alone.
const ABSOLUTE = /^([a-z][a-z\d+\-.]*:)?\/\//i

/**
 * A URL with the origin the request really goes to, decided as axios decides it (`buildFullPath`):
 * the baseURL, unless the URL is absolute and absolute URLs are allowed (`allowAbsoluteUrls`, per
 * request or client-wide). For a relative URL it is the baseURL itself, since axios only appends
 * to it, so the origin check parses the same few strings and its cache answers.
 *
 * @example
 * requestTarget({ baseURL: 'https://a.test/v1', url: 'https://b.test/x', allowAbsoluteUrls: false }) // 'https://a.test/v1'
 */
export function requestTarget(config: {
  url?: string | undefined
  baseURL?: string | undefined
  allowAbsoluteUrls?: boolean | undefined
}): string | undefined {
  const { url, baseURL } = config
  const absolute = typeof url === 'string' && ABSOLUTE.test(url)
  if (baseURL && (!absolute || config.allowAbsoluteUrls === false)) return baseURL
  return url
}

/**
 * The whole URL axios sends a request to, before params: `buildFullPath` and `combineURLs`.
 *
 * @example requestUrl({ baseURL: 'https://a.test/v1/', url: '/users' }) // 'https://a.test/v1/users'
 */
export function requestUrl(config: {
  url?: string | undefined
  baseURL?: string | undefined
  allowAbsoluteUrls?: boolean | undefined
}): string {
  const url = config.url ?? ''
  const { baseURL } = config
  if (!baseURL || (ABSOLUTE.test(url) && config.allowAbsoluteUrls !== false)) return url
  return url ? `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}` : baseURL
}
