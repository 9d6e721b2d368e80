import type { ApiError, ApiErrorKind } from '../core/errors/ApiError'

/** Decides which errors go to the nearest error boundary instead of the hook's `error`. */
export type ThrowPolicy = boolean | ((error: ApiError) => boolean)

// A form can show a validation error, a page its own "not found", an editor a conflict; a
// cancellation is nobody's error. Everything else (server down, offline after retries, a session
// that could not be renewed) is something the component cannot fix, so it goes to the boundary.
const HANDLED_IN_PLACE: ReadonlySet<ApiErrorKind> = new Set([
  'validation',
  'not_found',
  'conflict',
  'canceled',
])

/**
 * The default throw policy: `validation`, `not_found`, `conflict` and `canceled` stay in the
 * hook's `error`; every other kind reaches the nearest `ApiErrorBoundary`.
 *
 * @example
 * <ApiProvider client={api} throwOnError={(e) => defaultThrowPolicy(e) && e.kind !== 'forbidden'}>
 */
export function defaultThrowPolicy(error: ApiError): boolean {
  return !HANDLED_IN_PLACE.has(error.kind)
}

export function shouldThrow(policy: ThrowPolicy, error: ApiError): boolean {
  return typeof policy === 'function' ? policy(error) : policy
}
