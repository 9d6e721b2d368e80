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

/** The value at a path split into its keys: `at(body, ['error', 'message'])`. */
export const at = (o: unknown, path: readonly string[]): unknown => {
  for (const k of path) o = g(o, k)
  return o
}

export const isArr = Array.isArray

export const isObj = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !isArr(v)

/** A non-empty trimmed string, else undefined. */
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v.trim() || undefined : undefined

/** Space-separated lists compress better than array literals. */
export const keys = (s: string): string[] => s.split(' ')

/**
 * Space-separated dotted paths, split once here rather than on every lookup:
 * `paths('error.code code')` is `[['error', 'code'], ['code']]`.
 */
export const paths = (s: string): string[][] => keys(s).map((p) => p.split('.'))

/** The first non-undefined `f(k)` for `k` in `ks`. */
export const first = <K, T>(ks: readonly K[], f: (k: K) => T | undefined): T | undefined => {
  for (const k of ks) {
    const v = f(k)
    if (v !== undefined) return v
  }
  return undefined
}

/**
 * The first of `ps` (see {@link paths}) in `o` whose value `f` accepts. Every `f` given here
 * rejects undefined, so a non-object `o` (most bodies have no `error` envelope) skips the lookups.
 */
export const pick = <T = string>(
  o: unknown,
  ps: readonly (readonly string[])[],
  f: (v: unknown) => T | undefined = str as (v: unknown) => T | undefined,
): T | undefined => {
  // A loop rather than first(): no closure per call, and this runs a dozen times per error.
  if (o && typeof o === 'object')
    for (const p of ps) {
      const v = f(at(o, p))
      if (v !== undefined) return v
    }
  return undefined
}

/** A machine code: a string, or a number other than the HTTP status (which only restates it). */
export const codeOf = (v: unknown, status: number): string | undefined =>
  typeof v === 'number' ? (v === status || !Number.isFinite(v) ? undefined : String(v)) : str(v)

/**
 * Words some APIs put where a code goes that only name the kind of object: express-validator's item
 * `type` (`field`, `alternative`, `alternative_grouped`, `unknown_fields`), Box's and Bitbucket's
 * `type: "error"`, Intercom's `type: "error.list"`.
 */
export const NOT_A_CODE = /^(field|alternative(_grouped)?|unknown_fields|error(\.list)?)$/

/** `v` parsed, when it is the JSON text of an object or array (Zod 4 and tRPC send issues so), else undefined. */
export const jsonIn = (v: unknown): unknown => {
  if (typeof v === 'string' && v.length < 1 << 20 && /^\s*[[{]/.test(v))
    try {
      const x: unknown = JSON.parse(v)
      if (x && typeof x === 'object') return x
    } catch {
      // text that only starts like JSON: a message after all
    }
  return undefined
}
