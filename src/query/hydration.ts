import type { DehydratedState } from '@tanstack/react-query'
import { ApiError, isApiError } from '../core/errors/ApiError'
import type { ApiErrorInit } from '../core/errors/ApiError'

type DehydratedQueryState = DehydratedState['queries'][number]['state']

// The two places a dehydrated query keeps its error: the error it settled with, and the failure
// of the fetch that was under way.
const replaceErrors = (
  state: DehydratedState,
  replace: (error: unknown) => unknown,
): DehydratedState =>
  // A state read back from the page is input: a shape other than dehydrate's passes unchanged.
  Array.isArray(state?.queries)
    ? {
        ...state,
        queries: state.queries.map((query) =>
          query?.state
            ? {
                ...query,
                state: {
                  ...query.state,
                  error: replace(query.state.error),
                  fetchFailureReason: replace(query.state.fetchFailureReason),
                } as DehydratedQueryState,
              }
            : query,
        ),
      }
    : state

/**
 * Makes the ApiErrors of failed queries fit to leave the server: each becomes its safe JSON form
 * (`toJSON()`: kind, status, code, message, fieldErrors, requestId, retryAfterMs, retryAt,
 * retryable, the method and redacted URL; no body, headers or cause), whatever serialiser the app
 * uses. TanStack's `dehydrate` keeps only successful queries unless told otherwise: pass
 * `shouldDehydrateQuery` to keep failed ones. {@link hydrateApiErrors} is the browser's half.
 *
 * @example
 * // on the server, after prefetching
 * const state = dehydrateApiErrors(
 *   dehydrate(queryClient, { shouldDehydrateQuery: (query) => query.state.status !== 'pending' }),
 * )
 * html += `<script>window.__QUERY_STATE__ = ${JSON.stringify(state).replace(/</g, '\\u003c')}</script>`
 */
export function dehydrateApiErrors(state: DehydratedState): DehydratedState {
  return replaceErrors(state, (error) => (error instanceof ApiError ? error.toJSON() : error))
}

/**
 * Turns the errors {@link dehydrateApiErrors} made safe back into ApiErrors, in the browser, before
 * `hydrate` or `<HydrationBoundary>`: `error.kind`, `status`, `code`, `message` and `fieldErrors`
 * are the server's, and `instanceof ApiError` holds. The raw body stays on the server (`data` is
 * `undefined`).
 *
 * @example
 * const state = hydrateApiErrors(window.__QUERY_STATE__)
 * hydrateRoot(root, <QueryClientProvider client={queryClient}><HydrationBoundary state={state}><App /></HydrationBoundary></QueryClientProvider>)
 */
export function hydrateApiErrors(state: DehydratedState): DehydratedState {
  return replaceErrors(state, (error) => {
    // The JSON form passes isApiError (its name and kind) but is no instance. It is the form
    // toJSON() made on the server, so its fields are taken as they are; only a list that is not a
    // list is dropped, so that reading the field errors cannot throw.
    if (!isApiError(error) || error instanceof ApiError) return error
    const json = error as ApiErrorInit
    return new ApiError({
      ...json,
      fieldErrors: Array.isArray(json.fieldErrors) ? json.fieldErrors : [],
    })
  })
}
