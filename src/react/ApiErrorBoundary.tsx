import { QueryErrorResetBoundary, useQueryErrorResetBoundary } from '@tanstack/react-query'
import { Component, useContext, useMemo } from 'react'
import type { ComponentType, ErrorInfo, ReactNode } from 'react'
import { isApiError } from '../core/errors/ApiError'
import type { ApiError, ApiErrorJSON, ApiErrorKind } from '../core/errors/ApiError'
import type { AuthState } from '../core/auth/types'
import { ApiContext } from './ApiContext'
import { BoundaryChainContext, useBoundaryChain } from './boundaryChain'
import { useAuthStateOf } from './useAuthState'

/**
 * What a fallback receives: the typed ApiError when one was thrown (`isApiError: true`), otherwise
 * whatever was thrown (a bug in a component, say); and `reset()`, which clears the boundary and
 * refetches the queries that failed.
 */
export type ApiErrorFallbackProps =
  | { error: ApiError; isApiError: true; reset: () => void }
  | { error: unknown; isApiError: false; reset: () => void }

/** What `onError` receives: a form of the error that is safe to log (no body, headers or cause). */
export interface ApiErrorReport {
  error: ApiErrorJSON | { name: string; message: string }
  /** React's component stack of the component that threw, when React gives one. */
  componentStack: string | undefined
  /** The thrown value itself, for code that needs more than the safe form; do not log it whole. */
  thrown: unknown
}

type FallbackSource =
  | { fallback: ReactNode; fallbackRender?: never; FallbackComponent?: never }
  | {
      fallbackRender: (props: ApiErrorFallbackProps) => ReactNode
      fallback?: never
      FallbackComponent?: never
    }
  | {
      FallbackComponent: ComponentType<ApiErrorFallbackProps>
      fallback?: never
      fallbackRender?: never
    }

export type ApiErrorBoundaryProps = FallbackSource & {
  /**
   * The kinds of ApiError this boundary handles. Any other error (another kind, or a thrown value
   * that is no ApiError) passes up to the next boundary above, and a hook whose error no boundary
   * above handles keeps it in its `error`. @default every kind, and errors that are no ApiError
   * @example
   * <ApiErrorBoundary kinds={['unauthorized']} fallback={<SignInAgain />}>  // at the root
   *   <ApiErrorBoundary kinds={['server', 'network', 'timeout']} fallbackRender={…}>  // a panel
   */
  kinds?: readonly ApiErrorKind[] | undefined
  /**
   * Fallbacks for particular kinds of ApiError, tried before the general one: a sign-in screen for
   * `unauthorized`, a countdown for `rate_limited`. @default {}
   */
  fallbacks?: Partial<
    Record<ApiErrorKind, (props: ApiErrorFallbackProps & { isApiError: true }) => ReactNode>
  >
  /**
   * When any of these change while the fallback shows, the boundary resets itself. An
   * `unauthorized` fallback also resets by itself when the client's session comes back (a sign-in
   * after `signed-out`), so a root "sign in again" screen needs no key. @default []
   */
  resetKeys?: readonly unknown[]
  /** Called for each error caught, with a form that is safe to log. */
  onError?: (report: ApiErrorReport) => void
  /** Called after a reset, by `reset()`, by `resetKeys` or by a sign-in. */
  onReset?: () => void
  children?: ReactNode
}

type InnerProps = ApiErrorBoundaryProps & {
  resetQueries: () => void
  /** The client's auth state; undefined outside an ApiProvider. */
  authState: AuthState | undefined
}

/** Whether a boundary with these `kinds` handles `error`. */
const handles = (kinds: readonly ApiErrorKind[] | undefined, error: unknown) =>
  kinds === undefined || (isApiError(error) && kinds.includes(error.kind))

interface InnerState {
  caught: { error: unknown } | null
}

const changed = (a: readonly unknown[] = [], b: readonly unknown[] = []) =>
  a.length !== b.length || a.some((value, i) => !Object.is(value, b[i]))

class Boundary extends Component<InnerProps, InnerState> {
  override state: InnerState = { caught: null }

  static getDerivedStateFromError(error: unknown): InnerState {
    return { caught: { error } }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    // An error passed up is the boundary above's to report.
    if (!handles(this.props.kinds, error)) return
    this.props.onError?.({
      error: isApiError(error)
        ? error.toJSON()
        : {
            name: error instanceof Error ? error.name : typeof error,
            message: error instanceof Error ? error.message : String(error),
          },
      componentStack: info.componentStack ?? undefined,
      thrown: error,
    })
  }

  override componentDidUpdate(previous: InnerProps, previousState: InnerState) {
    // Only keys that change while the fallback is shown reset it; the change that caused the
    // error in the first place must not clear it at once.
    const caught = this.state.caught
    if (!caught || !previousState.caught) return
    // A sign-in ends what an `unauthorized` fallback was shown for.
    const signedInAgain =
      previous.authState === 'signed-out' &&
      this.props.authState !== 'signed-out' &&
      isApiError(caught.error) &&
      caught.error.kind === 'unauthorized'
    if (signedInAgain || changed(previous.resetKeys, this.props.resetKeys)) this.reset()
  }

  reset = () => {
    // TanStack's reset lets the failed queries fetch again when their components mount anew.
    this.props.resetQueries()
    this.setState({ caught: null })
    this.props.onReset?.()
  }

  override render() {
    const { caught } = this.state
    if (!caught) return this.props.children
    // Not ours: thrown again from here, it reaches the next boundary above.
    if (!handles(this.props.kinds, caught.error)) throw caught.error
    // The union's two members, told apart by the one test.
    const props = {
      error: caught.error,
      isApiError: isApiError(caught.error),
      reset: this.reset,
    } as ApiErrorFallbackProps
    if (props.isApiError) {
      const byKind = this.props.fallbacks?.[props.error.kind]
      if (byKind) return byKind(props)
    }
    if (this.props.fallbackRender) return this.props.fallbackRender(props)
    if (this.props.FallbackComponent) {
      const Fallback = this.props.FallbackComponent
      return <Fallback {...props} />
    }
    return this.props.fallback
  }
}

/**
 * Catches what the components below cannot handle (see the provider's throw policy), shows a
 * fallback for it, and on `reset()` refetches the queries that failed. With `kinds`, it handles
 * only those kinds and passes the others up, so a root boundary can still catch `unauthorized`.
 *
 * @example
 * <ApiErrorBoundary kinds={['unauthorized']} fallback={<SignInAgain />}>
 *   <ApiErrorBoundary
 *     fallbacks={{ rate_limited: ({ error }) => <Countdown error={error} /> }}
 *     fallbackRender={({ error, isApiError, reset }) => (
 *       <div role="alert">
 *         <p>{isApiError ? error.message : 'Something went wrong.'}</p>
 *         <button onClick={reset}>Try again</button>
 *       </div>
 *     )}
 *   >
 *     <Dashboard />
 *   </ApiErrorBoundary>
 * </ApiErrorBoundary>
 */
export function ApiErrorBoundary(props: ApiErrorBoundaryProps) {
  const above = useBoundaryChain()
  const authState = useAuthStateOf(useContext(ApiContext)?.client.auth)
  // The hooks below ask this chain whether to throw: an error no boundary handles stays in its hook.
  // Keyed by the kinds themselves: a new array of the same kinds on each render must not
  // re-render every hook below.
  const kindsKey = props.kinds?.join(' ')
  const chain = useMemo(() => {
    const kinds = kindsKey?.split(' ') as ApiErrorKind[] | undefined
    return (error: ApiError) => handles(kinds, error) || (above?.(error) ?? false)
  }, [above, kindsKey])
  const content = (resetQueries: () => void) => (
    <BoundaryChainContext.Provider value={chain}>
      <Boundary {...props} resetQueries={resetQueries} authState={authState} />
    </BoundaryChainContext.Provider>
  )
  // One TanStack reset flag for nested boundaries: the queries of an inner boundary, remounted by
  // an outer one's reset, then fetch again instead of showing their old error.
  return above ? (
    <SharedReset>{content}</SharedReset>
  ) : (
    <QueryErrorResetBoundary>{({ reset }) => content(reset)}</QueryErrorResetBoundary>
  )
}

function SharedReset({ children }: { children: (reset: () => void) => ReactNode }) {
  return children(useQueryErrorResetBoundary().reset)
}
