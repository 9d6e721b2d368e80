import { isAxiosError } from 'axios'
import type { InternalAxiosRequestConfig } from 'axios'
import { requestUrl } from '../auth/origin'
import type { ApiError } from '../errors/ApiError'
import { headerReader, headerRequestId } from '../errors/parsers/headers'
import { REDACTED, redactRequestValue, redactUrl, redactValue } from '../errors/redact'
import { callAppCallback } from '../shared/appCallbacks'
import { isResendableBody } from '../shared/requestBody'
import { takeSendReason } from '../transport'
import type { TransportStep } from '../transport'
import type { RequestLogEntry, RequestLogLevel, RequestLogOptions } from './types'

/** The logical request a send belongs to; a plain object, copied on by axios with the config. */
interface LogTag {
  request: number
  attempts: number
}
type LoggedConfig = InternalAxiosRequestConfig & { __rqLog?: LogTag }

/** What the log step needs from the client. */
export interface LogStepContext {
  normalize: (error: unknown) => ApiError
  /** Tokens the client knows: scrubbed from every entry, wherever they appear. */
  knownTokens: () => readonly string[]
  /** The header an idempotency key travels in. */
  idempotencyHeader: string
}

const now = () => (typeof performance === 'undefined' ? Date.now() : performance.now())

/**
 * The transport step that writes one entry per send on the wire. It sits inside the auth step, so
 * a wait for a refresh is never part of an attempt, and the credential never part of an entry (no
 * header is logged). The app's `write` is called after the attempt ended and is not awaited.
 *
 * @example
 * installTransport(instance, [auth.step, createLogStep({ level: 'errors', write }, context)])
 */
export function createLogStep(options: RequestLogOptions, context: LogStepContext): TransportStep {
  const level: RequestLogLevel = options.level ?? 'errors'
  let requests = 0
  const write = (entry: RequestLogEntry) => callAppCallback(options.write, scrub(entry, context))

  return (config: LoggedConfig, send) => {
    const tag = (config.__rqLog ??= { request: ++requests, attempts: 0 })
    tag.attempts++
    const reason = takeSendReason(config) ?? (tag.attempts === 1 ? 'first' : 'retry')
    const started = now()
    const base = () => ({
      request: tag.request,
      attempt: tag.attempts,
      reason,
      method: (config.method ?? 'get').toUpperCase(),
      url: redactUrl(requestUrl(config)),
    })
    return send(config).then(
      (response) => {
        if (level !== 'errors')
          write({
            ...base(),
            ...(level === 'full' ? requestDetails(config) : {}),
            status: response.status,
            durationMs: Math.round(now() - started),
            ...optional('requestId', headerRequestId(headerReader(response.headers))),
            ...optional('idempotencyKey', idempotencyKey(config, context)),
          })
        return response
      },
      (failure: unknown) => {
        const error = context.normalize(failure)
        const response = isAxiosError(failure) ? failure.response : undefined
        write({
          ...base(),
          ...(level === 'summary' ? {} : requestDetails(config)),
          status:
            error.status ??
            (error.kind === 'timeout' || error.kind === 'canceled' ? error.kind : 'network'),
          durationMs: Math.round(now() - started),
          ...optional('requestId', error.requestId),
          ...optional('idempotencyKey', idempotencyKey(config, context)),
          error: error.toJSON(),
          ...(level !== 'summary' && response
            ? { responseBody: bodyForLog(response.data, redactValue) }
            : {}),
        })
        throw failure
      },
    )
  }
}

/** `{ [name]: value }`, or nothing when the value is undefined (entries omit what they lack). */
const optional = <K extends string>(name: K, value: string | undefined) =>
  (value === undefined ? {} : { [name]: value }) as { [P in K]?: string }

function idempotencyKey(config: InternalAxiosRequestConfig, context: LogStepContext) {
  const value: unknown = config.headers.get(context.idempotencyHeader)
  return typeof value === 'string' ? value : undefined
}

function requestDetails(config: InternalAxiosRequestConfig) {
  const details: { params?: unknown; requestBody?: unknown } = {}
  if (config.params !== undefined) details.params = paramsForLog(config.params)
  if (config.data !== undefined) details.requestBody = bodyForLog(config.data, redactRequestValue)
  return details
}

const paramsForLog = (params: unknown) =>
  params instanceof URLSearchParams
    ? redactRequestValue(Object.fromEntries(params))
    : redactRequestValue(params)

/**
 * A body as the log shows it, redacted by `redact`: JSON text read back into its values (so secret
 * fields are found), form text by its fields, a stream or binary data by what it is, never its
 * contents. What the client sent is redacted with OAuth's `code` and `state`; an error body keeps
 * its `code`, the error's.
 */
function bodyForLog(data: unknown, redact: (value: unknown) => unknown): unknown {
  if (typeof data === 'string') {
    const text = data.trim()
    if (/^[[{]/.test(text)) {
      try {
        return redact(JSON.parse(text))
      } catch {
        // Not JSON after all.
      }
    }
    if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(text))
      return redact(Object.fromEntries(new URLSearchParams(text)))
    return redact(data)
  }
  if (data === null || typeof data !== 'object') return data
  if (!isResendableBody(data)) return '[stream]'
  if (typeof FormData !== 'undefined' && data instanceof FormData) {
    const fields: Record<string, unknown> = {}
    for (const [name, value] of data.entries())
      fields[name] = typeof value === 'string' ? value : '[file]'
    return redact(fields)
  }
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return '[binary]'
  if (typeof Blob !== 'undefined' && data instanceof Blob) return '[binary]'
  if (data instanceof URLSearchParams) return redact(Object.fromEntries(data))
  return redact(data)
}

/** The entry with every token the client knows replaced, wherever it appears. */
function scrub(entry: RequestLogEntry, context: LogStepContext): RequestLogEntry {
  const tokens = context.knownTokens().filter((token) => token.length >= 8)
  if (tokens.length === 0) return entry
  const text = JSON.stringify(entry)
  let scrubbed = text
  for (const token of tokens) {
    scrubbed = scrubbed.split(JSON.stringify(token).slice(1, -1)).join(REDACTED)
    scrubbed = scrubbed.split(encodeURIComponent(token)).join(REDACTED)
  }
  return scrubbed === text ? entry : (JSON.parse(scrubbed) as RequestLogEntry)
}
