import { createContext, useContext } from 'react'
import type { ApiClient } from '../core/client'
import type { WarnOnce } from '../core/shared/development'
import type { ThrowPolicy } from './throwPolicy'

export interface ApiContextValue {
  client: ApiClient
  throwOnError: ThrowPolicy
  /** The provider's own development warnings, each printed once. */
  warnOnce: WarnOnce
}

export const ApiContext = createContext<ApiContextValue | null>(null)

export function useApiContext(): ApiContextValue {
  const value = useContext(ApiContext)
  if (!value) {
    throw new Error(
      'resilient-query: no ApiProvider above this component. Wrap the app in <ApiProvider client={api}>.',
    )
  }
  return value
}

/**
 * The client given to the nearest {@link ApiProvider}, for calls made outside hooks.
 *
 * @example
 * const api = useApiClient()
 * const onClick = () => api.post('/logout')
 */
export function useApiClient(): ApiClient {
  return useApiContext().client
}
