import { isAxiosError } from 'axios'
import {
  ApiError,
  isApiError,
  type ApiErrorInit,
  type ApiErrorKind,
  type ApiErrorRequest,
  type FieldError,
} from './ApiError'
import { parseItems } from './parsers/fields'
import {
  headerReader,
  headerRequestId,
  type HeaderReader,
  headerRetryAfterMs,
  wwwAuthenticateCode,
} from './parsers/headers'
import { parseJson } from './parsers/json'
import { KIND_NAMES, isRetryableStatus, kindOf } from './parsers/kind'
import { g, gate, isArr, isObj, str, ungate } from './parsers/read'
import { parseText } from './parsers/text'
import { plainText } from './plainText'
import {
  registered,
  type ErrorParser,
  type ErrorParserInput,
  type ErrorParserResult,
} from './registry'
import { statusText } from './statusText'

/** What `normalizeError` may be told besides the error itself. */
export interface NormalizeErrorContext {
  /** The request that failed, when the input does not carry it (an AxiosError does). */
  request?: { method?: string | undefined; url?: string | undefined } | undefined
  /** Parsers for this call only; they run before the registered ones. @default [] */
  parsers?: readonly ErrorParser[] | undefined
  /**
   * Values the error must never show (the access token the request carried, an API key): each is
   * replaced with `[REDACTED]` in the message, code, request id, field errors and request URL, also
   * when the server echoed it URL-encoded. `data` keeps the body as received. Values shorter than 8
   * characters are ignored.
   * @default []
   * @example normalizeError(error, { secrets: [accessToken] })
   */
  secrets?: readonly string[] | undefined
}

// Bodies above this are not parsed or decoded in full: an error message lives in the first bytes.
const LIMIT = 1 << 20

/** The body as parsers want it: JSON text parsed (axios leaves it alone with responseType 'text'), bytes decoded. */
function decode(d: unknown): unknown {
  if (typeof d === 'string') {
    try {
      if (d.length < LIMIT && /^\s*[[{"]/.test(d)) return JSON.parse(d)
    } catch {
      // not JSON after all: read it as text
    }
    return d
  }
  const buffer = ArrayBuffer.isView(d) ? d.buffer : d
  return buffer instanceof ArrayBuffer
    ? decode(
        new TextDecoder().decode(
          new Uint8Array(
            buffer,
            (d as DataView).byteOffset,
            Math.min((d as DataView).byteLength, LIMIT),
          ),
        ),
      )
    : d
}

// How each field an app parser returns is checked before it is trusted.
const CHECKS: { [K in keyof ErrorParserResult]-?: (v: unknown) => ErrorParserResult[K] } = {
  kind: (v) => (KIND_NAMES.includes(v as string) ? (v as ApiErrorKind) : undefined),
  message: plainText,
  code: str,
  requestId: str,
  // ApiError keeps only each entry's field, message and code, as bounded strings
  fieldErrors: (v) => (isArr(v) ? (v as FieldError[]) : undefined),
  retryAfterMs: (v) => (typeof v === 'number' && v >= 0 && v < 1e12 ? Math.round(v) : undefined),
}

/** What app parsers decided: each field from the first parser that defines it. */
function runParsers(parsers: readonly ErrorParser[], input: ErrorParserInput): ErrorParserResult {
  const out: Record<string, unknown> = {}
  for (const parse of parsers) {
    try {
      const r = parse(input)
      for (const k in CHECKS) out[k] ??= CHECKS[k as keyof ErrorParserResult](g(r, k))
    } catch {
      // a broken app parser must not break error handling
    }
  }
  return out
}

function fromResponse(
  status: number,
  headers: unknown,
  data: unknown,
  ctx: NormalizeErrorContext,
  request: ApiErrorRequest | undefined,
  cause: unknown,
): ApiErrorInit {
  const h = headerReader(headers)
  const decoded = decode(data)
  const parsers = ctx.parsers ? [...ctx.parsers, ...registered] : registered
  // App parsers see the whole body, as sent, before the built-in reading below lists its keys.
  const app = parsers.length
    ? runParsers(parsers, { status, headers: (n) => h(n.toLowerCase()), data: decoded })
    : {}
  // A batch (tRPC, JSON-RPC) answers with one entry per call: the first that failed speaks for all.
  let body = decoded
  const entries = isArr(decoded) ? Math.min(100, Number(g(decoded, 'length')) || 0) : 0
  for (let i = 0; i < entries; i++) {
    const entry = g(decoded, String(i))
    if (isObj(g(entry, 'error'))) {
      body = entry
      break
    }
  }
  const prev = gate(body, g(body, 'error'))
  try {
    return read(status, h, body, data, app, request, cause)
  } catch {
    // A body that throws somewhere while read (an array whose entries are getters or proxies): the
    // status, the headers and the app's parsers still say what they can
    return read(status, h, undefined, data, app, request, cause)
  } finally {
    ungate(prev)
  }
}

function read(
  status: number,
  h: HeaderReader,
  body: unknown,
  data: unknown,
  app: ErrorParserResult,
  request: ApiErrorRequest | undefined,
  cause: unknown,
): ApiErrorInit {
  const text = typeof body === 'string' ? parseText(body, status) : {}
  const json = typeof body === 'object' ? parseJson(body, status) : {}
  const items = parseItems(body, status, json.message)
  // README "code" rules 1 to 4, in order
  const code =
    app.code ??
    json.code ??
    str(h('x-amzn-errortype')?.split(':')[0]) ??
    text.code ??
    items.code ??
    json.category ??
    wwwAuthenticateCode(h) ??
    json.type
  return {
    kind: app.kind ?? kindOf(status, code),
    status,
    code,
    // README "message" rules 1 to 7, in order
    message:
      app.message ??
      json.message ??
      items.form ??
      items.first ??
      text.message ??
      (status >= 400 ? statusText(status) : undefined) ??
      plainText(code) ??
      `Request failed with status ${status}`,
    requestId: app.requestId ?? json.requestId ?? text.requestId ?? headerRequestId(h),
    fieldErrors: app.fieldErrors ?? items.fieldErrors,
    retryAfterMs: app.retryAfterMs ?? headerRetryAfterMs(h, status) ?? json.retryAfterMs,
    retryable: isRetryableStatus(status),
    data,
    request,
    cause,
  }
}

/** What the ApiError for `x` is made of. */
function build(x: unknown, ctx: NormalizeErrorContext): ApiErrorInit {
  const axios = isAxiosError(x)
  const config = axios ? x.config : undefined
  const base = config?.baseURL
  let url = ctx.request?.url ?? config?.url ?? ''
  // absolute as axios would send it, unless already absolute
  if (base && !ctx.request?.url && !/^([a-z][\w+.-]*:)?\/\//i.test(url))
    url = base.replace(/\/+$/, '') + (url && '/' + url.replace(/^\/+/, ''))
  const method = ctx.request?.method ?? config?.method
  // ApiError redacts the URL and bounds both
  const request = method || url ? { method: method || 'get', url } : undefined
  // Node's own errors carry one too (`ERR_INVALID_URL` from `new URL`, which axios lets through)
  const code = str(g(x, 'code'))
  const res = axios ? (code === 'ERR_CANCELED' ? undefined : x.response) : x
  const status = g(res, 'status')
  // A success status whose body then broke off ("stream has been aborted") or would not parse: the
  // transport failed, not the API, so it is a network error like a connection dropped sooner.
  const broken = axios && code === 'ERR_BAD_RESPONSE' && typeof status === 'number' && status < 400
  if (
    isObj(res) &&
    typeof status === 'number' &&
    !broken &&
    (axios || 'data' in res || 'headers' in res)
  )
    return fromResponse(status, res.headers, res.data, ctx, request, axios ? x : undefined)
  const name = g(x, 'name')
  const kind: ApiErrorKind =
    code === 'ERR_CANCELED' || name === 'AbortError'
      ? 'canceled'
      : code === 'ECONNABORTED' || code === 'ETIMEDOUT' || name === 'TimeoutError'
        ? 'timeout'
        : // axios refusing to send (bad URL or option, unsupported protocol) or to accept (too many
          // redirects, a body over maxContentLength): the same request would fail the same way
          broken ||
            (axios && !/^ERR_(BAD_|INVALID_URL|NOT_SUPPORT|DEPRECATED|FR_)/.test(code ?? ''))
          ? 'network'
          : 'http'
  return {
    kind,
    message:
      plainText(typeof x === 'string' ? x : g(x, 'message')) ??
      (
        {
          canceled: 'Request canceled',
          timeout: 'Request timed out',
          network: 'Network error',
        } as Record<string, string>
      )[kind] ??
      'Unknown error',
    retryable: kind === 'network' || kind === 'timeout',
    code,
    request,
    cause: x,
  }
}

/**
 * Turns anything a request can fail with into one {@link ApiError}: an AxiosError (timeout, network,
 * cancel, or an error response in any of the formats the README lists), a response-like
 * `{ status, headers, data }`, an ApiError (returned as is), or any other thrown value. Never throws.
 *
 * @example
 * const error = normalizeError({ status: 422, headers: {}, data: { errors: { email: ['is invalid'] } } })
 * error.kind // 'validation'
 * error.fieldErrors // [{ field: 'email', message: 'is invalid' }]
 */
export function normalizeError(input: unknown, context?: NormalizeErrorContext): ApiError {
  let init: ApiErrorInit
  try {
    if (isApiError(input)) return input
    init = build(input, context ?? {})
    init.secrets = context?.secrets
  } catch {
    // Only a hostile input gets here (a proxy whose every trap throws): still an ApiError.
    init = { kind: 'http', message: 'Unknown error', retryable: false, cause: input }
  }
  // Built here rather than where its fields are worked out, so that the stack it captures starts at
  // the caller instead of spending its frames on this module.
  return new ApiError(init)
}
