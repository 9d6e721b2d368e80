export { ApiError, isApiError } from './ApiError'
export { normalizeError } from './normalizeError'
export { registerErrorParser } from './registry'
export { parseRetryAfter } from './retryAfter'
export { toFieldPath } from './fieldPath'
export { redactUrl, redactValue } from './redact'
export { statusText } from './statusText'

export type {
  ApiErrorInit,
  ApiErrorJSON,
  ApiErrorKind,
  ApiErrorRequest,
  FieldError,
} from './ApiError'
export type { NormalizeErrorContext } from './normalizeError'
export type { ErrorParser, ErrorParserInput, ErrorParserResult } from './registry'
