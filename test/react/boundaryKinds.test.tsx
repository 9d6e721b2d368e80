import { act, fireEvent, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MockInstance } from 'vitest'
import { withFixtureServer } from '../fixture/withFixtureServer.js'
import { ApiErrorBoundary } from '../../src/react/ApiErrorBoundary'
import { useApiQuery } from '../../src/react/useApiQuery'
import { guardConsoleError } from './consoleGuard'
import { flushIO, renderWithApi } from './harness'

const fixture = withFixtureServer()
const console = guardConsoleError()

const warned: string[] = []
let warnSpy: MockInstance<typeof globalThis.console.warn> | undefined
beforeEach(() => {
  warned.length = 0
  warnSpy = vi.spyOn(globalThis.console, 'warn').mockImplementation((text: unknown) => {
    warned.push(String(text))
  })
})
afterEach(() => {
  // Only this spy: the console guard reads its own after this hook.
  warnSpy?.mockRestore()
})

function Items({ path = '/test/items' }: { path?: string }) {
  const items = useApiQuery<unknown[]>({ url: path })
  if (items.error) return <p>in place: {items.error.kind}</p>
  return <p>{items.data ? `items: ${items.data.length}` : 'loading'}</p>
}

const setup = (ui: React.ReactNode) => renderWithApi(ui, { baseURL: fixture.url, retry: false })

describe('errors with no boundary to handle them (issue 15, finding 5)', () => {
  it('stay in the hook when no ApiErrorBoundary is above: the page stays, and development says why', async () => {
    fixture.api.setFault('GET /test/items', { type: 'status', status: 503, times: 1 })
    setup(
      <main>
        <h1>Dashboard</h1>
        <Items />
      </main>,
    )
    expect(await screen.findByText('in place: server')).toBeInTheDocument()
    expect(screen.getByRole('heading', { name: 'Dashboard' })).toBeInTheDocument()
    expect(warned.filter((text) => text.includes('no ApiErrorBoundary above'))).toHaveLength(1)
    expect(warned[0]).toContain('<ApiErrorBoundary')
  })

  it('stay in the hook when the boundaries above handle other kinds only', async () => {
    fixture.api.setFault('GET /test/items', { type: 'status', status: 403, times: 1 })
    setup(
      <ApiErrorBoundary kinds={['unauthorized']} fallback={<p>sign in again</p>}>
        <ApiErrorBoundary kinds={['server', 'network']} fallback={<p>panel failed</p>}>
          <Items />
        </ApiErrorBoundary>
      </ApiErrorBoundary>,
    )
    expect(await screen.findByText('in place: forbidden')).toBeInTheDocument()
    expect(screen.queryByText('sign in again')).toBeNull()
    expect(screen.queryByText('panel failed')).toBeNull()
  })
})

describe('nested boundaries that say which kinds they handle', () => {
  const page = (
    <ApiErrorBoundary
      kinds={['unauthorized']}
      fallbackRender={({ reset }) => (
        <button type="button" onClick={reset}>
          Sign in again
        </button>
      )}
    >
      <h1>App</h1>
      <ApiErrorBoundary kinds={['server', 'network', 'timeout']} fallback={<p>panel failed</p>}>
        <Items />
      </ApiErrorBoundary>
    </ApiErrorBoundary>
  )

  it('show the root "sign in again" screen for unauthorized, past an inner boundary for other kinds', async () => {
    console.expectError('Unauthorized')
    fixture.api.setFault('GET /test/items', { type: 'status', status: 401, times: 1 })
    setup(page)
    expect(await screen.findByRole('button', { name: 'Sign in again' })).toBeInTheDocument()
    expect(screen.queryByText('panel failed')).toBeNull()
    expect(screen.queryByRole('heading', { name: 'App' })).toBeNull()
  })

  it('let the inner boundary catch the kinds it handles, and keep the rest of the page', async () => {
    console.expectError('Service Unavailable')
    fixture.api.setFault('GET /test/items', { type: 'status', status: 503, times: 1 })
    setup(page)
    expect(await screen.findByText('panel failed')).toBeInTheDocument()
    expect(screen.getByRole('heading', { name: 'App' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Sign in again' })).toBeNull()
  })

  it("refetch the inner boundary's queries when the root boundary resets", async () => {
    console.expectError('Unauthorized')
    fixture.api.setFault('GET /test/items', { type: 'status', status: 401, times: 1 })
    setup(page)
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in again' }))
    expect(await screen.findByText(/^items: \d+$/)).toBeInTheDocument()
    expect(fixture.api.hits('GET /test/items')).toBe(2)
  })

  it('report to onError only the errors the boundary handles', async () => {
    console.expectError('Unauthorized')
    fixture.api.setFault('GET /test/items', { type: 'status', status: 401, times: 1 })
    const inner: string[] = []
    const outer: string[] = []
    setup(
      <ApiErrorBoundary
        kinds={['unauthorized']}
        fallback={<p>sign in again</p>}
        onError={(report) => outer.push(report.error.message)}
      >
        <ApiErrorBoundary
          kinds={['server']}
          fallback={<p>panel failed</p>}
          onError={(report) => inner.push(report.error.message)}
        >
          <Items />
        </ApiErrorBoundary>
      </ApiErrorBoundary>,
    )
    expect(await screen.findByText('sign in again')).toBeInTheDocument()
    expect(inner).toEqual([])
    expect(outer).toHaveLength(1)
  })
})

describe('a root "sign in again" boundary (found by a first-time user: it could not be left)', () => {
  function Protected() {
    const result = useApiQuery<{ subject: string }>({ url: '/test/protected' })
    return <p>{result.data ? `protected: ${result.data.subject}` : 'loading'}</p>
  }

  it('resets by itself when the session comes back, and refetches what failed', async () => {
    console.expectError('The session has expired')
    const store = { access: fixture.api.issueToken().accessToken }
    fixture.api.expireTokens()
    const { client } = renderWithApi(
      <ApiErrorBoundary kinds={['unauthorized']} fallback={<p>signed out: sign in again</p>}>
        <Protected />
      </ApiErrorBoundary>,
      {
        baseURL: fixture.url,
        retry: false,
        auth: {
          getAccessToken: () => store.access,
          // the refresh token is refused: the session ends
          refresh: () => Promise.reject(new Error('refresh token revoked')),
        },
      },
    )
    expect(await screen.findByText('signed out: sign in again')).toBeInTheDocument()
    expect(client.auth!.getState()).toBe('signed-out')
    expect(fixture.api.hits('GET /test/protected')).toBe(1)

    store.access = fixture.api.issueToken().accessToken
    act(() => client.auth!.signIn(store.access))

    expect(await screen.findByText(/^protected: /)).toBeInTheDocument()
    expect(screen.queryByText('signed out: sign in again')).toBeNull()
    expect(fixture.api.hits('GET /test/protected')).toBe(2)
  })

  it('stays when it shows another kind', async () => {
    console.expectError('Service Unavailable')
    fixture.api.setFault('GET /test/items', { type: 'status', status: 503, times: 1 })
    const { client } = renderWithApi(
      <ApiErrorBoundary fallback={<p>panel failed</p>}>
        <Items />
      </ApiErrorBoundary>,
      {
        baseURL: fixture.url,
        retry: false,
        auth: { getAccessToken: () => undefined, refresh: () => Promise.resolve(undefined) },
      },
    )
    expect(await screen.findByText('panel failed')).toBeInTheDocument()
    act(() => client.auth!.signOut())
    act(() => client.auth!.signIn(fixture.api.issueToken().accessToken))
    await flushIO()
    expect(screen.getByText('panel failed')).toBeInTheDocument()
    expect(fixture.api.hits('GET /test/items')).toBe(1)
  })
})
