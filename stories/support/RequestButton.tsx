import { useState } from 'react'
import type { AxiosRequestConfig } from 'axios'
import { expect, userEvent, within } from 'storybook/test'
import type { ApiClient, ApiError } from 'resilient-query'
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

type Canvas = ReturnType<typeof within>

/**
 * The play of an error-format story: for each `[label, kind, text]`, clicks the RequestButton
 * `label`, then checks the ApiError it shows: its kind, and `text` in the field `field` of
 * ErrorDetails. `timeout` is how long the kind may take to show (a retried error takes a while);
 * `each` checks more of every region.
 */
export async function expectRequestErrors(
  canvas: Canvas,
  field: 'code' | 'message',
  expectations: readonly (readonly [label: string, kind: string, text: string])[],
  { timeout, each }: { timeout?: number; each?: (region: Canvas) => unknown } = {},
) {
  for (const [label, kind, text] of expectations) {
    const region = within(await canvas.findByRole('region', { name: label }))
    await userEvent.click(await region.findByRole('button', { name: label }))
    await expect(
      await region.findByTestId('kind', {}, timeout === undefined ? {} : { timeout }),
    ).toHaveTextContent(kind)
    await expect(region.getByTestId(field)).toHaveTextContent(text)
    await each?.(region)
  }
}
