import { fireEvent, screen, waitFor } from '@testing-library/react'
import { Suspense, useState } from 'react'
import { describe, expect, it } from 'vitest'
import { withFixtureServer } from '../fixture/withFixtureServer.js'
import { ApiErrorBoundary } from '../../src/react/ApiErrorBoundary'
import type { ApiErrorFallbackProps, ApiErrorReport } from '../../src/react/ApiErrorBoundary'
import { useApiErrorBoundary } from '../../src/react/useApiErrorBoundary'
import { useApiQuery } from '../../src/react/useApiQuery'
import { useApiSuspenseQuery } from '../../src/react/useApiSuspenseQuery'
import { useApiClient } from '../../src/react/ApiContext'
import { guardConsoleError } from './consoleGuard'
import { renderWithApi } from './harness'

const fixture = withFixtureServer()
const console = guardConsoleError()

type Items = { id: string }[]

function Items({ path = '/test/items', throwOnError }: { path?: string; throwOnError?: boolean }) {
  const items = useApiQuery<Items>({
    queryKey: ['items', path],
    url: path,
    ...(throwOnError === undefined ? {} : { throwOnError }),
  })
  if (items.error) return <p>in place: {items.error.kind}</p>
  return <p>{items.data ? `items: ${items.data.length}` : 'loading'}</p>
}

function Fallback({ error, isApiError, reset }: ApiErrorFallbackProps) {
  return (
    <div role="alert">
      <p>caught: {isApiError ? `${error.kind} ${error.status ?? ''}`.trim() : String(error)}</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </div>
  )
}

const setup = (ui: React.ReactNode, provider?: Parameters<typeof renderWithApi>[1]) =>
  renderWithApi(ui, { baseURL: fixture.url, retry: false, ...provider })

describe('ApiErrorBoundary', () => {
  it('catches a server error, and reset() refetches: the server sees the new request', async () => {
    console.expectError('Service Unavailable')
    fixture.api.setFault('GET /test/items', { type: 'status', status: 503, times: 1 })
    setup(
      <ApiErrorBoundary FallbackComponent={Fallback}>
        <Items />
      </ApiErrorBoundary>,
    )
    expect(await screen.findByText('caught: server 503')).toBeInTheDocument()
    expect(fixture.api.hits('GET /test/items')).toBe(1)
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByText(/^items: \d+$/)).toBeInTheDocument()
    expect(fixture.api.hits('GET /test/items')).toBe(2)
  })

  it('keeps validation, not_found and conflict errors in the hook by default', async () => {
    fixture.api.setFault('GET /test/items', { type: 'status', status: 404, times: 1 })
    fixture.api.setFault('GET /test/echo', { type: 'status', status: 422, times: 1 })
    fixture.api.setFault('GET /test/status/409', { type: 'status', status: 409, times: 1 })
    setup(
      <ApiErrorBoundary FallbackComponent={Fallback}>
        <Items />
        <Items path="/test/echo" />
        <Items path="/test/status/409" />
      </ApiErrorBoundary>,
    )
    expect(await screen.findByText('in place: not_found')).toBeInTheDocument()
    expect(await screen.findByText('in place: validation')).toBeInTheDocument()
    expect(await screen.findByText('in place: conflict')).toBeInTheDocument()
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('follows the provider policy and a per-hook override', async () => {
    console.expectError('Not Found')
    fixture.api.setFault('GET /test/items', { type: 'status', status: 500, times: 1 })
    fixture.api.setFault('GET /test/echo', { type: 'status', status: 404, times: 1 })
    setup(
      <>
        <ApiErrorBoundary FallbackComponent={Fallback}>
          <Items />
        </ApiErrorBoundary>
        <ApiErrorBoundary FallbackComponent={Fallback}>
          <Items path="/test/echo" throwOnError />
        </ApiErrorBoundary>
      </>,
      { provider: { throwOnError: false } },
    )
    // The provider says "never": the 500 stays in its hook; the hook says "always": the 404 throws.
    expect(await screen.findByText('in place: server')).toBeInTheDocument()
    expect(await screen.findByText('caught: not_found 404')).toBeInTheDocument()
  })

  it('shows the fallback for the kind when one is given, and the general one otherwise', async () => {
    console.expectError('Unauthorized')
    console.expectError('Too Many Requests')
    console.expectError('Bad Gateway')
    fixture.api.setFault('GET /test/status/401', { type: 'status', status: 401, times: 1 })
    fixture.api.setFault('GET /test/status/429', {
      type: 'status',
      status: 429,
      times: 1,
      retryAfter: 30,
    })
    fixture.api.setFault('GET /test/status/502', { type: 'status', status: 502, times: 1 })
    const fallbacks = {
      unauthorized: () => <p>please sign in again</p>,
      rate_limited: ({ error }: ApiErrorFallbackProps & { isApiError: true }) => (
        <p>slow down for {Math.round((error.retryAfterMs ?? 0) / 1000)} s</p>
      ),
    }
    setup(
      <>
        {[401, 429, 502].map((status) => (
          <ApiErrorBoundary key={status} fallbacks={fallbacks} FallbackComponent={Fallback}>
            <Items path={`/test/status/${status}`} />
          </ApiErrorBoundary>
        ))}
      </>,
    )
    expect(await screen.findByText('please sign in again')).toBeInTheDocument()
    expect(await screen.findByText('slow down for 30 s')).toBeInTheDocument()
    expect(await screen.findByText('caught: server 502')).toBeInTheDocument()
  })

  it('is caught by the nearest boundary when boundaries are nested', async () => {
    console.expectError('Internal Server Error')
    fixture.api.setFault('GET /test/items', { type: 'status', status: 500, times: 1 })
    setup(
      <ApiErrorBoundary fallback={<p>outer fallback</p>}>
        <p>outer content</p>
        <ApiErrorBoundary fallback={<p>inner fallback</p>}>
          <Items />
        </ApiErrorBoundary>
      </ApiErrorBoundary>,
    )
    expect(await screen.findByText('inner fallback')).toBeInTheDocument()
    expect(screen.getByText('outer content')).toBeInTheDocument()
    expect(screen.queryByText('outer fallback')).toBeNull()
  })

  it('resets when a resetKey changes while the fallback shows', async () => {
    console.expectError('Internal Server Error')
    fixture.api.setFault('GET /test/items', { type: 'status', status: 500, times: 1 })
    function Page() {
      const [page, setPage] = useState(1)
      return (
        <>
          <button type="button" onClick={() => setPage((p) => p + 1)}>
            next page
          </button>
          <ApiErrorBoundary resetKeys={[page]} fallback={<p>page failed</p>}>
            <Items />
          </ApiErrorBoundary>
        </>
      )
    }
    setup(<Page />)
    expect(await screen.findByText('page failed')).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: 'next page' }))
    expect(await screen.findByText(/^items: \d+$/)).toBeInTheDocument()
    expect(fixture.api.hits('GET /test/items')).toBe(2)
  })

  it('gives a thrown non-ApiError to the fallback as it is, with isApiError false', async () => {
    console.expectError('render bug')
    function Buggy(): never {
      throw new TypeError('render bug')
    }
    setup(
      <ApiErrorBoundary FallbackComponent={Fallback}>
        <Buggy />
      </ApiErrorBoundary>,
    )
    expect(await screen.findByText('caught: TypeError: render bug')).toBeInTheDocument()
  })

  it('receives errors from event handlers through useApiErrorBoundary', async () => {
    console.expectError('Bad Gateway')
    fixture.api.setFault('POST /test/echo', { type: 'status', status: 502, times: 1 })
    function Export() {
      const api = useApiClient()
      const showBoundary = useApiErrorBoundary()
      return (
        <button type="button" onClick={() => void api.post('/test/echo').catch(showBoundary)}>
          export
        </button>
      )
    }
    setup(
      <ApiErrorBoundary FallbackComponent={Fallback}>
        <Export />
      </ApiErrorBoundary>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'export' }))
    expect(await screen.findByText('caught: server 502')).toBeInTheDocument()
  })

  it('reports to onError a form of the error that holds no token', async () => {
    console.expectError('Internal Server Error')
    const issued = fixture.api.issueToken()
    fixture.api.setFault('GET /test/items', { type: 'status', status: 500, times: 1 })
    const reports: ApiErrorReport[] = []
    renderWithApi(
      <ApiErrorBoundary fallback={<p>failed</p>} onError={(report) => reports.push(report)}>
        <Items path={`/test/items?access_token=${issued.accessToken}`} />
      </ApiErrorBoundary>,
      {
        baseURL: fixture.url,
        retry: false,
        auth: { getAccessToken: () => issued.accessToken, refresh: () => issued.accessToken },
      },
    )
    expect(await screen.findByText('failed')).toBeInTheDocument()
    expect(reports).toHaveLength(1)
    const logged = JSON.stringify(reports[0]!.error)
    expect(logged).toContain('Internal Server Error')
    expect(logged).not.toContain(issued.accessToken)
  })
})

describe('useApiSuspenseQuery inside the boundary', () => {
  function SuspenseItems() {
    const { data } = useApiSuspenseQuery<Items>({
      queryKey: ['suspense-items'],
      url: '/test/items',
    })
    return <p>suspense items: {data.length}</p>
  }

  const renderSuspenseItems = () =>
    setup(
      <ApiErrorBoundary FallbackComponent={Fallback}>
        <Suspense fallback={<p>suspended</p>}>
          <SuspenseItems />
        </Suspense>
      </ApiErrorBoundary>,
    )

  it('suspends, then shows the data', async () => {
    renderSuspenseItems()
    expect(screen.getByText('suspended')).toBeInTheDocument()
    expect(await screen.findByText(/^suspense items: \d+$/)).toBeInTheDocument()
  })

  it('sends its failure to the boundary, and reset() fetches again', async () => {
    console.expectError('Service Unavailable')
    fixture.api.setFault('GET /test/items', { type: 'status', status: 503, times: 1 })
    renderSuspenseItems()
    expect(await screen.findByText('caught: server 503')).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(screen.getByText(/^suspense items: \d+$/)).toBeInTheDocument())
    expect(fixture.api.hits('GET /test/items')).toBe(2)
  })
})
