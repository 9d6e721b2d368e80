// The TanStack layer: option factories, pending retries and the hydration of errors. It imports
// TanStack's types only, never React, so any TanStack adapter (React, Vue, Solid, Svelte, Angular)
// can use it. Named exports only.
export { apiQueryOptions } from './apiQueryOptions'
export { apiInfiniteQueryOptions } from './apiInfiniteQueryOptions'
export { apiMutationOptions } from './apiMutationOptions'
export { watchPendingRetry } from './pendingRetry'
export { dehydrateApiErrors, hydrateApiErrors } from './hydration'

export type {
  ApiQueryOptions,
  ApiQueryOptionsInput,
  ApiQuerySource,
  ApiQueryTanStackOptions,
  ApiRequestByContext,
  DefinedInitialDataApiQueryOptions,
} from './apiQueryOptions'
export type {
  ApiInfiniteQueryOptions,
  ApiInfiniteQueryOptionsInput,
  ApiInfiniteQuerySource,
  ApiInfiniteQueryTanStackOptions,
} from './apiInfiniteQueryOptions'
export type {
  ApiMutationOptions,
  ApiMutationOptionsInput,
  ApiMutationSource,
  ApiMutationTanStackOptions,
} from './apiMutationOptions'
export type { PendingRetry, PendingRetryWatch } from './pendingRetry'
export type { ApiParams, ApiRequestByUrl, WithoutTanStackRetry } from './types'
