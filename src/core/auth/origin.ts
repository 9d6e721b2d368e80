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
  return (url) => {
    const origin = originOf(url)
    return origin !== undefined && origins.has(origin)
  }
}
