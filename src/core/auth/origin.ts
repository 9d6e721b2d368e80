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

const ABSOLUTE = /^([a-z][a-z\d+\-.]*:)?\/\//i

/**
 * The URL whose origin a request goes to, from an already merged config: its own URL when that is
 * absolute (or protocol-relative), else its baseURL. Cheaper than axios's getUri, which merges
 * the config again and serialises the query.
 */
export function requestTarget(config: {
  url?: string | undefined
  baseURL?: string | undefined
}): string | undefined {
  const { url, baseURL } = config
  return url !== undefined && ABSOLUTE.test(url) ? url : (baseURL ?? url)
}
