import { useRetryCountdown } from 'resilient-query'
import type { PendingRetry } from 'resilient-query'
import { downstreamErrors } from './ErrorDetails'

/**
 * "Retrying in 3 s (retry 1 of 3)", counting down with useRetryCountdown, and why. With `factor`,
 * the story runs on a fast clock and says what each second stands for.
 */
export function RetryNotice({ retry, factor }: { retry: PendingRetry | null; factor?: number }) {
  const seconds = useRetryCountdown(retry)
  if (!retry || seconds === null) return null
  const downstream = downstreamErrors(retry.error)
  return (
    <div
      role="status"
      aria-label="retry"
      style={{
        background: '#fffbeb',
        border: '1px solid #fcd34d',
        borderRadius: 6,
        padding: '6px 12px',
        margin: '8px 0',
        fontSize: 14,
      }}
    >
      <strong data-testid="countdown">Retrying in {seconds} s</strong>
      {factor === undefined ? null : (
        <span data-testid="stands-for"> (stands for {seconds * factor} s)</span>
      )}{' '}
      (retry <span data-testid="retry-number">{retry.retryNumber}</span> of {retry.maxRetries},
      waiting {retry.delayMs} ms
      {factor === undefined
        ? ''
        : ` = ${Math.round((retry.delayMs * factor) / 1000)} s on the API's clock`}
      )
      <br />
      <small>
        because: {retry.error.status ?? retry.error.kind} {retry.error.message}
        {retry.error.retryAfterMs === undefined
          ? ''
          : `, Retry-After ${retry.error.retryAfterMs} ms`}
      </small>
      {downstream.length === 0 ? null : (
        <ul
          aria-label="downstream errors while retrying"
          style={{ margin: '4px 0 0', fontSize: 12 }}
        >
          {downstream.map((d) => (
            <li key={`${d.system}:${d.code}`}>
              {d.system} {d.code}: {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
