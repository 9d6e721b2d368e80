import { isList } from './parsers/context'

/**
 * A word of a name that says its value is a secret: the word itself (`password`, `key`, `sig`), or a
 * run-together word ending in one of the longer names (`accesstoken`, `apikey`, `jsessionid`,
 * `PHPSESSID`). Names are split into words at non-alphanumerics and camelCase humps first, so
 * `user[password]`, `X-Amz-Signature`, `client_secret`, `sessionId` and `Set-Cookie` are caught and
 * `keyword`, `author` or `monkey` are not.
 */
const SECRET_WORD =
  /^(?:[a-z\d]*(?:token|secret|passw(?:or)?d|passphrase|apikey|signature|credentials?|sessionid|sessid|cookie|jwt)|auth|authorization|key|pass|pwd|pin|sig|sid|session|otp|bearer|assertion|verifier)$/

/** Whether a parameter, header or key name looks like it holds a secret. */
export const isSecretName = (name: string): boolean =>
  name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z\d]+/)
    .some((word) => SECRET_WORD.test(word))

// OAuth's authorization `code` and `state` (RFC 6749 §4.1.2) are secrets only under their own name.
const OAUTH_NAME = /(?:^|[[.])(?:code|state)\]?$/i

/**
 * Whether the name of something a client sends (a query parameter, a field of a request body) looks
 * like it holds a secret: a secret name, or OAuth's `code` and `state`, which in what is sent carry
 * an authorization code (RFC 6749 §4.1.3) or a verification code, while in an error body a `code`
 * is the error's.
 */
const isSecretRequestName = (name: string): boolean => isSecretName(name) || OAUTH_NAME.test(name)

/** What replaces a secret value. */
export const REDACTED = '[REDACTED]'

/** The name as sent, percent-decoded when it can be. */
const decodedName = (name: string): string => {
  try {
    return decodeURIComponent(name)
  } catch {
    return name // a malformed escape: judge the raw name
  }
}

// Every secret word and OAuth name holds one of these: a name with none is let through at once.
const SECRET_HINT = /tok|sec|pas|pwd|pin|sig|sid|ses|aut|key|coo|cre|jwt|otp|bea|ass|ver|cod|sta|%/i

const redactParameter = (parameter: string, separator: string, name: string): string => {
  if (!SECRET_HINT.test(name)) return parameter
  const decoded = decodedName(name)
  return isSecretName(decoded) || OAUTH_NAME.test(decoded)
    ? `${separator}${name}=${REDACTED}`
    : parameter
}

// Credentials before the host: after a scheme and any slashes (`http:\\u:p@h` and `http:u:p@h` reach
// the host too), or after `//` alone; up to the LAST `@` before the path, as a URL parser reads it.
const USERINFO = /^((?:[a-z][\w+.-]*:[/\\]*|[/\\]{2,}))[^/\\?#]*@/i
// The same in a URL inside a parameter (`?next=https://u:p@h/`), encoded or not.
const NESTED_USERINFO = /((?::|%3a)(?:[/\\]|%2f|%5c){2})[^/\\?#&\s]*(?:@|%40)/gi

/** Where a URL parser starts and ends: C0 controls and spaces around a URL are ignored. */
const trimmedForParser = (url: string): string => {
  let start = 0
  let end = url.length
  while (start < end && url.charCodeAt(start) <= 32) start++
  while (end > start && url.charCodeAt(end - 1) <= 32) end--
  // tabs and newlines are removed anywhere, so `ht\ntp://u:p@h` still sends its credentials
  return url.slice(start, end).replace(/[\t\n\r]/g, '')
}

/**
 * `url` without credentials, so it can be logged or shown: no userinfo (in any form a URL parser
 * accepts, nor in a URL passed as a parameter), and the values of secret-looking parameters replaced,
 * in the query, the fragment and the path (`;jsessionid=…`), whatever the nesting of the name
 * (`user[password]`, `auth[token]`, `token[]`). OAuth's `code` and `state` are redacted too.
 *
 * @example
 * redactUrl('https://me:pw@api.test/cb;jsessionid=1?code=abc&page=2#access_token=xyz')
 * // 'https://api.test/cb;jsessionid=[REDACTED]?code=[REDACTED]&page=2#access_token=[REDACTED]'
 */
export function redactUrl(url: string): string {
  const text = trimmedForParser(String(url)).replace(USERINFO, '$1').replace(NESTED_USERINFO, '$1')
  // Parameters start at the first `?` or `#`; before it, only `;name=value` path parameters.
  const split = text.search(/[?#]/)
  const path = split < 0 ? text : text.slice(0, split)
  return (
    path.replace(/(;)([^/;=]*)=[^/;]*/g, redactParameter) +
    (split < 0 ? '' : text.slice(split).replace(/([?&#;])([^=&#;?]*)=[^&#;]*/g, redactParameter))
  )
}

/**
 * A deep copy of `value` that is safe to log: values under secret-looking keys (`authorization`,
 * `cookie`, `set-cookie`, `password`, `token`, `secret`, `api_key`, `x-api-key`, `client_secret`…)
 * become `'[REDACTED]'`; depth, entries and string lengths are bounded; cycles become `'[Circular]'`.
 *
 * @example
 * redactValue({ headers: { Authorization: 'Bearer x', Accept: 'json' } })
 * // { headers: { Authorization: '[REDACTED]', Accept: 'json' } }
 */
export function redactValue(value: unknown): unknown {
  return redactWith(value, isSecretName)
}

/**
 * What the client sent (query parameters, a request body), safe to log: as {@link redactValue},
 * with OAuth's `code` and `state` redacted too, as {@link redactUrl} redacts them in a URL.
 *
 * @example
 * redactRequestValue({ grant_type: 'authorization_code', code: 'x1' })
 * // { grant_type: 'authorization_code', code: '[REDACTED]' }
 */
export function redactRequestValue(value: unknown): unknown {
  return redactWith(value, isSecretRequestName)
}

function redactWith(value: unknown, isSecretKey: (name: string) => boolean): unknown {
  const ancestors = new WeakSet<object>()
  let entriesLeft = 1000
  const copy = (original: unknown, depth: number): unknown => {
    if (typeof original === 'string')
      return original.length > 10_000 ? original.slice(0, 10_000) + '…' : original
    if (typeof original === 'function' || typeof original === 'symbol') return undefined
    if (original === null || typeof original !== 'object') return original
    if (ancestors.has(original)) return '[Circular]'
    if (depth > 8 || entriesLeft <= 0) return '[Truncated]'
    ancestors.add(original)
    try {
      let entries: [string, unknown][]
      if (
        typeof (original as Headers).get === 'function' &&
        typeof (original as Headers).forEach === 'function' &&
        !Object.keys(original).length
      ) {
        // Fetch `Headers` keep their entries out of reach of Object.keys.
        entries = []
        ;(original as Headers).forEach((entry, name) => entries.push([name, entry]))
      } else entries = Object.keys(original).map((key) => [key, propertyOrUndefined(original, key)])
      const copied = entries.slice(0, entriesLeft).map(([key, entry]): [string, unknown] => {
        entriesLeft--
        return [key, isSecretKey(key) ? REDACTED : copy(entry, depth + 1)]
      })
      // Object.fromEntries defines properties, so a `__proto__` key stays a plain key.
      return isList(original) ? copied.map(([, entry]) => entry) : Object.fromEntries(copied)
    } catch {
      return '[Unreadable]'
    } finally {
      // Only ancestors count as cycles: the same object twice in siblings is copied twice.
      ancestors.delete(original)
    }
  }
  return copy(value, 0)
}

/** `value[key]`, or undefined when the getter throws. */
function propertyOrUndefined(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key]
  } catch {
    return undefined
  }
}

const NO_SECRETS: readonly string[] = Object.freeze([])

/** Secrets shorter than this are ignored: they would match ordinary words. */
const MIN_SECRET_LENGTH = 8

/**
 * Each secret with the forms a server may echo it in: as sent, and URL-encoded (either case of hex).
 * Secrets shorter than 8 characters are dropped.
 */
export function secretForms(secrets: readonly unknown[] | undefined): readonly string[] {
  if (!isList(secrets) || !secrets.length) return NO_SECRETS
  const forms: string[] = []
  for (const secret of secrets.slice(0, 20)) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue
    const add = (form: string) => forms.includes(form) || forms.push(form)
    add(secret)
    try {
      const encoded = encodeURIComponent(secret)
      add(encoded)
      add(encoded.replace(/%[\dA-F]{2}/g, (escape) => escape.toLowerCase()))
    } catch {
      // a secret that is no well-formed string cannot be URL-encoded; as sent, it still counts
    }
  }
  // longest first: a secret inside another must not leave the rest of the longer one behind
  return forms.sort((left, right) => right.length - left.length)
}

/** `text` with every form of every secret replaced by `[REDACTED]`. */
export const withoutSecrets = (text: string, forms: readonly string[]): string => {
  for (const form of forms) if (text.includes(form)) text = text.split(form).join(REDACTED)
  return text
}
