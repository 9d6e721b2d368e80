import type { ApiErrorKind, FieldError } from './ApiError'

/** What an {@link ErrorParser} is given: the response, its body already decoded (JSON text parsed). */
export interface ErrorParserInput {
  status: number | undefined
  /** Case-insensitive header lookup. */
  headers: (name: string) => string | undefined
  data: unknown
}

/** The fields an {@link ErrorParser} may decide; those it leaves undefined fall to the next parser. */
export interface ErrorParserResult {
  kind?: ApiErrorKind | undefined
  message?: string | undefined
  code?: string | undefined
  requestId?: string | undefined
  fieldErrors?: readonly FieldError[] | undefined
  retryAfterMs?: number | undefined
}

/** Reads an API's own error format; return undefined (or `{}`) when the response is not yours. */
export type ErrorParser = (input: ErrorParserInput) => ErrorParserResult | undefined

/**
 * Parsers registered app-wide with {@link registerErrorParser}: global state by design, shared by
 * every client in the page. `normalizeError` runs them after those passed in its context (a client's
 * `errorParsers`).
 */
export const globalErrorParsers: ErrorParser[] = []

/**
 * Teaches `normalizeError` an error format, app-wide: every client and every call sees it (prefer a
 * client's `errorParsers` option, which only that client uses; those run first). App parsers run
 * before the built-in ones; for each field the first parser that defines it wins and the built-ins
 * fill the rest. Returns the function that removes it.
 *
 * @example
 * const unregister = registerErrorParser(({ data }) => {
 *   const fault = (data as { fault?: { faultstring?: string; detail?: { errorcode?: string } } }).fault
 *   return fault && { message: fault.faultstring, code: fault.detail?.errorcode }
 * })
 */
export function registerErrorParser(parser: ErrorParser): () => void {
  globalErrorParsers.push(parser)
  return () => {
    const index = globalErrorParsers.indexOf(parser)
    if (index >= 0) globalErrorParsers.splice(index, 1)
  }
}
