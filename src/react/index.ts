export { ApiProvider, createApiQueryClient } from './ApiProvider'
export { useApiClient } from './ApiContext'
export { useApiQuery } from './useApiQuery'
export { useApiMutation } from './useApiMutation'
export { useApiSuspenseQuery } from './useApiSuspenseQuery'
export { ApiErrorBoundary } from './ApiErrorBoundary'
export { useApiErrorBoundary } from './useApiErrorBoundary'
export { useRetryCountdown } from './useRetryCountdown'
export { useAuthState } from './useAuthState'
export { defaultThrowPolicy } from './throwPolicy'

export type { ApiProviderProps } from './ApiProvider'
export type { UseApiQueryOptions, UseApiQueryResult } from './useApiQuery'
export type { ApiQueryFunctionContext, ApiQuerySource } from './apiQueryPlumbing'
export type {
  ApiMutationSource,
  UseApiMutationOptions,
  UseApiMutationResult,
} from './useApiMutation'
export type { UseApiSuspenseQueryOptions, UseApiSuspenseQueryResult } from './useApiSuspenseQuery'
export type {
  ApiErrorBoundaryProps,
  ApiErrorFallbackProps,
  ApiErrorReport,
} from './ApiErrorBoundary'
export type { FieldErrorAccess } from './fieldErrors'
export type { ThrowPolicy } from './throwPolicy'
