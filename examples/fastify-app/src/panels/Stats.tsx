import { ApiErrorBoundary, useApiQuery } from 'resilient-query'

interface Stats {
  users: number
  items: number
}

function StatsTable() {
  const stats = useApiQuery<Stats>({ queryKey: ['stats'], url: '/api/stats' })
  if (!stats.data) return <p>Loading…</p>
  return (
    <p data-testid="stats">
      {stats.data.users} users, {stats.data.items} items
    </p>
  )
}

/**
 * The statistics behind their own boundary: a refusal or an outage replaces this panel only, and
 * "Try again" fetches again. A session that cannot be renewed passes up to the app's boundary.
 */
export function StatsPanel() {
  return (
    <ApiErrorBoundary
      kinds={['forbidden', 'server', 'network', 'timeout']}
      fallbackRender={({ error, isApiError, reset }) => (
        <div role="alert" data-testid="stats-error">
          <p>{isApiError ? error.message : 'Something went wrong.'}</p>
          <button type="button" onClick={reset}>
            Try again
          </button>
        </div>
      )}
    >
      <StatsTable />
    </ApiErrorBoundary>
  )
}
