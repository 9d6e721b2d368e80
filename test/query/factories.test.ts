// The TanStack layer on its own: TanStack's framework-free core (what the Vue, Solid, Svelte and
// Angular adapters share), the client, and the fixture server. No React anywhere.
import { MutationObserver, QueryClient } from '@tanstack/query-core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { withFixtureServer } from '../fixture/withFixtureServer.js'
import { createApiClient } from '../../src/core/client'
import { apiInfiniteQueryOptions } from '../../src/query/apiInfiniteQueryOptions'
import { apiMutationOptions } from '../../src/query/apiMutationOptions'
import { apiQueryOptions } from '../../src/query/apiQueryOptions'
import { watchPendingRetry } from '../../src/query/pendingRetry'

const fixture = withFixtureServer()

/** Moves fake time in small steps, letting the real server answer between them, until `done()`. */
async function advanceUntil(done: () => boolean, stepMs = 50, maxMs = 120_000) {
  for (let elapsed = 0; elapsed <= maxMs; elapsed += stepMs) {
    if (done()) return
    await new Promise((resolve) => setImmediate(resolve))
    await vi.advanceTimersByTimeAsync(stepMs)
  }
  throw new Error(`still not done after ${maxMs} ms of fake time`)
}

const queryClient = () => new QueryClient({ defaultOptions: { queries: { retry: false } } })

describe('the default query key', () => {
  const api = createApiClient()
  it('is [url, params], with the method first when it is not GET', () => {
    expect(apiQueryOptions(api, { url: '/users' }).queryKey).toEqual(['/users'])
    expect(apiQueryOptions(api, { url: '/users', params: { page: 2 } }).queryKey).toEqual([
      '/users',
      { page: 2 },
    ])
    expect(apiQueryOptions(api, { url: '/search', method: 'post' }).queryKey).toEqual([
      'POST',
      '/search',
    ])
  })

  it('holds URLSearchParams as their query string (TanStack would hash them all as {})', () => {
    const key = apiQueryOptions(api, {
      url: '/users',
      params: new URLSearchParams('b=2&a=1'),
    }).queryKey
    expect(key).toEqual(['/users', 'b=2&a=1'])
  })

  it("is an infinite query's first page's params, marked, so a plain query cannot share its entry", () => {
    const pages = apiInfiniteQueryOptions(api, {
      url: '/users',
      params: (page: number) => ({ page }),
      initialPageParam: 1,
      getNextPageParam: () => undefined,
    })
    expect(pages.queryKey).toEqual(['/users', { page: 1 }, 'infinite'])
    const client = queryClient()
    expect(client.defaultQueryOptions(pages).queryHash).not.toBe(
      client.defaultQueryOptions(apiQueryOptions(api, { url: '/users', params: { page: 1 } }))
        .queryHash,
    )
  })

  it('is the queryKey given, as it is', () => {
    const key = ['users', 'list'] as const
    expect(apiQueryOptions(api, { url: '/users', queryKey: key }).queryKey).toBe(key)
  })
})

describe('the retries of a query, filed under its hash', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  const slowRetry = { retries: 2, baseDelayMs: 5_000, maxDelayMs: 5_000 }

  it.each([
    ['the default hash', {}],
    [
      'a queryKeyHashFn of its own',
      { queryKeyHashFn: (key: readonly unknown[]) => `mine:${key.length}` },
    ],
  ])('are readable for a prefetch under %s, until the request settles', async (_, hashing) => {
    fixture.api.setFault('GET /test/items', { type: 'status', status: 503, times: 1 })
    const api = createApiClient({ baseURL: fixture.url, retry: slowRetry })
    const client = queryClient()
    const items = apiQueryOptions(api, { url: '/test/items', ...hashing })
    const queryHash = client.defaultQueryOptions(items).queryHash
    const watch = watchPendingRetry(api, client, queryHash)
    let settled = false
    void client.prefetchQuery(items).then(() => (settled = true))
    await advanceUntil(() => watch.get() !== null, 10)
    expect(watch.get()).toMatchObject({ retryNumber: 1, maxRetries: 2 })
    expect(api.retry.pending.get(queryHash)?.error.status).toBe(503)
    await advanceUntil(() => settled)
    expect(watch.get()).toBeNull()
    expect(client.getQueryCache().get(queryHash)?.state.data).toHaveLength(3)
    expect(fixture.api.hits('GET /test/items')).toBe(2)
  })

  it('are found for options spread into fetchQuery with a hash function of their own', async () => {
    fixture.api.setFault('GET /test/items', { type: 'status', status: 503, times: 1 })
    const api = createApiClient({ baseURL: fixture.url, retry: slowRetry })
    const client = queryClient()
    let settled = false
    void client
      .fetchQuery({
        ...apiQueryOptions(api, { url: '/test/items' }),
        queryKeyHashFn: () => 'spread-hash',
      })
      .then(() => (settled = true))
    await advanceUntil(() => api.retry.pending.get('spread-hash') !== null, 10)
    expect(api.retry.pending.get('spread-hash')?.attempt).toBe(1)
    await advanceUntil(() => settled)
    expect(api.retry.pending.get('spread-hash')).toBeNull()
  })
})

describe('apiMutationOptions', () => {
  it('sends the variables as the body, with the method and URL given', async () => {
    const api = createApiClient({ baseURL: fixture.url })
    const observer = new MutationObserver(
      queryClient(),
      apiMutationOptions<unknown, { id: number; name: string }>(api, {
        method: 'PUT',
        url: (variables) => `/test/echo?id=${variables.id}`,
      }),
    )
    await observer.mutate({ id: 7, name: 'Ada' })
    const [sent] = fixture.api.requests('PUT /test/echo')
    expect(sent?.query).toEqual({ id: '7' })
    expect(JSON.parse(sent?.body ?? '')).toEqual({ id: 7, name: 'Ada' })
  })

  it('rejects with an ApiError when the app’s own request function throws', async () => {
    const api = createApiClient({ baseURL: fixture.url })
    const observer = new MutationObserver(
      queryClient(),
      apiMutationOptions<unknown, void>(api, {
        request: () => {
          throw new TypeError('no URL for that')
        },
      }),
    )
    await expect(observer.mutate()).rejects.toMatchObject({
      name: 'ApiError',
      message: 'no URL for that',
    })
  })
})
