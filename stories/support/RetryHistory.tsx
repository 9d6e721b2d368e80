import { useEffect, useState } from 'react'
import type { ApiClient, RetryAnnouncement } from 'resilient-query'
import { downstreamErrors } from './ErrorDetails'

/**
 * Every retry the client announced (api.retry.subscribe), kept after it happened: the wait chosen,
 * what it stands for on a fast clock, and the error that caused it, downstream errors included.
 */
export function RetryHistory({ client, factor }: { client: ApiClient; factor?: number }) {
  const [items, setItems] = useState<RetryAnnouncement[]>([])
  useEffect(() => client.retry.subscribe((a) => setItems((list) => [...list, a])), [client])
  if (items.length === 0) return null
  return (
    <section aria-label="retry history" style={{ fontSize: 13 }}>
      <h3 style={{ fontSize: 13, margin: '8px 0 4px' }}>Retries announced (api.retry.subscribe)</h3>
      <ol style={{ margin: 0 }}>
        {items.map((a) => (
          <li
            key={`${a.request.url}:${a.attempt}:${a.nextRetryAt}`}
            data-testid="retry-item"
            data-attempt={a.attempt}
            data-delay={a.delayMs}
          >
            retry {a.attempt} of {a.maxAttempts} after{' '}
            <strong>{a.error.status ?? a.error.kind}</strong> {a.error.code ?? ''}: waited{' '}
            {a.delayMs} ms
            {factor === undefined ? null : (
              <> (stands for {((a.delayMs * factor) / 1000).toFixed(1)} s)</>
            )}
            {a.error.retryAfterMs === undefined ? null : (
              <>, Retry-After {a.error.retryAfterMs} ms</>
            )}
            {downstreamErrors(a.error).map((d) => (
              <div
                key={`${d.system}:${d.code}`}
                data-testid="downstream"
                style={{ marginLeft: 12, color: '#7c2d12' }}
              >
                downstream {d.system} {d.code}: {d.message}
              </div>
            ))}
          </li>
        ))}
      </ol>
    </section>
  )
}
