/**
 * Defensive readers for response bodies, which can be anything: proxies, getters that throw, cycles.
 * Nothing here assigns into an object keyed by body data, so `__proto__` keys cannot pollute.
 */
export type Rec = Record<string, unknown>

/** `o[k]`, or undefined when `o` is not an object or reading throws (a getter, a revoked proxy). */
export const g = (o: unknown, k: string): unknown => {
  try {
    return o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined
  } catch {
    return undefined
  }
}

/** The value at a dotted path: `at(body, 'error.message')`. */
export const at = (o: unknown, path: string): unknown =>
  path.includes('.') ? path.split('.').reduce(g, o) : g(o, path)

export const isArr = Array.isArray

export const isObj = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !isArr(v)

/** A non-empty trimmed string, else undefined. */
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v.trim() || undefined : undefined

/** Space-separated lists compress better than array literals. */
export const keys = (s: string): string[] => s.split(' ')

/** The first non-undefined `f(k)` for `k` in `ks`. */
export const first = <T>(ks: readonly string[], f: (k: string) => T | undefined): T | undefined => {
  for (const k of ks) {
    const v = f(k)
    if (v !== undefined) return v
  }
  return undefined
}

/** The first of the dotted `paths` in `o` whose value `f` accepts. */
export const pick = <T = string>(
  o: unknown,
  paths: readonly string[],
  f: (v: unknown) => T | undefined = str as (v: unknown) => T | undefined,
): T | undefined => first(paths, (p) => f(at(o, p)))

/** A machine code: a string, or a number other than the HTTP status (which only restates it). */
export const codeOf = (v: unknown, status: number): string | undefined =>
  typeof v === 'number' ? (v === status || !Number.isFinite(v) ? undefined : String(v)) : str(v)
