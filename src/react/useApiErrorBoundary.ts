import { useState } from 'react'
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
  if (caught) throw caught.error
  return (error) => setCaught({ error: client.normalizeError(error) })
}
