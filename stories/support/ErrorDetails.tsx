import type { ApiError } from '../../src/core/errors/ApiError'

/** Every field of an ApiError as a definition list: what a developer inspecting one would want. */
export function ErrorDetails({ error }: { error: ApiError }) {
  return (
    <dl aria-label="api error" style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '2px 12px' }}>
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
      <dt>field errors</dt>
      <dd>
        <ul aria-label="field errors">
          {error.fieldErrors.map((f) => (
            <li key={`${f.field}:${f.message}`}>
              <code>{f.field}</code>: {f.message}
              {f.code === undefined ? null : <small> ({f.code})</small>}
            </li>
          ))}
        </ul>
      </dd>
    </dl>
  )
}
