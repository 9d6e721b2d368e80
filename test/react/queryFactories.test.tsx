import { QueryClient, QueryClientProvider, useQueries } from '@tanstack/react-query'
import type { InfiniteData, QueryKey } from '@tanstack/react-query'
import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { withFixtureServer } from '../fixture/withFixtureServer.js'
import { createApiClient } from '../../src/core/client'
import { ApiError } from '../../src/core/errors/ApiError'
import { apiQueryOptions } from '../../src/query/apiQueryOptions'
import { ApiProvider, createApiQueryClient } from '../../src/react/ApiProvider'
import { useApiInfiniteQuery } from '../../src/react/useApiInfiniteQuery'
import { useApiQuery } from '../../src/react/useApiQuery'
import { usePendingRetry } from '../../src/react/usePendingRetry'
import { advanceUntil, flushIO, renderWithApi } from './harness'

const fixture = withFixtureServer()

interface Echo {
  query: Record<string, string>
}

const requestedQueries = (route: string) => fixture.api.requests(route).map((r) => r.query)

describe('the default query key: [url, params]', () => {
  function Page({ params }: { params: Record<string, unknown> }) {
    const page = useApiQuery<Echo>({ url: '/test/echo', params })
    return <p>{page.data ? `page ${page.data.query['page']}` : 'loading'}</p>
  }

  it('gives two params two cache entries and two requests', async () => {
    const queryClient = createApiQueryClient()
    renderWithApi(
      <>
        <Page params={{ page: 1 }} />
        <Page params={{ page: 2 }} />
      </>,
      { baseURL: fixture.url, provider: { queryClient } },
    )
    expect(await screen.findByText('page 1')).toBeInTheDocument()
    expect(await screen.findByText('page 2')).toBeInTheDocument()
    expect(requestedQueries('GET /test/echo')).toEqual([{ page: '1' }, { page: '2' }])
    expect(
      queryClient
        .getQueryCache()
        .getAll()
        .map((query) => query.queryKey),
    ).toEqual([
      ['/test/echo', { page: 1 }],
      ['/test/echo', { page: 2 }],
    ])
  })

  it('is the same key whatever order the params were written in: one entry, one request', async () => {
    const queryClient = createApiQueryClient()
    renderWithApi(
      <>
        <Page params={{ page: 1, sort: 'name' }} />
        <Page params={{ sort: 'name', page: 1 }} />
      </>,
      { baseURL: fixture.url, provider: { queryClient } },
    )
    expect(await screen.findAllByText('page 1')).toHaveLength(2)
    expect(fixture.api.hits('GET /test/echo')).toBe(1)
    expect(queryClient.getQueryCache().getAll()).toHaveLength(1)
  })
})

describe('a prefetched query', () => {
  it('renders without a request: the hook and the factory make the same key', async () => {
    const api = createApiClient({ baseURL: fixture.url })
    const queryClient = createApiQueryClient()
    await queryClient.prefetchQuery(
      apiQueryOptions<Echo>(api, { url: '/test/echo', params: { page: 7 } }),
    )
    expect(fixture.api.hits('GET /test/echo')).toBe(1)
    function Page() {
      const page = useApiQuery<Echo>({
        url: '/test/echo',
        params: { page: 7 },
        staleTime: 60_000,
      })
      return <p>{page.data ? `page ${page.data.query['page']}` : 'loading'}</p>
    }
    render(
      <ApiProvider client={api} queryClient={queryClient}>
        <Page />
      </ApiProvider>,
    )
    expect(screen.getByText('page 7')).toBeInTheDocument()
    await flushIO()
    expect(fixture.api.hits('GET /test/echo')).toBe(1)
  })
})

describe('an enclosing QueryClientProvider', () => {
  it('is the QueryClient ApiProvider uses, and development warns that it retries on its own', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const api = createApiClient({ baseURL: fixture.url })
    const appQueryClient = new QueryClient()
    function Items() {
      const items = useApiQuery<unknown[]>({ url: '/test/items' })
      return <p>{items.data ? `items: ${items.data.length}` : 'loading'}</p>
    }
    render(
      <QueryClientProvider client={appQueryClient}>
        <ApiProvider client={api}>
          <Items />
        </ApiProvider>
      </QueryClientProvider>,
    )
    expect(await screen.findByText('items: 3')).toBeInTheDocument()
    expect(appQueryClient.getQueryData(['/test/items'])).toHaveLength(3)
    const warned = warn.mock.calls.map(([text]) => String(text))
    expect(warned.filter((text) => text.includes('retries failed queries'))).toHaveLength(1)
    warn.mockRestore()
  })

  it('gives no warning when that client does not retry', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    render(
      <QueryClientProvider client={createApiQueryClient()}>
        <ApiProvider client={createApiClient({ baseURL: fixture.url })}>
          <p>app</p>
        </ApiProvider>
      </QueryClientProvider>,
    )
    await flushIO()
    expect(warn).not.toHaveBeenCalled()
    warn.mockRestore()
  })

  it("keeps the app's own defaults (a staleTime for server rendering), with retries off whatever is passed", async () => {
    const queryClient = createApiQueryClient({
      defaultOptions: {
        queries: { staleTime: 60_000, retry: 3 } as { staleTime: number },
        mutations: { retry: 2, gcTime: 1000 } as { gcTime: number },
      },
    })
    const defaults = queryClient.getDefaultOptions()
    expect(defaults.queries).toMatchObject({ staleTime: 60_000, retry: false })
    expect(defaults.mutations).toMatchObject({ gcTime: 1000, retry: false })

    // fresh data from a prefetch is not fetched again when the component mounts
    const api = createApiClient({ baseURL: fixture.url })
    await queryClient.prefetchQuery(apiQueryOptions<unknown[]>(api, { url: '/test/items' }))
    function Items() {
      const items = useApiQuery<unknown[]>({ url: '/test/items' })
      return <p>{items.data ? `items: ${items.data.length}` : 'loading'}</p>
    }
    render(
      <ApiProvider client={api} queryClient={queryClient}>
        <Items />
      </ApiProvider>,
    )
    expect(await screen.findByText('items: 3')).toBeInTheDocument()
    await flushIO()
    expect(fixture.api.hits('GET /test/items')).toBe(1)
  })
})

describe('an infinite list', () => {
  it('loads three pages, each with its own params', async () => {
    function Pages() {
      const pages = useApiInfiniteQuery<Echo, InfiniteData<Echo, number>, QueryKey, number>({
        url: '/test/echo',
        params: (page) => ({ page, per_page: 2 }),
        initialPageParam: 1,
        getNextPageParam: (_last, _all, page) => (page < 3 ? page + 1 : undefined),
      })
      return (
        <>
          <ul>
            {pages.data?.pages.map((page) => (
              <li key={page.query['page']}>page {page.query['page']}</li>
            ))}
          </ul>
          <button
            type="button"
            disabled={!pages.hasNextPage || pages.isFetching}
            onClick={() => void pages.fetchNextPage()}
          >
            more
          </button>
        </>
      )
    }
    renderWithApi(<Pages />, { baseURL: fixture.url })
    expect(await screen.findByText('page 1')).toBeInTheDocument()
    fireEvent.click(await screen.findByRole('button', { name: 'more' }))
    expect(await screen.findByText('page 2')).toBeInTheDocument()
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'more' })).toBeEnabled())
    fireEvent.click(screen.getByRole('button', { name: 'more' }))
    expect(await screen.findByText('page 3')).toBeInTheDocument()
    expect(requestedQueries('GET /test/echo')).toEqual([
      { page: '1', per_page: '2' },
      { page: '2', per_page: '2' },
      { page: '3', per_page: '2' },
    ])
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'more' })).toBeDisabled())
  })
})

describe('useQueries over three factories, one of them failing', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('shows typed errors, and usePendingRetry shows the retries of the failing one', async () => {
    fixture.api.setFault('GET /test/status/503', {
      type: 'status',
      status: 503,
      times: 'always',
    })
    const api = createApiClient({
      baseURL: fixture.url,
      retry: { retries: 2, baseDelayMs: 4_000, maxDelayMs: 4_000 },
    })
    const queries = [
      apiQueryOptions<unknown[]>(api, { url: '/test/items' }),
      apiQueryOptions<Echo>(api, { url: '/test/echo', params: { page: 1 } }),
      apiQueryOptions<unknown>(api, { url: '/test/status/503' }),
    ] as const
    const seen: unknown[] = []
    function Retry() {
      const retry = usePendingRetry(queries[2])
      return <p>{retry ? `retry ${retry.retryNumber} of ${retry.maxRetries}` : 'no retry waits'}</p>
    }
    function Dashboard() {
      const results = useQueries({ queries })
      seen.push(...results.map((result) => result.error).filter(Boolean))
      return (
        <>
          {results.map((result, index) => (
            <p key={index}>
              query {index}: {result.error ? result.error.kind : result.data ? 'ok' : 'loading'}
            </p>
          ))}
          <Retry />
        </>
      )
    }
    render(
      <ApiProvider client={api}>
        <Dashboard />
      </ApiProvider>,
    )
    await advanceUntil(() => screen.queryByText('retry 1 of 2') !== null, { stepMs: 10 })
    expect(screen.getByText('query 0: ok')).toBeInTheDocument()
    expect(screen.getByText('query 1: ok')).toBeInTheDocument()
    await advanceUntil(() => screen.queryByText('retry 2 of 2') !== null)
    await advanceUntil(() => screen.queryByText('query 2: server') !== null)
    expect(screen.getByText('no retry waits')).toBeInTheDocument()
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.every((error) => error instanceof ApiError)).toBe(true)
    expect(fixture.api.hits('GET /test/status/503')).toBe(3)
    await act(() => vi.advanceTimersByTimeAsync(60_000))
    expect(fixture.api.hits('GET /test/status/503')).toBe(3)
  })
})
