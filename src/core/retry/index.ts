// The retry layer: createApiClient installs it; the helpers are exported for tests and custom setups.
export { installRetry } from './installRetry'
export { decideRetry } from './decideRetry'
export { computeRetryDelay } from './retryDelay'
export { resolveRetryOptions, RETRY_DEFAULTS } from './options'
export { createIdempotencyKey } from './idempotencyKey'
export { BODY_NOT_RESENDABLE, bodyNotResendableError } from '../shared/bodyNotResendable'
export { discardResponseBody } from './discardResponseBody'

export type { RetryInstallation } from './installRetry'
export type { NotResendableReason } from '../shared/bodyNotResendable'
export type { RetryContext, RetryDecision, RetryStop } from './decideRetry'
export type { ResolvedRetryOptions } from './options'
export type { PendingRetries } from './pendingRetries'
export type {
  RetryAnnouncement,
  RetryController,
  RetryOptions,
  RetrySchedule,
  RetrySettled,
} from './types'
