import { useApiMutation, useRetryCountdown } from 'resilient-query'

interface ExportStarted {
  id: number
}

/**
 * A write the API limits to one per half minute. A POST is not retried (it could run twice), so
 * a 429 ends at once; the error says when the limit lifts, and the button waits for it.
 */
export function ExportPanel() {
  const exporter = useApiMutation<ExportStarted>({ method: 'POST', url: '/api/exports' })
  const seconds = useRetryCountdown(exporter.error)
  const limited = exporter.error?.kind === 'rate_limited'
  return (
    <section>
      <button
        type="button"
        onClick={() => exporter.mutate()}
        disabled={exporter.isPending || (limited && seconds !== 0)}
      >
        Export
      </button>
      {exporter.data && <p data-testid="export-started">Export {exporter.data.id} started</p>}
      {limited && (
        <p role="status" data-testid="export-wait">
          Too many exports: try again in {seconds} s
        </p>
      )}
      {exporter.error && !limited && <p role="alert">{exporter.error.message}</p>}
    </section>
  )
}
