import type { RequestLogEntry, RequestLogOptions } from 'resilient-query'

/** One attempt on the wire, as the client's own request log wrote it, with a row id. */
export interface LogEntry extends RequestLogEntry {
  readonly id: number
}

/** The story's view of a client's request log: its entries, and a way to hear of new ones. */
export interface RequestLog {
  /** What to pass as the client's `log` option. */
  readonly options: RequestLogOptions
  entries(): readonly LogEntry[]
  subscribe(listener: () => void): () => void
  clear(): void
}

/**
 * Keeps what the client's `log` option writes (level `full`: every attempt, with params and bodies,
 * redacted by the library), for the request log panel. Mono's advice: "keep a log of all API
 * requests you make … you may strip the API keys".
 */
export function createRequestLog(): RequestLog {
  let entries: LogEntry[] = []
  let ids = 0
  const listeners = new Set<() => void>()
  const emit = () => listeners.forEach((listener) => listener())
  return {
    options: {
      level: 'full',
      write(entry) {
        entries = [...entries, { ...entry, id: ++ids }]
        emit()
      },
    },
    entries: () => entries,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    clear() {
      entries = []
      emit()
    },
  }
}
