import { useCallback, useSyncExternalStore } from 'react'
import type { AuthController } from '../core/auth/installAuth'
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
  return useAuthStateOf(useApiContext().client.auth) ?? 'idle'
}

/** The state of `auth`, re-rendering on each change; undefined without one. */
export function useAuthStateOf(auth: AuthController | undefined): AuthState | undefined {
  const subscribe = useCallback(
    (onChange: () => void) => (auth ? auth.subscribe(onChange) : () => undefined),
    [auth],
  )
  const snapshot = () => auth?.getState()
  return useSyncExternalStore(subscribe, snapshot, snapshot)
}
