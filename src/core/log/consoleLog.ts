import type { RequestLogEntry, RequestLogLevel, RequestLogOptions } from './types'

/**
 * A request log that writes to the console: one line per attempt (`#3.2 retry GET https://… → 503
 * in 120 ms`), failures with `console.warn` and the entry beside it for the devtools to unfold.
 *
 * @default level 'errors'
 * @example
 * createApiClient({ baseURL, log: consoleLog('full') })
 */
export function consoleLog(level: RequestLogLevel = 'errors'): RequestLogOptions {
  return {
    level,
    write(entry: RequestLogEntry) {
      const failed = entry.error !== undefined
      const line =
        `[resilient-query] #${entry.request}.${entry.attempt} ${entry.reason} ` +
        `${entry.method} ${entry.url} → ${entry.status} in ${entry.durationMs} ms` +
        (failed ? `: ${entry.error.message}` : '')
      if (failed) console.warn(line, entry)
      else console.info(line, entry)
    },
  }
}
