// Issue 16.8: axios still supports CancelToken, and a retry's wait must end as soon as one is
// canceled, exactly as an AbortSignal ends it. The clock is fake and never moved while the
// request is expected to settle: a rejection that needed the wait to run out would not come.
import axios from 'axios'
import type { CancelTokenSource } from 'axios'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { ApiError } from '../../../src/core/errors'
import { createTestClient, flushIO, startServer } from './harness'
import type { FixtureServer } from './harness'

let server: FixtureServer
const ITEMS = 'GET /test/items'

beforeEach(async () => {
  server = await startServer()
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  vi.setSystemTime(Date.parse('2030-01-01T00:00:00Z'))
})

afterEach(async () => {
  vi.useRealTimers()
  await server.close()
})

/**
 * The outcome of `promise` if it settles while the fake clock stands still, else 'still waiting'.
 * The real-time bound only keeps a wait that never ends (the defect) from running into the test's
 * timeout; the socket round trip it allows for takes a few ms, 2 s leaves room for a busy machine.
 */
const settledSoon = (promise: Promise<unknown>) =>
  Promise.race([
    promise.then(
      (value: unknown) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    flushIO(2000).then(() => 'still waiting' as const),
  ])

/** Counts the token's subscriptions still in place (a listener left behind would be a leak). */
function watchSubscriptions(source: CancelTokenSource) {
  let active = 0
  const { subscribe, unsubscribe } = source.token
  vi.spyOn(source.token, 'subscribe').mockImplementation((listener) => {
    active++
    subscribe.call(source.token, listener)
  })
  vi.spyOn(source.token, 'unsubscribe').mockImplementation((listener) => {
    active--
    unsubscribe.call(source.token, listener)
  })
  return () => active
}

describe('a CancelToken', () => {
  test('ends a 3 s Retry-After wait at once, rejecting as canceled and sending nothing more', async () => {
    server.api.setFault(ITEMS, { type: 'status', status: 503, retryAfter: 3 })
    const client = createTestClient(server.url)
    const source = axios.CancelToken.source()

    const request = client.api.get('/test/items', { cancelToken: source.token })
    await client.nextAnnouncement()
    source.cancel('left the page')

    const outcome = await settledSoon(request)
    expect(outcome).toEqual({ error: expect.any(ApiError) })
    expect(outcome).toMatchObject({ error: { kind: 'canceled' } })
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(60_000)
    await flushIO()
    expect(server.api.hits(ITEMS)).toBe(1)
    expect(client.settled).toMatchObject([{ retries: 1, error: { kind: 'canceled' } }])
  })

  test('canceled before a wait begins, sends no retry and waits for nothing', async () => {
    server.api.setFault(ITEMS, { type: 'status', status: 503, retryAfter: 3 })
    const client = createTestClient(server.url)
    const source = axios.CancelToken.source()
    // The app cancels as soon as it hears of the retry: before the wait starts.
    client.retry.subscribe(() => source.cancel('not worth waiting for'))

    const outcome = await settledSoon(client.api.get('/test/items', { cancelToken: source.token }))

    expect(outcome).toMatchObject({ error: { kind: 'canceled' } })
    expect(vi.getTimerCount()).toBe(0)
    expect(server.api.hits(ITEMS)).toBe(1)
  })

  test('leaves no subscription on the token once the wait ends normally', async () => {
    server.api.setFault(ITEMS, { type: 'status', status: 503, retryAfter: 1 })
    const client = createTestClient(server.url)
    const source = axios.CancelToken.source()
    const activeSubscriptions = watchSubscriptions(source)

    const request = client.api.get('/test/items', { cancelToken: source.token })
    await client.nextAnnouncement()
    await vi.advanceTimersByTimeAsync(1000)

    await expect(request).resolves.toMatchObject({ status: 200 })
    expect(server.api.hits(ITEMS)).toBe(2)
    expect(activeSubscriptions()).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })
})
