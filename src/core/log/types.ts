import type { ApiErrorJSON } from '../errors/ApiError'

/**
 * How much the request log keeps (Mono's advice: everything while integrating, then "only the API
 * name, the response code and any error messages"):
 * - `full`: every attempt, with params, request body and the error body;
 * - `errors`: only the attempts that failed, in full;
 * - `summary`: every attempt, without params or bodies.
 */
export type RequestLogLevel = 'full' | 'errors' | 'summary'

/** Why an attempt went on the wire. */
export type RequestSendReason = 'first' | 'retry' | 'replay after refresh' | 'redirect'

/**
 * One attempt that went on the wire. Nothing secret is in it: no headers at all, secret-looking
 * params and body fields replaced with `[REDACTED]`, and every token the client knows scrubbed.
 */
export interface RequestLogEntry {
  /** The logical request's number in this client, from 1: its retries and replays share it. */
  readonly request: number
  /** This attempt's number within the request, from 1. */
  readonly attempt: number
  readonly reason: RequestSendReason
  /** Upper case: `GET`, `POST`. */
  readonly method: string
  /** The whole URL (baseURL included), without credentials, secret query values redacted. */
  readonly url: string
  /** Query parameters, redacted; `full` and `errors` levels only. */
  readonly params?: unknown
  /** The request body, redacted (a stream is `[stream]`); `full` and `errors` levels only. */
  readonly requestBody?: unknown
  /** The HTTP status, or why no response came. */
  readonly status: number | 'network' | 'timeout' | 'canceled'
  readonly durationMs: number
  /** The id to quote to the API's support, when the response had one. */
  readonly requestId?: string
  /** The Idempotency-Key sent: the same on every attempt of one write, and not a secret. */
  readonly idempotencyKey?: string
  /** For a failed attempt: the error in its safe JSON form (no body, header or secret). */
  readonly error?: ApiErrorJSON
  /** For a failed attempt: the error body, redacted; `full` and `errors` levels only. */
  readonly responseBody?: unknown
}

/**
 * The request log of a client: `write` is called once per attempt that went on the wire, after it
 * ended. A `write` that throws or takes its time changes nothing for the request.
 *
 * @example
 * createApiClient({ baseURL, log: { level: 'errors', write: (entry) => sendToMyLogs(entry) } })
 */
export interface RequestLogOptions {
  /** @default 'errors' */
  level?: RequestLogLevel | undefined
  write: (entry: RequestLogEntry) => void | Promise<void>
}
