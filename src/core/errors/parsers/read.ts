/**
 * Defensive readers for response bodies, which can be anything: proxies, getters that throw, cycles.
 * Nothing here assigns into an object keyed by body data, so `__proto__` keys cannot pollute.
 */
export type Rec = Record<string, unknown>

// The objects of the body being read whose own keys are known (see gate), and those keys.
let gated: object[] = []
let gatedKeys: string[][] = []

/**
 * `o[k]`, or undefined when `o` is not an object or reading throws (a getter, a revoked proxy). For an
 * object {@link gate} listed, a key it does not own is undefined without a lookup.
 */
export const g = (o: unknown, k: string): unknown => {
  try {
    if (o === null || typeof o !== 'object') return undefined
    const i = gated.indexOf(o)
    return i < 0 || gatedKeys[i]!.includes(k) ? (o as Rec)[k] : undefined
  } catch {
    return undefined
  }
}

// V8 lists every key of an object before the first one is seen, whatever the loop: for a hostile body
// of 200,000 keys that is the whole cost, so each object is listed once per call (by gate, isFieldMap
// and walk alike). The cache is made anew by each gate(): a body is never kept alive by it, and a
// benchmark that reads the same bodies again pays for the listing each time, as an app would.
let seen = new Map<object, string[]>()

// Listing keys is the one cost that grows with a body however little of it is read (V8 lists and
// sorts every key of an object first), so a body is listed up to this many keys in all: past it, an
// object not listed yet counts as empty. A real error body has a few hundred keys at most.
export const KEYS_LISTED_PER_BODY = 20_000
let keysListed = 0

/**
 * The own enumerable keys of `o`, listed once; none when they cannot be listed (a proxy that throws)
 * or the body has had its share of listing.
 */
export const listed = (o: object): string[] => {
  let ks = seen.get(o)
  if (!ks) {
    try {
      ks = keysListed < KEYS_LISTED_PER_BODY ? Object.keys(o) : []
    } catch {
      ks = []
    }
    keysListed += ks.length
    seen.set(o, ks)
  }
  return ks
}

/**
 * Lists the keys of the body's top-level objects once, so that the fifty-odd lookups of keys a body
 * does not have cost an array scan each. Bodies of many shapes defeat V8's lookup caches, so each such
 * lookup was a slow miss: a third of normalizeError's time on the corpus. Only plain objects (what
 * JSON.parse makes) with at most 32 keys are listed: a class instance may answer through getters of
 * its prototype, and longer lists would cost more to scan than they save. Returns what to pass to
 * {@link ungate} when the body is read, so that a nested call (from an app parser) cannot disturb it.
 */
export const gate = (...os: unknown[]): Gate => {
  const prev: Gate = [gated, gatedKeys, seen, texts, keysListed]
  gated = []
  gatedKeys = []
  seen = new Map()
  texts = undefined
  keysListed = 0
  for (const o of os)
    try {
      const proto: unknown = o !== null && typeof o === 'object' && Object.getPrototypeOf(o)
      if (proto === Object.prototype || proto === null) {
        const ks = listed(o as object)
        if (ks.length && ks.length <= 32) {
          gated.push(o as object)
          gatedKeys.push(ks)
        }
      }
    } catch {
      // a revoked proxy: read it directly, where every read is guarded
    }
  return prev
}

export const ungate = ([o, k, c, t, n]: Gate): void => {
  gated = o
  gatedKeys = k
  seen = c
  texts = t
  keysListed = n
}

type Gate = [object[], string[][], Map<object, string[]>, Map<string, unknown> | undefined, number]

/** The value at a path split into its keys: `at(body, ['error', 'message'])`. */
export const at = (o: unknown, path: readonly string[]): unknown => {
  for (const k of path) o = g(o, k)
  return o
}

/** Array.isArray, which throws for a revoked proxy: here that is no array. */
export const isArr = (v: unknown): v is unknown[] => {
  try {
    return Array.isArray(v)
  } catch {
    return false
  }
}

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
  typeof v === 'number'
    ? v === status || !Number.isFinite(v)
      ? undefined
      : String(v)
    : // a sentence (CouchDB's `reason`) or a word that only names the kind of object is no code
      (v = str(v)) && !/\s/.test(v as string) && !NOT_A_CODE.test(v as string)
      ? (v as string)
      : undefined

/**
 * Words some APIs put where a code goes that only name the kind of object: express-validator's item
 * `type` (`field`, `alternative`, `alternative_grouped`, `unknown_fields`), Box's and Bitbucket's
 * `type: "error"`, Intercom's `type: "error.list"`, and the `name` of a serialised plain `Error`.
 */
const NOT_A_CODE = /^(field|alternative(_grouped)?|unknown_fields|error(\.list)?|Error)$/

/** Text that starts like a JSON object or a list of them: never a message, whether or not it parses. */
export const JSONISH = /^\s*(\{\s*"|\[\s*[[{])/

// What jsonIn made of each text in the body being read: the message is asked for both its own
// message (parseJson) and its issues (parseItems), and issue lists are the biggest texts in a body.
// Made on first use: most bodies hold no such text.
let texts: Map<string, unknown> | undefined

/**
 * `v` parsed, when it is the JSON text of an object or a list (Zod 4 and tRPC send issues so), else
 * undefined; each text once per call. Texts over 64 KB are not parsed: no issue list worth showing is
 * that long.
 */
export const jsonIn = (v: unknown): unknown => {
  if (typeof v !== 'string' || v.length > 65_536 || !JSONISH.test(v)) return undefined
  texts ??= new Map()
  if (texts.has(v)) return texts.get(v)
  let x: unknown
  try {
    x = JSON.parse(v)
  } catch {
    // it only starts like JSON
  }
  x = x && typeof x === 'object' ? x : undefined
  texts.set(v, x)
  return x
}
