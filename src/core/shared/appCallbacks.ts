/**
 * Calls an app's callback (a listener, `onAuthFailure`, a log writer) so that whatever it does
 * cannot change what a request settles with: a throw, or a rejected promise, is reported and
 * otherwise ignored. Reported through `reportError` where the platform has it (browsers, Deno),
 * which shows it as an uncaught error without stopping anything, else through `console.error`.
 *
 * @example
 * for (const listener of listeners) callAppCallback(listener, state)
 */
export function callAppCallback<Arguments extends unknown[]>(
  callback: ((...args: Arguments) => unknown) | undefined,
  ...args: Arguments
): void {
  if (!callback) return
  try {
    const result = callback(...args)
    if (isThenable(result)) result.then(undefined, reportAppError)
  } catch (error) {
    reportAppError(error)
  }
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null &&
  (typeof value === 'object' || typeof value === 'function') &&
  typeof (value as { then?: unknown }).then === 'function'

function reportAppError(error: unknown): void {
  try {
    const report = (globalThis as { reportError?: (error: unknown) => void }).reportError
    if (typeof report === 'function') report(error)
    else
      console.error('resilient-query: an app callback threw; the request is not affected.', error)
  } catch {
    // Reporting must not fail the request either.
  }
}
