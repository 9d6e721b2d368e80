import { fireEvent, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MockInstance } from 'vitest'
import { withFixtureServer } from '../fixture/withFixtureServer.js'
import { ApiErrorBoundary } from '../../src/react/ApiErrorBoundary'
import { useApiQuery } from '../../src/react/useApiQuery'
import { guardConsoleError } from './consoleGuard'
import { renderWithApi } from './harness'

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
