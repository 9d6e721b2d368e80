import { act, screen } from '@testing-library/react'
import { version } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { withFixtureServer } from '../fixture/withFixtureServer.js'
import { useApiQuery } from '../../src/react/useApiQuery'
import type { UseApiQueryResult } from '../../src/react/useApiQuery'
import { advanceUntil, flushIO, renderWithApi } from './harness'

const fixture = withFixtureServer()

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
})
afterEach(() => {
  vi.useRealTimers()
})

type Items = unknown[]

describe(`useApiQuery (React ${version})`, () => {
  it('shows pendingRetry.retryNumber 1 then 2 for 503, 503, 200, then the data, with one HTTP layer retrying', async () => {
    fixture.api.setFault('GET /test/items', { type: 'status', status: 503, times: 2 })
    const seen: (string | null)[] = []
    function ItemsView() {
      const items = useApiQuery<Items>({ queryKey: ['items'], url: '/test/items' })
      const label = items.data
        ? 'loaded'
        : items.pendingRetry
          ? `retry ${items.pendingRetry.retryNumber} of ${items.pendingRetry.maxRetries}`
          : null
      if (seen.at(-1) !== label) seen.push(label)
      return <p>{label ?? 'loading'}</p>
    }
    renderWithApi(<ItemsView />, { baseURL: fixture.url })

    await advanceUntil(() => screen.queryByText('loaded') !== null)
    expect(seen).toEqual([null, 'retry 1 of 3', 'retry 2 of 3', 'loaded'])
    expect(fixture.api.hits('GET /test/items')).toBe(3)
  })

  it('gives error as an ApiError after the client gave up, and TanStack does not retry on top', async () => {
    fixture.api.setFault('GET /test/items', { type: 'status', status: 503, times: 'always' })
    function ItemsView() {
      const items = useApiQuery<Items>({
        queryKey: ['items'],
        url: '/test/items',
        throwOnError: false,
      })
      return <p>{items.error ? `${items.error.kind} ${items.error.status}` : 'waiting'}</p>
    }
    renderWithApi(<ItemsView />, { baseURL: fixture.url, retry: 2 })
    await advanceUntil(() => screen.queryByText('server 503') !== null)
    await advanceUntil(() => false, { maxMs: 60_000, stepMs: 1_000 }).catch(() => undefined)
    // 1 call + 2 retries from the client, and nothing more from TanStack Query.
    expect(fixture.api.hits('GET /test/items')).toBe(3)
  })

  it('aborts a sleeping retry when the component unmounts: the server sees no further hit', async () => {
    fixture.api.setFault('GET /test/items', { type: 'status', status: 503, times: 'always' })
    function ItemsView() {
      const items = useApiQuery<Items>({ queryKey: ['items'], url: '/test/items' })
      return <p>{items.pendingRetry ? 'retry scheduled' : 'waiting'}</p>
    }
    const view = renderWithApi(<ItemsView />, {
      baseURL: fixture.url,
      retry: { retries: 3, baseDelayMs: 5_000 },
    })
    await advanceUntil(() => screen.queryByText('retry scheduled') !== null, { stepMs: 1 })
    expect(fixture.api.hits('GET /test/items')).toBe(1)
    view.unmount()
    await vi.advanceTimersByTimeAsync(120_000)
    await flushIO()
    expect(fixture.api.hits('GET /test/items')).toBe(1)
  })

  it('builds the request with a function of the query context, and shows its retries', async () => {
    fixture.api.setFault('GET /test/items', { type: 'status', status: 502, times: 1 })
    const signals: AbortSignal[] = []
    function ItemsView() {
      const items = useApiQuery<Items>({
        queryKey: ['custom', 'items'],
        request: ({ queryKey, signal }) => {
          signals.push(signal)
          return { url: `/test/${String(queryKey[1])}` }
        },
      })
      return (
        <p>
          {items.data
            ? 'loaded'
            : items.pendingRetry
              ? `retry ${items.pendingRetry.retryNumber}`
              : 'waiting'}
        </p>
      )
    }
    renderWithApi(<ItemsView />, { baseURL: fixture.url })
    await advanceUntil(() => screen.queryByText('retry 1') !== null, { stepMs: 1 })
    await advanceUntil(() => screen.queryByText('loaded') !== null)
    expect(signals).toHaveLength(1)
    expect(fixture.api.hits('GET /test/items')).toBe(2)
  })
})

describe('callbacks the caller passes in its request config', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it("hears the retry announcements as well as the hook's own retry state", async () => {
    fixture.api.setFault('GET /test/items', { type: 'status', status: 503, times: 1 })
    const heard: number[] = []
    function ItemsView() {
      const items = useApiQuery<unknown[]>({
        queryKey: ['caller-callback'],
        url: '/test/items',
        config: { onRetryScheduled: (a) => heard.push(a.attempt) },
      })
      return (
        <p>
          {items.data
            ? 'loaded'
            : items.pendingRetry
              ? `retry ${items.pendingRetry.retryNumber}`
              : 'waiting'}
        </p>
      )
    }
    renderWithApi(<ItemsView />, { baseURL: fixture.url })
    await advanceUntil(() => screen.queryByText('retry 1') !== null, { stepMs: 1 })
    await advanceUntil(() => screen.queryByText('loaded') !== null)
    expect(heard).toEqual([1])
  })
})

describe('retry state across background refetches', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  let renders = 0
  let current: UseApiQueryResult<Items> | undefined
  function ItemsView() {
    renders++
    const items = useApiQuery<Items>({ queryKey: ['refetched'], url: '/test/items' })
    current = items
    return (
      <p>
        {items.pendingRetry
          ? `retry ${items.pendingRetry.retryNumber}`
          : items.data
            ? 'loaded'
            : 'loading'}
      </p>
    )
  }
  async function refetch() {
    let done = false
    void current!.refetch().then(() => {
      done = true
    })
    await advanceUntil(() => done)
    await act(() => vi.advanceTimersByTimeAsync(50))
  }

  it('costs a component that reads retry no render when a refetch brings the same data', async () => {
    renders = 0
    renderWithApi(<ItemsView />, { baseURL: fixture.url })
    await advanceUntil(() => screen.queryByText('loaded') !== null)
    const before = renders
    for (let i = 0; i < 3; i++) await refetch()
    expect(fixture.api.hits('GET /test/items')).toBe(4)
    expect(renders).toBe(before)
  })

  it('shows the retry of a refetch, and stops showing it when the refetch brings the same data', async () => {
    renderWithApi(<ItemsView />, { baseURL: fixture.url })
    await advanceUntil(() => screen.queryByText('loaded') !== null)
    fixture.api.setFault('GET /test/items', { type: 'status', status: 503, times: 1 })
    let done = false
    void current!.refetch().then(() => {
      done = true
    })
    await advanceUntil(() => screen.queryByText('retry 1') !== null, { stepMs: 1 })
    await advanceUntil(() => done)
    await act(() => vi.advanceTimersByTimeAsync(50))
    expect(screen.getByText('loaded')).toBeInTheDocument()
    expect(fixture.api.hits('GET /test/items')).toBe(3)
  })
})
