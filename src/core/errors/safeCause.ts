import { isRecord, type BodyObject } from './parsers/context'
import { REDACTED, redactRequestValue, redactUrl, redactValue, withoutSecrets } from './redact'

/** Headers as a plain object, secret names redacted and every known secret scrubbed from values. */
function safeHeaders(headers: unknown, secrets: readonly string[]): unknown {
  if (!isRecord(headers)) return headers
  // AxiosHeaders give their entries by toJSON; fetch Headers are read by redactValue itself.
  const plain = typeof headers.toJSON === 'function' ? (headers.toJSON as () => unknown)() : headers
  const redacted = redactValue(plain)
  if (!isRecord(redacted)) return redacted
  for (const [name, value] of Object.entries(redacted))
    if (typeof value === 'string') redacted[name] = withoutSecrets(value, secrets)
  return redacted
}

/** A request config without what authenticates it: headers, basic auth, the body, secret params. */
function safeConfig(config: unknown, secrets: readonly string[]): unknown {
  if (!isRecord(config)) return config
  const copy: BodyObject = { ...config, headers: safeHeaders(config.headers, secrets) }
  // The layers' own marks on a config (`__rqAuth` holds the header value it attached).
  for (const key of Object.keys(copy)) if (key.startsWith('__rq')) delete copy[key]
  if (typeof config.url === 'string') copy.url = withoutSecrets(redactUrl(config.url), secrets)
  if (config.params !== undefined) copy.params = redactRequestValue(config.params)
  if (config.auth !== undefined) copy.auth = REDACTED
  if (config.data !== undefined) copy.data = REDACTED
  return copy
}

/**
 * The cause an ApiError keeps of an AxiosError: a copy of the same class that still says what
 * failed (message, code, stack, status, the response's body, the request's method and URL), without
 * what authenticated the request. The original's config holds the Authorization header, cookies and
 * API keys, and its `request` (Node's ClientRequest) the raw header text: error trackers that walk
 * `cause` chains (Sentry's linked errors) and `console.log(error.cause)` would print them. Anything
 * that is no AxiosError is kept as it is.
 *
 * @example
 * new ApiError({ kind: 'server', message: 'Down', retryable: true, cause: safeCause(axiosError, []) })
 */
export function safeCause(cause: unknown, secrets: readonly string[]): unknown {
  let isAxiosError: boolean
  try {
    isAxiosError = isRecord(cause) && cause.isAxiosError === true
  } catch {
    // A thrown value whose reads throw (a hostile Proxy) holds no config of ours: kept as it is.
    return cause
  }
  if (!isAxiosError) return cause
  const source = cause as BodyObject
  try {
    const copy = Object.create(Object.getPrototypeOf(source) as object) as BodyObject
    for (const key of Object.keys(source)) copy[key] = source[key]
    Object.defineProperty(copy, 'stack', {
      value: source.stack,
      writable: true,
      configurable: true,
    })
    const config = safeConfig(source.config, secrets)
    copy.config = config
    delete copy.request
    if (isRecord(source.response)) {
      const response: BodyObject = {
        ...source.response,
        config,
        headers: safeHeaders(source.response.headers, secrets),
      }
      delete response.request
      copy.response = response
    }
    return copy
  } catch {
    // A cause that cannot be copied is not kept: its secrets could not be taken out.
    return undefined
  }
}
