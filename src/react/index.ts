export { ApiProvider, createApiQueryClient } from './ApiProvider'
export { useApiClient } from './ApiContext'
export { useApiQuery } from './useApiQuery'
export { useApiSuspenseQuery } from './useApiSuspenseQuery'
export { useApiInfiniteQuery } from './useApiInfiniteQuery'
export { useApiMutation } from './useApiMutation'
export { usePendingRetry } from './usePendingRetry'
export { ApiErrorBoundary } from './ApiErrorBoundary'
export { useApiErrorBoundary } from './useApiErrorBoundary'
export { useRetryCountdown } from './useRetryCountdown'
export { useAuthState } from './useAuthState'
export { defaultThrowPolicy } from './throwPolicy'
export { applyFieldErrors } from './applyFieldErrors'

export type { ApiProviderProps, ApiQueryClientConfig } from './ApiProvider'
export type {
  ApiQueryExtras,
  DefinedUseApiQueryResult,
  UseApiQueryOptions,
  UseApiQueryResult,
} from './useApiQuery'
export type { UseApiSuspenseQueryOptions, UseApiSuspenseQueryResult } from './useApiSuspenseQuery'
export type { UseApiInfiniteQueryOptions, UseApiInfiniteQueryResult } from './useApiInfiniteQuery'
export type { UseApiMutationOptions, UseApiMutationResult } from './useApiMutation'
export type { PendingRetryQuery } from './usePendingRetry'
export type {
  ApiErrorBoundaryProps,
  ApiErrorFallbackProps,
  ApiErrorReport,
} from './ApiErrorBoundary'
export type { RetryCountdownTarget } from './useRetryCountdown'
export type { FieldErrorAccess } from './fieldErrors'
export type { ThrowPolicy } from './throwPolicy'
export type {
  ApplyFieldErrorsOptions,
  FieldErrorCallback,
  FieldErrorsLeft,
  FieldErrorTarget,
  ReactHookFormSetError,
  TanStackFormTarget,
} from './applyFieldErrors'
