import { useQueryClient } from '@tanstack/react-query'
import { useApiQuery } from 'resilient-query'
import { ErrorDetails } from './ErrorDetails'
import { fixture } from './fixture'
import { RetryNotice } from './RetryNotice'
import { Button } from './Scenario'
import { AuthBadge } from './WithSession'

/** Monogoto's SIM views, shared by the Monogoto and request-log stories. */
export interface Thing {
  iccid: string
  name: string
  state: string
  rate_plan: string
}

export const MONOGOTO_ICCIDS = ['8937010000000000001', '8937010000000000002', '8937010000000000003']

export function SimList() {
  const things = useApiQuery<{ things: Thing[] }>({ queryKey: ['things'], url: '/things' })
  return (
    <section aria-label="sim list">
      <RetryNotice retry={things.pendingRetry} />
      {things.error ? <ErrorDetails error={things.error} /> : null}
      {things.data ? (
        <ul data-testid="sim-list">
          {things.data.things.map((t) => (
            <li key={t.iccid}>
              {t.name} <code>{t.iccid}</code> ({t.state}, {t.rate_plan})
            </li>
          ))}
        </ul>
      ) : things.isPending ? (
        <p>Loading SIMs…</p>
      ) : null}
    </section>
  )
}

export function SimCard({ iccid }: { iccid: string }) {
  const thing = useApiQuery<Thing>({ queryKey: ['thing', iccid], url: `/things/${iccid}` })
  return (
    <div style={{ border: '1px solid #d1d5db', borderRadius: 6, padding: 8, minWidth: 180 }}>
      <code style={{ fontSize: 11 }}>{iccid}</code>
      <div data-testid={thing.data ? 'sim-loaded' : 'sim-loading'}>
        {thing.data
          ? `${thing.data.name}: ${thing.data.state}`
          : thing.error
            ? thing.error.message
            : 'loading…'}
        {thing.isFetching && thing.data ? ' (refetching)' : ''}
      </div>
    </div>
  )
}

export function Dashboard() {
  const queryClient = useQueryClient()
  return (
    <>
      <AuthBadge />
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 8 }}>
        {MONOGOTO_ICCIDS.map((iccid) => (
          <SimCard key={iccid} iccid={iccid} />
        ))}
      </div>
      <SimList />
      <Button onClick={() => void fixture.expireTokens()}>
        1. Expire every access token on the server
      </Button>
      <Button onClick={() => void queryClient.refetchQueries()}>2. Refetch all 4 queries</Button>
    </>
  )
}
