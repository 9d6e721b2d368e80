import { boundedText } from './plainText'
import { redactUrl, secretForms } from './redact'
import { safeCause } from './safeCause'

/**
 * What went wrong, as one discriminant a `switch` can exhaust.
 *
 * - `validation`: 400 or 422, the request was refused as it stands (see `fieldErrors`)
 * - `unauthorized`: 401, or the token could not be refreshed
 * - `forbidden`: 403
 * - `not_found`: 404 or 410
 * - `conflict`: 409 or 412
 * - `rate_limited`: 429 (see `retryAfterMs`)
 * - `server`: any 5xx
 * - `timeout`: the request or the server (408) timed out
 * - `network`: no response at all (offline, DNS, connection reset, CORS), or a success whose body broke off
 * - `canceled`: aborted by the app (AbortSignal, unmount)
 * - `http`: any other HTTP error status, an error payload inside a 2xx, or a request axios refused to
 *   send or to accept (an invalid URL or option, too many redirects, a body over `maxContentLength`)
 */
export type ApiErrorKind =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'canceled'
  | 'http'

/** One validation message tied to a field; `field` is a dotted path such as `address.city` or `items.0.qty`. */
export interface FieldError {
  readonly field: string
  readonly message: string
  readonly code?: string
}

/** The request that failed, with credentials removed from its URL. */
export interface ApiErrorRequest {
  readonly method: string
  readonly url: string
}

/**
 * Everything an {@link ApiError} is made of; `normalizeError` builds these. Whatever is given, the
 * error keeps bounded plain text: see {@link ApiError}.
 */
export interface ApiErrorInit {
  kind: ApiErrorKind
  message: string
  retryable: boolean
  status?: number | undefined
  code?: string | undefined
  requestId?: string | undefined
  fieldErrors?: readonly FieldError[] | undefined
  retryAfterMs?: number | undefined
  /** When a retry is welcome (epoch ms); by default `retryAfterMs` counted from now. */
  retryAt?: number | undefined
  data?: unknown
  request?: ApiErrorRequest | undefined
  /**
   * The error behind this one. An AxiosError is kept as a copy without what authenticated the
   * request (its headers redacted, no body, no basic auth, no `request`).
   */
  cause?: unknown
  /**
   * Values that must never appear in what the error carries (the access token the client sent, an
   * API key): each is replaced with `[REDACTED]` in every string, also URL-encoded. They are not
   * kept. Values shorter than 8 characters are ignored.
   * @default []
   * @example new ApiError({ kind: 'unauthorized', message, retryable: false, secrets: [token] })
   */
  secrets?: readonly string[] | undefined
}

/** The JSON form of an {@link ApiError}: safe to log or send to an error tracker. */
export interface ApiErrorJSON {
  name: 'ApiError'
  kind: ApiErrorKind
  message: string
  status?: number
  code?: string
  requestId?: string
  fieldErrors: FieldError[]
  retryAfterMs?: number
  retryAt?: number
  retryable: boolean
  request?: ApiErrorRequest
}

// How long each string an ApiError carries may be. A message is read by a person; a code, an id or a
// field path longer than these is no code, id or path but a body sent back to us.
const MESSAGE_LIMIT = 300
const CODE_LIMIT = 100
const REQUEST_ID_LIMIT = 200
const FIELD_LIMIT = 200
const METHOD_LIMIT = 16
const URL_LIMIT = 2000
/** No form has more fields worth showing; more would only make the error heavy. */
export const MAX_FIELD_ERRORS = 100

/**
 * Only `field`, `message` and `code`, as bounded strings, of at most the first 100 entries: whatever
 * else an entry holds (a rejected value, a BigInt, a cycle, a getter that throws) stays behind.
 */
function boundedFieldErrors(list: unknown, secrets: readonly string[]): FieldError[] {
  const bounded: FieldError[] = []
  try {
    if (!Array.isArray(list)) return bounded
    const count = Math.min(list.length, MAX_FIELD_ERRORS)
    for (let index = 0; index < count; index++)
      try {
        const entry = list[index] as Partial<Record<keyof FieldError, unknown>> | null | undefined
        const field = boundedText(entry?.field, FIELD_LIMIT, secrets)
        const message = boundedText(entry?.message, MESSAGE_LIMIT, secrets)
        const code = boundedText(entry?.code, CODE_LIMIT, secrets)
        if (field !== undefined && message !== undefined)
          bounded.push(code === undefined ? { field, message } : { field, message, code })
      } catch {
        // an entry whose properties throw is left out
      }
  } catch {
    // a list that cannot be read (a revoked proxy) gives none
  }
  return bounded
}

function boundedRequest(
  request: ApiErrorRequest | undefined,
  secrets: readonly string[],
): ApiErrorRequest | undefined {
  try {
    if (!request) return undefined
    const url = typeof request.url === 'string' ? redactUrl(request.url) : ''
    return {
      method: boundedText(request.method, METHOD_LIMIT)?.toUpperCase() ?? 'GET',
      url: boundedText(url, URL_LIMIT, secrets) ?? '',
    }
  } catch {
    return undefined
  }
}

/**
 * The one error type that leaves resilient-query: every failed request rejects with it, whatever the
 * API's error format, the transport failure or the refresh that went wrong.
 *
 * @example
 * try {
 *   await api.post('/users', form)
 * } catch (e) {
 *   const error = normalizeError(e)
 *   if (error.kind === 'validation') showFieldErrors(error.fieldErrors)
 * }
 */
export class ApiError extends Error {
  // On the prototype, as `Error` keeps its own: one own property fewer to define per error.
  declare readonly name: 'ApiError'
  // `declare`: assigned by name in the constructor, so no field initialisers are emitted
  declare readonly kind: ApiErrorKind
  /** The HTTP status; `undefined` when no response arrived. */
  declare readonly status: number | undefined
  /** The API's machine code (`TOKEN_EXPIRED`, `card_declined`, …); never just the HTTP status. */
  declare readonly code: string | undefined
  /** The id to quote to the API's support, from the body or the response headers. */
  declare readonly requestId: string | undefined
  declare readonly fieldErrors: readonly FieldError[]
  /** How long the server asked the client to wait before trying again. */
  declare readonly retryAfterMs: number | undefined
  /**
   * When the server's wait is over (epoch ms): `retryAfterMs` counted from when the response
   * arrived, so a countdown shown later still ends at the right moment.
   * @example const seconds = useRetryCountdown(error) // counts down to error.retryAt
   */
  declare readonly retryAt: number | undefined
  /**
   * Whether sending the same request again may succeed: network errors, timeouts, and
   * the statuses 408, 425, 429, 500, 502, 503, 504, 521, 522, 524 and 529.
   */
  declare readonly retryable: boolean
  /** The raw response body, as received. */
  declare readonly data: unknown
  declare readonly request: ApiErrorRequest | undefined

  /**
   * Every string is kept as bounded plain text, whoever builds the error: the message at most 300
   * characters, a code 100, a request id 200, a field path 200, the URL 2000 (redacted as
   * {@link redactUrl} does); at most 100 field errors of `field`, `message` and `code` alone; tags
   * stripped, lone surrogates replaced, each of `init.secrets` replaced with `[REDACTED]`.
   */
  constructor(init: ApiErrorInit) {
    const secrets = secretForms(init.secrets)
    // The stack captured here starts with the message: it must already be the bounded one.
    super(
      boundedText(init.message, MESSAGE_LIMIT, secrets) ?? '',
      init.cause === undefined ? undefined : { cause: safeCause(init.cause, secrets) },
    )
    // Named stores in one fixed order give every ApiError the same hidden class; a loop of keyed
    // stores cost an eighth of normalizeError's time.
    const self = this as { -readonly [K in keyof ApiError]: ApiError[K] }
    self.kind = init.kind
    self.status = init.status
    self.code = boundedText(init.code, CODE_LIMIT, secrets)
    self.requestId = boundedText(init.requestId, REQUEST_ID_LIMIT, secrets)
    self.fieldErrors = boundedFieldErrors(init.fieldErrors, secrets)
    self.retryAfterMs = init.retryAfterMs
    self.retryAt =
      init.retryAt ?? (init.retryAfterMs === undefined ? undefined : Date.now() + init.retryAfterMs)
    self.retryable = init.retryable
    self.data = init.data
    self.request = boundedRequest(init.request, secrets)
  }

  /**
   * A plain object with no body, headers or cause, so that no secret travels with it. Its strings are
   * bounded again here, so that one assigned after construction cannot make it throw or grow.
   */
  toJSON(): ApiErrorJSON {
    const { status, retryAfterMs, retryAt } = this
    const code = boundedText(this.code, CODE_LIMIT)
    const requestId = boundedText(this.requestId, REQUEST_ID_LIMIT)
    const request = boundedRequest(this.request, [])
    return {
      name: 'ApiError',
      kind: this.kind,
      message: boundedText(this.message, MESSAGE_LIMIT) ?? '',
      ...(typeof status === 'number' && { status }),
      ...(code !== undefined && { code }),
      ...(requestId !== undefined && { requestId }),
      fieldErrors: boundedFieldErrors(this.fieldErrors, []),
      ...(typeof retryAfterMs === 'number' && { retryAfterMs }),
      ...(typeof retryAt === 'number' && { retryAt }),
      retryable: this.retryable === true,
      ...(request && { request }),
    }
  }

  /**
   * What Node's `console.log` and `util.inspect` print: the stack and {@link toJSON}, never the `cause`,
   * whose request config holds the Authorization header and cookies.
   */
  [Symbol.for('nodejs.util.inspect.custom')](
    _depth: number,
    options: unknown,
    inspect?: (v: unknown, o: unknown) => string,
  ): string {
    return `${this.stack} ${inspect ? inspect(this.toJSON(), options) : ''}`
  }
}

Object.defineProperty(ApiError.prototype, 'name', {
  value: 'ApiError',
  writable: true,
  configurable: true,
})

/**
 * Whether `value` is an {@link ApiError}, also when it comes from another realm or another copy of
 * this library (an iframe, a second bundle), where `instanceof` fails.
 *
 * @example
 * if (isApiError(error) && error.kind === 'unauthorized') signIn()
 */
export function isApiError(value: unknown): value is ApiError {
  return (
    value instanceof ApiError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'ApiError' &&
      typeof (value as { kind?: unknown }).kind === 'string')
  )
}
