/**
 * Whether the app runs in development: bundlers replace `process.env.NODE_ENV` in production
 * builds, and a platform without `process` (a browser page loaded without a bundler) counts as
 * development, where the warnings help most.
 */
export function isDevelopment(): boolean {
  try {
    return (
      (globalThis as { process?: { env?: { NODE_ENV?: string } } }).process?.env?.NODE_ENV !==
      'production'
    )
  } catch {
    return true
  }
}

/** Prints each development warning once per owner (a client, a provider). */
export type WarnOnce = (key: string, message: string) => void

/**
 * A `warnOnce` of its own, for one client or provider: the same warning is printed once, in
 * development only, with the library's name in front so that it can be searched for.
 *
 * @example
 * const warnOnce = createWarnOnce()
 * warnOnce('cors-retry-after', 'Retry-After is not exposed: add it to Access-Control-Expose-Headers')
 */
export function createWarnOnce(): WarnOnce {
  const warned = new Set<string>()
  return (key, message) => {
    if (warned.has(key) || !isDevelopment()) return
    warned.add(key)
    console.warn(`resilient-query: ${message}`)
  }
}
