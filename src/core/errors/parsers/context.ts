/**
 * What one normalizeError call knows while it reads a body, passed to every reader: the keys of the
 * objects listed so far, the JSON texts parsed so far, and what is left of the work budget. Nothing
 * here outlives the call, and nothing is kept in module state.
 *
 * Bodies can be anything (proxies, getters that throw, cycles), so every read is guarded. Nothing
 * here assigns into an object keyed by body data, so `__proto__` keys cannot pollute.
 */
import type { PathRule } from '../rules'

export type BodyObject = Record<string, unknown>

// Listing an object's keys is the one cost that grows with a body however little of it is read: V8
// lists (and sorts) every key of an object before the first one is seen, whatever the loop. So a body
// is listed up to this many keys in all; past it, an object not listed yet counts as empty. A real
// error body has a few hundred keys at most.
export const KEYS_LISTED_PER_BODY = 20_000

// Plain objects with more keys than this are read key by key: scanning a longer list of known keys
// costs more than the lookup it saves.
const KNOWN_KEYS_LIMIT = 32

export interface ReadContext {
  /** The HTTP status of the response being read. */
  readonly status: number
  /** Own enumerable keys of each object listed in this call. */
  readonly keysOf: Map<object, readonly string[]>
  /** Plain objects whose keys are all known: a key they lack is absent without a lookup. */
  readonly known: object[]
  /** The keys of each object of `known`, at the same index. */
  readonly knownKeys: (readonly string[])[]
  /** What each JSON text met in this call parsed to (an object or list, or undefined); made on first use. */
  parsedTexts: Map<string, unknown> | undefined
  /** Keys listed so far, against {@link KEYS_LISTED_PER_BODY}. */
  keysListed: number
}

export function createReadContext(status: number): ReadContext {
  return {
    status,
    keysOf: new Map(),
    known: [],
    knownKeys: [],
    parsedTexts: undefined,
    keysListed: 0,
  }
}

/**
 * The own enumerable keys of `value`, listed once per call; none when they cannot be listed (a
 * proxy that throws) or the body has had its share of listing.
 */
export function keysOf(context: ReadContext, value: object): readonly string[] {
  let keys = context.keysOf.get(value)
  if (!keys) {
    try {
      keys = context.keysListed < KEYS_LISTED_PER_BODY ? Object.keys(value) : []
    } catch {
      keys = []
    }
    context.keysListed += keys.length
    context.keysOf.set(value, keys)
  }
  return keys
}

/**
 * Lists the keys of an object read by many keys it mostly lacks (the body, its `error` envelope, each
 * error item) once, so that each lookup of a key it does not have costs a scan of a short list.
 * Bodies of many shapes defeat V8's lookup caches, so each such lookup was a slow miss: a third of
 * normalizeError's time on the corpus. Only plain objects (what JSON.parse makes) are listed this
 * way: a class instance may answer through getters of its prototype. Tells whether it listed it.
 */
export function learnKeys(context: ReadContext, value: unknown): boolean {
  try {
    const prototype: unknown =
      value !== null && typeof value === 'object' && Object.getPrototypeOf(value)
    if (prototype !== Object.prototype && prototype !== null) return false
    const keys = keysOf(context, value as object)
    if (keys.length && keys.length <= KNOWN_KEYS_LIMIT) {
      context.known.push(value as object)
      context.knownKeys.push(keys)
      return true
    }
  } catch {
    // a revoked proxy: read it key by key, where every read is guarded
  }
  return false
}

/** Forgets the object {@link learnKeys} listed last. */
export function forgetLastKeys(context: ReadContext): void {
  context.known.pop()
  context.knownKeys.pop()
}

/**
 * `value[key]`, or undefined when `value` is not an object or reading throws (a getter, a revoked
 * proxy). For an object whose keys are known, a key it lacks is undefined without a lookup.
 */
export function readKey(context: ReadContext, value: unknown, key: string): unknown {
  try {
    if (value === null || typeof value !== 'object') return undefined
    const index = context.known.indexOf(value)
    return index < 0 || context.knownKeys[index]!.includes(key)
      ? (value as BodyObject)[key]
      : undefined
  } catch {
    return undefined
  }
}

/** The value at a path of keys: `readPath(context, body, ['error', 'message'])`. */
export function readPath(context: ReadContext, value: unknown, path: readonly string[]): unknown {
  for (let index = 0; index < path.length && value !== undefined; index++)
    value = readKey(context, value, path[index]!)
  return value
}

/** The value a rule of rules.ts reads in `value`: at the first of its spellings that holds one. */
export function readRule(context: ReadContext, value: unknown, rule: PathRule): unknown {
  let found: unknown
  for (const path of rule.paths) if ((found = readPath(context, value, path)) !== undefined) break
  return found
}

/**
 * The first value `take` accepts (anything but undefined) from the rules of a table, in rank order,
 * read in `container`: how every table of rules.ts is walked when its first match wins.
 */
export function firstOf<Rule extends PathRule, T>(
  context: ReadContext,
  container: unknown,
  rules: readonly Rule[],
  take: (value: unknown, rule: Rule) => T | undefined,
): T | undefined {
  // most bodies have no `error` envelope: a non-object skips the lookups
  if (container === null || typeof container !== 'object') return undefined
  for (const rule of rules) {
    const found = take(readRule(context, container, rule), rule)
    if (found !== undefined) return found
  }
  return undefined
}

/** Array.isArray, which throws for a revoked proxy: here that is no list. */
export function isList(value: unknown): value is unknown[] {
  try {
    return Array.isArray(value)
  } catch {
    return false
  }
}

/** An object that is not a list. */
export const isRecord = (value: unknown): value is BodyObject =>
  value !== null && typeof value === 'object' && !isList(value)

/** A non-empty trimmed string, else undefined. */
export const nonEmptyText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value.trim() || undefined : undefined

/** Text that starts like a JSON object or a list of them: never a message, whether or not it parses. */
export const LOOKS_LIKE_JSON = /^\s*(\{\s*"|\[\s*[[{])/

/**
 * `value` parsed, when it is the JSON text of an object or a list (Zod 4 and tRPC send issues so),
 * else undefined; each text once per call. Texts over 64 KB are not parsed: no issue list worth
 * showing is that long.
 */
export function parsedJsonText(context: ReadContext, value: unknown): unknown {
  if (typeof value !== 'string' || value.length > 65_536 || !LOOKS_LIKE_JSON.test(value))
    return undefined
  context.parsedTexts ??= new Map()
  if (context.parsedTexts.has(value)) return context.parsedTexts.get(value)
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    // it only starts like JSON
  }
  parsed = parsed !== null && typeof parsed === 'object' ? parsed : undefined
  context.parsedTexts.set(value, parsed)
  return parsed
}
