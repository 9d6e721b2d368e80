import { callAppCallback } from '../shared/appCallbacks'
import type { RetryAnnouncement } from './types'

/**
 * The retries waiting to go out, by the key their requests were sent with (`pendingRetryKey`, the
 * hash TanStack files a query under), so that any reader (a hook, `useQueries`, a devtool) can show
 * a query's retry however the query was started. Lives in the client; React only reads it.
 */
export interface PendingRetries {
  /** The latest retry announced for `key` whose request has not settled, or `null`. */
  readonly get: (key: string) => RetryAnnouncement | null
  /** Calls `listener` whenever `get(key)` changes; returns the function that stops it. */
  readonly subscribe: (key: string, listener: () => void) => () => void
}

/** What the retry layer writes into the store; `owner` is the logical request's retry state. */
export interface PendingRetriesWriter extends PendingRetries {
  readonly announce: (key: string, owner: object, announcement: RetryAnnouncement) => void
  /** Clears `key` only if `owner` announced its current value: a newer request keeps its own. */
  readonly settle: (key: string, owner: object) => void
}

export function createPendingRetries(): PendingRetriesWriter {
  const entries = new Map<string, { owner: object; announcement: RetryAnnouncement }>()
  const listeners = new Map<string, Set<() => void>>()
  const notify = (key: string) => {
    // A reader that throws must not stop the others nor the request; its throw is reported.
    for (const listener of [...(listeners.get(key) ?? [])]) callAppCallback(listener)
  }
  return {
    get: (key) => entries.get(key)?.announcement ?? null,
    subscribe: (key, listener) => {
      let set = listeners.get(key)
      if (!set) listeners.set(key, (set = new Set()))
      set.add(listener)
      return () => {
        set.delete(listener)
        if (set.size === 0 && listeners.get(key) === set) listeners.delete(key)
      }
    },
    announce: (key, owner, announcement) => {
      entries.set(key, { owner, announcement })
      notify(key)
    },
    settle: (key, owner) => {
      if (entries.get(key)?.owner !== owner) return
      entries.delete(key)
      notify(key)
    },
  }
}
