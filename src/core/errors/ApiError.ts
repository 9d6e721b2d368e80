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

/** Everything an {@link ApiError} is made of; `normalizeError` builds these. */
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
  cause?: unknown
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
  /** Whether sending the same request again may succeed (network, timeouts, 408, 425, 429, 5xx but 501). */
  declare readonly retryable: boolean
  /** The raw response body, as received. */
  declare readonly data: unknown
  declare readonly request: ApiErrorRequest | undefined

  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause })
    // Named stores in one fixed order give every ApiError the same hidden class; a loop of keyed
    // stores cost an eighth of normalizeError's time.
    const self = this as { -readonly [K in keyof ApiError]: ApiError[K] }
    self.kind = init.kind
    self.status = init.status
    self.code = init.code
    self.requestId = init.requestId
    self.fieldErrors = init.fieldErrors ?? []
    self.retryAfterMs = init.retryAfterMs
    self.retryAt =
      init.retryAt ?? (init.retryAfterMs === undefined ? undefined : Date.now() + init.retryAfterMs)
    self.retryable = init.retryable
    self.data = init.data
    self.request = init.request
  }

  /** A plain object with no body, headers or cause, so that no secret travels with it. */
  toJSON(): ApiErrorJSON {
    const {
      name,
      kind,
      message,
      status,
      code,
      requestId,
      fieldErrors,
      retryAfterMs,
      retryAt,
      retryable,
    } = this
    // The round trip drops undefined fields and copies fieldErrors and request deeply.
    return JSON.parse(
      JSON.stringify({
        name,
        kind,
        message,
        status,
        code,
        requestId,
        fieldErrors,
        retryAfterMs,
        retryAt,
        retryable,
        request: this.request,
      }),
    ) as ApiErrorJSON
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
