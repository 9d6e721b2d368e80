import { useApiQuery, useRetryCountdown } from 'resilient-query'

interface Report {
  generatedAt: string
}

/**
 * A rate-limited report. Refreshing it too soon gets a 429 with Retry-After; the client waits
 * that long (the API exposes the header to this origin) and shows the wait while it runs.
 */
export function ReportPanel() {
  const report = useApiQuery<Report>({ queryKey: ['report'], url: '/api/report' })
  const seconds = useRetryCountdown(report.pendingRetry)
  return (
    <section>
      {report.data && <p data-testid="report">Generated at {report.data.generatedAt}</p>}
      {report.pendingRetry && (
        <p role="status" data-testid="report-retry">
          Rate limited: retrying in {seconds} s (retry {report.pendingRetry.retryNumber} of{' '}
          {report.pendingRetry.maxRetries})
        </p>
      )}
      <button type="button" onClick={() => void report.refetch()} disabled={report.isFetching}>
        Refresh report
      </button>
    </section>
  )
}
