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
  if (typeof status !== 'number') return '#b91c1c'
  return status < 300 ? '#15803d' : status === 401 ? '#b45309' : '#b91c1c'
}

/**
 * Every HTTP attempt of the story's client, as its `log` option wrote it: method, URL, status,
 * attempt and why it went out, duration, request id, idempotency key and the error's message. No
 * credential is in it: the library logs no header. Rows are `data-testid="log-row"` with data
 * attributes a play can read.
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
              ...(keys ? ['idempotency key'] : []),
              'error',
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
              data-why={e.reason}
            >
              <td style={cell}>{e.id}</td>
              <td style={cell}>{e.request}</td>
              <td style={cell}>
                {e.attempt}
                {e.reason === 'first' ? '' : ` (${e.reason})`}
              </td>
              <td style={cell}>{e.method}</td>
              <td style={cell}>{e.url}</td>
              <td style={{ ...cell, color: statusColor(e.status), fontWeight: 600 }}>{e.status}</td>
              <td style={cell}>{e.durationMs}</td>
              <td style={cell}>{e.requestId ?? '—'}</td>
              {keys ? (
                <td style={cell} data-testid="idempotency-key">
                  {e.idempotencyKey ?? '—'}
                </td>
              ) : null}
              <td style={cell}>{e.error?.message ?? ''}</td>
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
