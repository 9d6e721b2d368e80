import { isAxiosError } from 'axios'
import {
  ApiError,
  isApiError,
  type ApiErrorInit,
  type ApiErrorKind,
  type ApiErrorRequest,
  type FieldError,
} from './ApiError'
import {
  createReadContext,
  isList,
  isRecord,
  learnKeys,
  nonEmptyText,
  readKey,
  readRule,
  type ReadContext,
} from './parsers/context'
import { readFieldErrors } from './parsers/fields'
import {
  challengeParameter,
  headerReader,
  headerRequestId,
  headerRetryAfterMs,
  type HeaderReader,
} from './parsers/headers'
import { codeNotClassName, machineCode, readBodyFields } from './parsers/json'
import { KIND_NAMES, isRetryableStatus, kindOf } from './parsers/kind'
import { readText } from './parsers/text'
import { plainText } from './plainText'
import {
  globalErrorParsers,
  type ErrorParser,
  type ErrorParserInput,
  type ErrorParserResult,
} from './registry'
import { LATE_CODE_RULES } from './rules'
import { restatesStatus, statusText } from './statusText'

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
const DECODE_LIMIT = 1 << 20

/** The body as readers want it: JSON text parsed (axios leaves it alone with responseType 'text'), bytes decoded. */
function decodeBody(data: unknown): unknown {
  if (typeof data === 'string') {
    try {
      if (data.length < DECODE_LIMIT && /^\s*[[{"]/.test(data)) return JSON.parse(data)
    } catch {
      // not JSON after all: read it as text
    }
    return data
  }
  const buffer = ArrayBuffer.isView(data) ? data.buffer : data
  return buffer instanceof ArrayBuffer
    ? decodeBody(
        new TextDecoder().decode(
          new Uint8Array(
            buffer,
            (data as DataView).byteOffset,
            Math.min((data as DataView).byteLength, DECODE_LIMIT),
          ),
        ),
      )
    : data
}

// How each field an app parser returns is checked before it is trusted; ApiError bounds the strings
// and keeps only each field error's field, message and code.
const CHECKS: { [K in keyof ErrorParserResult]-?: (value: unknown) => ErrorParserResult[K] } = {
  kind: (value) =>
    KIND_NAMES.includes(value as ApiErrorKind) ? (value as ApiErrorKind) : undefined,
  message: (value) => plainText(value),
  code: nonEmptyText,
  requestId: nonEmptyText,
  fieldErrors: (value) => (isList(value) ? (value as FieldError[]) : undefined),
  retryAfterMs: (value) =>
    typeof value === 'number' && value >= 0 && value < 1e12 ? Math.round(value) : undefined,
}

/** What app parsers decided: each field from the first parser that defines it. */
function runParsers(parsers: readonly ErrorParser[], input: ErrorParserInput): ErrorParserResult {
  const decided: Record<string, unknown> = {}
  for (const parse of parsers) {
    try {
      const result: unknown = parse(input)
      if (result === null || typeof result !== 'object') continue
      for (const key in CHECKS)
        decided[key] ??= CHECKS[key as keyof ErrorParserResult](
          (result as Record<string, unknown>)[key],
        )
    } catch {
      // a broken app parser must not break error handling
    }
  }
  return decided
}

function fromResponse(
  status: number,
  headers: unknown,
  data: unknown,
  options: NormalizeErrorContext,
  request: ApiErrorRequest | undefined,
  cause: unknown,
): ApiErrorInit {
  const context = createReadContext(status)
  const header = headerReader(headers)
  const decoded = decodeBody(data)
  const parsers = options.parsers ? [...options.parsers, ...globalErrorParsers] : globalErrorParsers
  // App parsers see the whole body, as sent, before the built-in reading below lists its keys.
  const app = parsers.length
    ? runParsers(parsers, { status, headers: (name) => header(name.toLowerCase()), data: decoded })
    : {}
  // A batch (tRPC, JSON-RPC) answers with one entry per call: the first that failed speaks for all.
  let body = decoded
  const entries = isList(decoded)
    ? Math.min(100, Number(readKey(context, decoded, 'length')) || 0)
    : 0
  for (let index = 0; index < entries; index++) {
    const entry = readKey(context, decoded, String(index))
    if (isRecord(readKey(context, entry, 'error'))) {
      body = entry
      break
    }
  }
  learnKeys(context, body)
  learnKeys(context, readKey(context, body, 'error'))
  try {
    return readResponse(context, header, body, data, app, request, cause)
  } catch {
    // A body that throws somewhere while read (a list whose entries are getters or proxies): the
    // status, the headers and the app's parsers still say what they can
    return readResponse(context, header, undefined, data, app, request, cause)
  }
}

function readResponse(
  context: ReadContext,
  header: HeaderReader,
  body: unknown,
  data: unknown,
  app: ErrorParserResult,
  request: ApiErrorRequest | undefined,
  cause: unknown,
): ApiErrorInit {
  const { status } = context
  const text =
    typeof body === 'string'
      ? // `text/plain` is taken literally: no entity decoding
        readText(body, status, /^\s*text\/plain/i.test(header('content-type') ?? ''))
      : undefined
  const json = typeof body === 'object' ? readBodyFields(context, body) : {}
  const findings = readFieldErrors(context, body)
  const [envelopeType, problemType] = LATE_CODE_RULES
  // The code, in rank order (README "code"): an app parser's; the body's own (rules.ts
  // CODE_RULES); AWS's `x-amzn-ErrorType` header, before its `:`; an XML body's `<Code>`; the first
  // error item's; an envelope's `type`, which only sorts errors; the RFC 6750 challenge's `error`;
  // the problem-details `type` URI, unless `about:blank` or a link to an RFC
  const code =
    app.code ??
    json.code ??
    nonEmptyText(header('x-amzn-errortype')?.split(':')[0]) ??
    text?.code ??
    findings.firstCode ??
    codeNotClassName(readRule(context, body, envelopeType!), status) ??
    machineCode(challengeParameter(header, 'error'), status) ??
    problemTypeCode(readRule(context, body, problemType!), status)
  // The message (README "message"): what the body says, unless it only restates the status, when an
  // RFC 6750 challenge's description says more
  let message = json.message ?? findings.formMessage ?? findings.firstMessage ?? text?.message
  const description = challengeParameter(header, 'error_description')
  if (description && (message === undefined || restatesStatus(message, status)))
    message = description
  return {
    kind: app.kind ?? kindOf(status, code),
    status,
    code,
    message:
      app.message ??
      message ??
      (status >= 400 ? statusText(status) : undefined) ??
      text?.restated ??
      plainText(code) ??
      `Request failed with status ${status}`,
    requestId: app.requestId ?? json.requestId ?? text?.requestId ?? headerRequestId(header),
    fieldErrors: app.fieldErrors ?? findings.fieldErrors,
    retryAfterMs: app.retryAfterMs ?? headerRetryAfterMs(header, status) ?? json.retryAfterMs,
    retryable: isRetryableStatus(status),
    data,
    request,
    cause,
  }
}

/** The problem-details `type` URI as a code, unless `about:blank` or a link to an RFC. */
const problemTypeCode = (type: unknown, status: number): string | undefined =>
  type === 'about:blank' || /rfc\d/i.test(String(type)) ? undefined : codeNotClassName(type, status)

/** What the ApiError for `input` is made of. */
function build(input: unknown, options: NormalizeErrorContext): ApiErrorInit {
  const axios = isAxiosError(input)
  const config = axios ? input.config : undefined
  const base = config?.baseURL
  let url = options.request?.url ?? config?.url ?? ''
  // absolute as axios would send it, unless already absolute
  if (base && !options.request?.url && !/^([a-z][\w+.-]*:)?\/\//i.test(url))
    url = base.replace(/\/+$/, '') + (url && '/' + url.replace(/^\/+/, ''))
  const method = options.request?.method ?? config?.method
  // ApiError redacts the URL and bounds both
  const request = method || url ? { method: method || 'get', url } : undefined
  // Node's own errors carry one too (`ERR_INVALID_URL` from `new URL`, which axios lets through)
  const code = nonEmptyText(readProperty(input, 'code'))
  const response = axios ? (code === 'ERR_CANCELED' ? undefined : input.response) : input
  const status = readProperty(response, 'status')
  // A success status whose body then broke off ("stream has been aborted") or would not parse: the
  // transport failed, not the API, so it is a network error like a connection dropped sooner. A 3xx
  // that validateStatus refused (an app's maxRedirects: 0) is an answer: axios's settle says so.
  const broken =
    axios &&
    code === 'ERR_BAD_RESPONSE' &&
    typeof status === 'number' &&
    status < 400 &&
    !String(readProperty(input, 'message')).startsWith(STATUS_REFUSED)
  if (
    isRecord(response) &&
    typeof status === 'number' &&
    !broken &&
    (axios || 'data' in response || 'headers' in response)
  )
    return fromResponse(
      status,
      response.headers,
      response.data,
      options,
      request,
      axios ? input : undefined,
    )
  const name = readProperty(input, 'name')
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
      plainText(typeof input === 'string' ? input : readProperty(input, 'message')) ??
      TRANSPORT_MESSAGES[kind] ??
      'Unknown error',
    retryable: kind === 'network' || kind === 'timeout',
    code,
    request,
    cause: input,
  }
}

/** How axios's settle words a response whose status validateStatus refused. */
const STATUS_REFUSED = 'Request failed with status code '

const TRANSPORT_MESSAGES: Partial<Record<ApiErrorKind, string>> = {
  canceled: 'Request canceled',
  timeout: 'Request timed out',
  network: 'Network error',
}

/** `value[key]` for a thrown value, which may be anything: undefined when reading throws. */
function readProperty(value: unknown, key: string): unknown {
  try {
    return value !== null && typeof value === 'object'
      ? (value as Record<string, unknown>)[key]
      : undefined
  } catch {
    return undefined
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
