import { useState } from 'react'
import type { AxiosRequestConfig } from 'axios'
import type { ApiClient } from '../../src/core/client'
import type { ApiError } from '../../src/core/errors/ApiError'
import { ErrorDetails } from './ErrorDetails'
import { Button } from './Scenario'

/**
 * One request behind a button, in a region named `label`: its ApiError in full, or its data. For
 * stories about an error format, where no hook is needed to show what the client rejects with.
 */
export function RequestButton({
  client,
  label,
  config,
}: {
  client: ApiClient
  label: string
  config: AxiosRequestConfig
}) {
  const [result, setResult] = useState<{ error: ApiError } | { data: unknown } | null>(null)
  const send = () => {
    setResult(null)
    client.request(config).then(
      (response) => setResult({ data: response.data }),
      (error: unknown) => setResult({ error: client.normalizeError(error) }),
    )
  }
  return (
    <section aria-label={label} style={{ marginBottom: 12 }}>
      <Button onClick={send}>{label}</Button>
      <code style={{ fontSize: 12 }}>
        {(config.method ?? 'get').toUpperCase()} {config.url}
      </code>
      {result === null ? null : 'error' in result ? (
        <ErrorDetails error={result.error} />
      ) : (
        <pre data-testid="data" style={{ fontSize: 12 }}>
          {JSON.stringify(result.data, null, 2)}
        </pre>
      )}
    </section>
  )
}
