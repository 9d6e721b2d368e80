import { useCallback, useSyncExternalStore } from 'react'
import type { AuthState } from '../core/auth/types'
import { useApiContext } from './ApiContext'

/**
 * The client's auth state, for a "sign in again" screen: `idle`, `refreshing` or `signed-out`
 * (always `idle` for a client without `auth`).
 *
 * @example
 * if (useAuthState() === 'signed-out') return <SignIn />
 */
export function useAuthState(): AuthState {
  const auth = useApiContext().client.auth
  const subscribe = useCallback(
    (onChange: () => void) => (auth ? auth.subscribe(onChange) : () => undefined),
    [auth],
  )
  const snapshot = () => auth?.getState() ?? 'idle'
  return useSyncExternalStore(subscribe, snapshot, snapshot)
}
