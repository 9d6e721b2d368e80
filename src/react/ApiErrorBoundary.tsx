import { QueryErrorResetBoundary } from '@tanstack/react-query'
import { Component } from 'react'
import type { ComponentType, ErrorInfo, ReactNode } from 'react'
import { isApiError } from '../core/errors/ApiError'
import type { ApiError, ApiErrorJSON, ApiErrorKind } from '../core/errors/ApiError'

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
   * Fallbacks for particular kinds of ApiError, tried before the general one: a sign-in screen for
   * `unauthorized`, a countdown for `rate_limited`. @default {}
   */
  fallbacks?: Partial<
    Record<ApiErrorKind, (props: ApiErrorFallbackProps & { isApiError: true }) => ReactNode>
  >
  /** When any of these change while the fallback shows, the boundary resets itself. @default [] */
  resetKeys?: readonly unknown[]
  /** Called for each error caught, with a form that is safe to log. */
  onError?: (report: ApiErrorReport) => void
  /** Called after a reset, by `reset()` or by `resetKeys`. */
  onReset?: () => void
  children?: ReactNode
}

type InnerProps = ApiErrorBoundaryProps & { resetQueries: () => void }

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
    if (
      this.state.caught &&
      previousState.caught &&
      changed(previous.resetKeys, this.props.resetKeys)
    ) {
      this.reset()
    }
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
    const props: ApiErrorFallbackProps = isApiError(caught.error)
      ? { error: caught.error, isApiError: true, reset: this.reset }
      : { error: caught.error, isApiError: false, reset: this.reset }
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
 * fallback for it, and on `reset()` refetches the queries that failed.
 *
 * @example
 * <ApiErrorBoundary
 *   fallbacks={{ unauthorized: () => <SignIn /> }}
 *   fallbackRender={({ error, isApiError, reset }) => (
 *     <div role="alert">
 *       <p>{isApiError ? error.message : 'Something went wrong.'}</p>
 *       <button onClick={reset}>Try again</button>
 *     </div>
 *   )}
 * >
 *   <Dashboard />
 * </ApiErrorBoundary>
 */
export function ApiErrorBoundary(props: ApiErrorBoundaryProps) {
  return (
    <QueryErrorResetBoundary>
      {({ reset }) => <Boundary {...props} resetQueries={reset} />}
    </QueryErrorResetBoundary>
  )
}
