import { useSyncExternalStore } from 'react'
import { expect, waitFor } from 'storybook/test'
import type { RequestLog } from './requestLog'

const cell = {
  padding: '2px 8px',
  borderBottom: '1px solid #e5e7eb',
  textAlign: 'left' as const,
  whiteSpace: 'nowrap' as const,
}

function statusColor(status: string | number): string {
  if (typeof status !== 'number') return status === '…' ? '#6b7280' : '#b91c1c'
  return status < 300 ? '#15803d' : status === 401 ? '#b45309' : '#b91c1c'
}

/**
 * Every HTTP attempt of the story's client: method, URL, status, attempt, duration, request id and
 * the credentials it carried, redacted. Rows are `data-testid="log-row"` with data attributes a
 * play can read.
 */
export function RequestLogPanel({
  log,
  title = 'Request log (client)',
}: {
  log: RequestLog
  title?: string
}) {
  const entries = useSyncExternalStore(log.subscribe, log.entries, log.entries)
  const keys = entries.some((e) => e.idempotencyKey !== undefined)
  return (
    <section aria-label="request log" style={{ fontSize: 12, marginTop: 12 }}>
      <h3 style={{ fontSize: 13, margin: '8px 0 4px' }}>
        {title}{' '}
        <small style={{ fontWeight: 400, color: '#6b7280' }}>{entries.length} attempts</small>
      </h3>
      <table style={{ borderCollapse: 'collapse', fontFamily: 'ui-monospace, monospace' }}>
        <thead>
          <tr>
            {[
              '#',
              'req',
              'attempt',
              'method',
              'url',
              'status',
              'ms',
              'request id',
              'credentials (redacted)',
              ...(keys ? ['idempotency key'] : []),
            ].map((h) => (
              <th key={h} style={cell}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr
              key={e.id}
              data-testid="log-row"
              data-method={e.method}
              data-url={e.url}
              data-status={String(e.status)}
              data-attempt={e.attempt}
              data-why={e.why}
            >
              <td style={cell}>{e.id}</td>
              <td style={cell}>{e.request}</td>
              <td style={cell}>
                {e.attempt}
                {e.why === 'first' ? '' : ` (${e.why})`}
              </td>
              <td style={cell}>{e.method}</td>
              <td style={cell}>{e.url}</td>
              <td style={{ ...cell, color: statusColor(e.status), fontWeight: 600 }}>{e.status}</td>
              <td style={cell}>{e.durationMs ?? ''}</td>
              <td style={cell}>{e.requestId ?? '—'}</td>
              <td style={cell}>{e.credentials}</td>
              {keys ? (
                <td style={cell} data-testid="idempotency-key">
                  {e.idempotencyKey ?? '—'}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

/** The rows of the request log, for plays: `logRows(canvasElement, { url: /\/auth\/refresh$/ })`. */
export function logRows(
  root: HTMLElement,
  filter: { url?: RegExp; status?: string; why?: string } = {},
) {
  return [...root.querySelectorAll<HTMLTableRowElement>('[data-testid="log-row"]')].filter(
    (row) =>
      (!filter.url || filter.url.test(row.dataset['url'] ?? '')) &&
      (!filter.status || row.dataset['status'] === filter.status) &&
      (!filter.why || row.dataset['why'] === filter.why),
  )
}

/**
 * For plays of the token-expiry stories, after the tokens expired and the queries refetched: waits
 * until `replays` requests were replayed after a refresh and answered 200, then checks that one
 * refresh call served them all.
 */
export async function expectReplaysAfterOneRefresh(root: HTMLElement, replays: number) {
  await waitFor(
    () =>
      expect(logRows(root, { why: 'replay after refresh', status: '200' })).toHaveLength(replays),
    { timeout: 10_000 },
  )
  await expect(logRows(root, { url: /\/auth\/refresh$/ })).toHaveLength(1)
}
