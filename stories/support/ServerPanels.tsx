import { useEffect, useState } from 'react'
import { panelReads } from './fixture'
import type { FixtureStats, RecordedRequest } from './fixture'

/** Polls one of the fixture's control routes while mounted (they are neither recorded nor faulted). */
function usePoll<T>(read: () => Promise<T>, everyMs = 200): T | undefined {
  const [value, setValue] = useState<T>()
  useEffect(() => {
    let live = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = async () => {
      try {
        const next = await read()
        if (live) setValue(next)
      } catch {
        // the dev server restarting: try again at the next tick
      }
      if (live) timer = setTimeout(() => void tick(), everyMs)
    }
    void tick()
    return () => {
      live = false
      clearTimeout(timer)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `read` is a fresh arrow each render; the route is fixed per mount
  }, [everyMs])
  return value
}

type Realm = keyof FixtureStats['refreshCalls']

/** The refresh calls the server received, from `GET /api/__fixture/stats`. */
export function RefreshCounter({ realm }: { realm: Exclude<Realm, 'total'> }) {
  const stats = usePoll(panelReads.stats)
  return (
    <p style={{ fontSize: 14 }}>
      Refresh calls the server received:{' '}
      <strong data-testid="refresh-count">
        {stats === undefined ? '…' : stats.refreshCalls[realm]}
      </strong>
      <small style={{ color: '#6b7280' }}> (from GET /api/__fixture/stats)</small>
    </p>
  )
}

/** Hits of one route as the server counted them, from `GET /api/__fixture/hits`. */
export function HitCounter({ route, label }: { route: string; label?: string }) {
  const hits = usePoll(() => panelReads.hits(route))
  return (
    <p style={{ fontSize: 14 }}>
      {label ?? `Server hits on ${route}`}: <strong data-testid="hit-count">{hits ?? '…'}</strong>
    </p>
  )
}

/** What the server saw, from `GET /api/__fixture/requests`: the other side of the request log. */
export function ServerLogPanel({ route }: { route?: string }) {
  const requests = usePoll(() => panelReads.requests(route)) ?? []
  return (
    <section aria-label="server log" style={{ fontSize: 12, marginTop: 12 }}>
      <h3 style={{ fontSize: 13, margin: '8px 0 4px' }}>
        What the server saw{' '}
        <small style={{ fontWeight: 400, color: '#6b7280' }}>GET /api/__fixture/requests</small>
      </h3>
      <table style={{ borderCollapse: 'collapse', fontFamily: 'ui-monospace, monospace' }}>
        <thead>
          <tr>
            {['seq', 'method', 'path', 'outcome', 'status', 'fault'].map((h) => (
              <th key={h} style={{ padding: '2px 8px', textAlign: 'left' }}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {requests.map((r: RecordedRequest) => (
            <tr
              key={r.seq}
              data-testid="server-row"
              data-outcome={r.outcome}
              data-path={r.path}
              data-status={String(r.status)}
            >
              <td style={{ padding: '2px 8px' }}>{r.seq}</td>
              <td style={{ padding: '2px 8px' }}>{r.method}</td>
              <td style={{ padding: '2px 8px' }}>{r.path}</td>
              <td style={{ padding: '2px 8px' }}>{r.outcome}</td>
              <td style={{ padding: '2px 8px' }}>{r.status ?? '—'}</td>
              <td style={{ padding: '2px 8px' }}>{r.fault ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
