// The React-free entry: runs in browsers, Node and workers. Named exports only.
export { ApiError, isApiError } from './errors/ApiError'
export { normalizeError } from './errors/normalizeError'
export { registerErrorParser } from './errors/registry'
export { parseRetryAfter } from './errors/retryAfter'
export { REDACTED, redactUrl, redactValue } from './errors/redact'
export { createApiClient } from './client'
export { consoleLog } from './log/consoleLog'
export { computeRetryDelay } from './retry/retryDelay'
export { decideRetry } from './retry/decideRetry'
export { BODY_NOT_RESENDABLE } from './shared/bodyNotResendable'
export { REDIRECT_NOT_FOLLOWED } from './auth/redirects'

export type {
  ApiErrorKind,
  ApiErrorInit,
  ApiErrorJSON,
  ApiErrorRequest,
  FieldError,
} from './errors/ApiError'
export type { NormalizeErrorContext } from './errors/normalizeError'
export type { ErrorParser, ErrorParserInput, ErrorParserResult } from './errors/registry'
export type { ApiClient, ApiClientOptions } from './client'
export type {
  RequestLogEntry,
  RequestLogLevel,
  RequestLogOptions,
  RequestSendReason,
} from './log/types'
export type { AuthController } from './auth/installAuth'
export type {
  AuthOptions,
  AuthState,
  CrossTabOptions,
  RefreshContext,
  RefreshedTokens,
  RefreshResult,
} from './auth/types'
export type {
  RetryAnnouncement,
  RetryController,
  RetryOptions,
  RetrySchedule,
  RetrySettled,
} from './retry/types'
export type { RetryContext, RetryDecision, RetryStop } from './retry/decideRetry'
export type { PendingRetries } from './retry/pendingRetries'
