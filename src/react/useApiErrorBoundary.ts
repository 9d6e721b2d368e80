import { useCallback, useState } from 'react'
import { useApiClient } from './ApiContext'

/**
 * Sends an error from an event handler or a mutation to the nearest `ApiErrorBoundary`, which
 * render-time errors reach by themselves but callbacks' errors do not.
 *
 * @example
 * const showBoundary = useApiErrorBoundary()
 * const onExport = () => api.get('/export').catch(showBoundary)
 */
export function useApiErrorBoundary(): (error: unknown) => void {
  const client = useApiClient()
  const [caught, setCaught] = useState<{ error: unknown } | null>(null)
  // The same function on every render, so that it can sit in an effect's dependencies.
  const showBoundary = useCallback(
    (error: unknown) => setCaught({ error: client.normalizeError(error) }),
    [client],
  )
  if (caught) throw caught.error
  return showBoundary
}
