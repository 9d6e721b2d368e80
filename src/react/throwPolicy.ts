import type { ApiError, ApiErrorKind } from '../core/errors/ApiError'
import { useApiContext } from './ApiContext'
import { useBoundaryChain } from './boundaryChain'

/** Decides which errors go to an error boundary instead of the hook's `error`. */
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
 * hook's `error`; every other kind goes to the nearest `ApiErrorBoundary` above that handles it
 * (and stays in the hook when none does).
 *
 * @example
 * <ApiProvider client={api} throwOnError={(e) => defaultThrowPolicy(e) && e.kind !== 'forbidden'}>
 */
export function defaultThrowPolicy(error: ApiError): boolean {
  return !HANDLED_IN_PLACE.has(error.kind)
}

/**
 * Whether a hook's error is thrown to a boundary: when its policy (the hook's, else the
 * provider's) says so AND a boundary above handles the error's kind. Thrown with no boundary to
 * catch it, the error would unmount the whole app, so it stays in the hook, and development says why.
 */
export function useThrowDecision(
  hookPolicy: ThrowPolicy | undefined,
  hookName: string,
): (error: ApiError) => boolean {
  const { throwOnError: providerPolicy, warnOnce } = useApiContext()
  const handledAbove = useBoundaryChain()
  return (error) => {
    const policy = hookPolicy ?? providerPolicy
    if (!(typeof policy === 'function' ? policy(error) : policy)) return false
    if (handledAbove?.(error)) return true
    // Like TanStack's own checks: production builds replace the test, and the text drops out.
    if (process.env.NODE_ENV !== 'production')
      warnOnce(
        `no-boundary:${error.kind}`,
        `a '${error.kind}' error of ${hookName} stays in the hook's \`error\`: its throw policy sends it to an error boundary, but no ApiErrorBoundary above handles '${error.kind}', and thrown there it would unmount the whole app. Add <ApiErrorBoundary fallback={…}> above the component (with no \`kinds\`, or \`kinds\` that include '${error.kind}'), or show \`error\` in the component.`,
      )
    return false
  }
}
