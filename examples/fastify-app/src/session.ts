import { useSyncExternalStore } from 'react'

/** What the app keeps after signing in: in localStorage, so that a reload stays signed in. */
export interface Session {
  email: string
  accessToken: string
  refreshToken: string
}

const STORAGE_KEY = 'resilient-query-example.session'

function parse(stored: string | null): Session | null {
  if (stored === null) return null
  try {
    return JSON.parse(stored) as Session
  } catch {
    return null
  }
}

/** The stored session, with change notifications for React (this tab's writes and other tabs'). */
function createSessionStore(storage: Storage) {
  const listeners = new Set<() => void>()
  const notify = () => {
    for (const listener of listeners) listener()
  }
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY) notify()
  })
  return {
    read: (): Session | null => parse(storage.getItem(STORAGE_KEY)),
    /** The stored text itself: stable between changes, as useSyncExternalStore wants. */
    snapshot: (): string | null => storage.getItem(STORAGE_KEY),
    write(session: Session) {
      storage.setItem(STORAGE_KEY, JSON.stringify(session))
      notify()
    },
    clear() {
      storage.removeItem(STORAGE_KEY)
      notify()
    },
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}

export const sessionStore = createSessionStore(window.localStorage)

/** The current session, or `null` before sign-in. */
export function useSession(): Session | null {
  const stored = useSyncExternalStore(sessionStore.subscribe, sessionStore.snapshot)
  return parse(stored)
}
