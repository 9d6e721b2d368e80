import type { RetryAnnouncement } from '../core/retry/types'

/** The scheduled retry of one query (by its hash), kept outside React so only readers re-render. */
export interface RetryStore {
  get(key: string): RetryAnnouncement | null
  set(key: string, announcement: RetryAnnouncement | null): void
  subscribe(key: string, listener: () => void): () => void
}

export function createRetryStore(): RetryStore {
  const values = new Map<string, RetryAnnouncement>()
  const listeners = new Map<string, Set<() => void>>()
  return {
    get: (key) => values.get(key) ?? null,
    set(key, announcement) {
      if (announcement) values.set(key, announcement)
      else if (!values.delete(key)) return
      listeners.get(key)?.forEach((listener) => listener())
    },
    subscribe(key, listener) {
      let set = listeners.get(key)
      if (!set) listeners.set(key, (set = new Set()))
      set.add(listener)
      return () => {
        set.delete(listener)
        if (set.size === 0) listeners.delete(key)
      }
    },
  }
}
