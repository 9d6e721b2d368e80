import type { ApiError } from 'resilient-query'

/** Seed 004's `downstreamErrors`, read from the raw body the ApiError keeps in `data`. */
export function downstreamErrors(
  error: ApiError,
): { system: string; code: string; message: string }[] {
  const list = (error.data as { downstreamErrors?: unknown } | null | undefined)?.downstreamErrors
  if (!Array.isArray(list)) return []
  return list.filter(
    (d): d is { system: string; code: string; message: string } =>
      typeof d === 'object' &&
      d !== null &&
      typeof (d as { message?: unknown }).message === 'string',
  )
}

/**
 * Every field of an ApiError as a definition list: what a developer inspecting one would want.
 * Everything is rendered as text by React, so an HTML error page or a hostile message stays inert.
 */
export function ErrorDetails({ error, label = 'api error' }: { error: ApiError; label?: string }) {
  const downstream = downstreamErrors(error)
  return (
    <dl
      aria-label={label}
      style={{
        display: 'grid',
        gridTemplateColumns: 'max-content 1fr',
        gap: '2px 12px',
        fontSize: 13,
        background: '#fef2f2',
        border: '1px solid #fecaca',
        borderRadius: 6,
        padding: '8px 12px',
        margin: '8px 0',
      }}
    >
      <dt>kind</dt>
      <dd data-testid="kind">{error.kind}</dd>
      <dt>status</dt>
      <dd data-testid="status">{error.status ?? '—'}</dd>
      <dt>code</dt>
      <dd data-testid="code">{error.code ?? '—'}</dd>
      <dt>message</dt>
      <dd data-testid="message">{error.message}</dd>
      <dt>request id</dt>
      <dd data-testid="request-id">{error.requestId ?? '—'}</dd>
      <dt>retryable</dt>
      <dd data-testid="retryable">{String(error.retryable)}</dd>
      {error.retryAfterMs === undefined ? null : (
        <>
          <dt>retry after</dt>
          <dd data-testid="retry-after">{error.retryAfterMs} ms</dd>
        </>
      )}
      <dt>request</dt>
      <dd data-testid="request">
        {error.request ? `${error.request.method} ${error.request.url}` : '—'}
      </dd>
      <dt>field errors</dt>
      <dd>
        <ul aria-label="field errors" style={{ margin: 0, paddingLeft: 16 }}>
          {error.fieldErrors.map((f) => (
            <li key={`${f.field}:${f.message}`}>
              <code>{f.field}</code>: {f.message}
              {f.code === undefined ? null : <small> ({f.code})</small>}
            </li>
          ))}
        </ul>
      </dd>
      {downstream.length === 0 ? null : (
        <>
          <dt>downstream errors</dt>
          <dd>
            <ul aria-label="downstream errors" style={{ margin: 0, paddingLeft: 16 }}>
              {downstream.map((d) => (
                <li key={`${d.system}:${d.code}:${d.message}`}>
                  <strong>{d.system}</strong> {d.code}: {d.message}
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
    </dl>
  )
}
