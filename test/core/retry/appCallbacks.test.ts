// Issue 16.12 (retry side): what the app hands the retry layer (listeners, per-request callbacks,
// shouldRetry, an idempotencyKey function) may throw; the request settles as it would have
// without the throw, and the throw is reported (console.error where there is no reportError).
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { ApiError } from '../../../src/core/errors'
import { createTestClient, startServer } from './harness'
import type { FixtureServer } from './harness'

let server: FixtureServer
let reported: ReturnType<typeof vi.spyOn>
const ITEMS = 'GET /test/items'
const WRITES = 'POST /test/writes'

beforeEach(async () => {
  server = await startServer()
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  vi.setSystemTime(Date.parse('2030-01-01T00:00:00Z'))
  reported = vi.spyOn(console, 'error').mockImplementation(() => undefined)
})

afterEach(async () => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  await server.close()
})

const broken = new Error('the app broke')
const throwing = () => {
  throw broken
}
/** The errors the app's callbacks threw, as reported. */
const reportedErrors = () => reported.mock.calls.map((call: unknown[]) => call.at(-1))

describe('a throwing listener or callback does not change the outcome', () => {
  test.each([
    ['a retry.subscribe listener', { listener: throwing }],
    ['a retry.subscribe onSettled', { onSettled: throwing }],
    ['an async listener that rejects', { listener: () => Promise.reject(broken) }],
    ['onRetryScheduled', { onRetryScheduled: throwing }],
    ['onRetrySettled', { onRetrySettled: throwing }],
  ])('%s: the retry is made and the request succeeds', async (_name, callbacks) => {
    server.api.setFault(ITEMS, { type: 'status', status: 503 })
    const client = createTestClient(server.url)
    const { listener, onSettled, onRetryScheduled, onRetrySettled } = callbacks as Record<
      string,
      (() => never) | undefined
    >
    if (listener || onSettled) client.retry.subscribe(listener ?? (() => undefined), onSettled)

    const { value, error } = await client.finish(
      client.api.get('/test/items', {
        ...(onRetryScheduled && { onRetryScheduled }),
        ...(onRetrySettled && { onRetrySettled }),
      }),
    )

    expect(error).toBeUndefined()
    expect(value?.status).toBe(200)
    expect(server.api.hits(ITEMS)).toBe(2)
    // The harness's own listeners, subscribed first, still heard everything.
    expect(client.announcements).toHaveLength(1)
    expect(client.settled).toHaveLength(1)
    await vi.waitFor(() => expect(reportedErrors()).toEqual([broken]))
  })

  test('a listener that throws does not keep the later listeners from hearing the retry', async () => {
    server.api.setFault(ITEMS, { type: 'status', status: 503 })
    const client = createTestClient(server.url)
    const later = vi.fn()
    client.retry.subscribe(throwing)
    client.retry.subscribe(later)

    await client.finish(client.api.get('/test/items'))

    expect(later).toHaveBeenCalledOnce()
  })

  test('a throwing listener does not turn a give-up into another error', async () => {
    server.api.setFault(ITEMS, { type: 'status', status: 503, times: 'always' })
    const client = createTestClient(server.url, 1)
    client.retry.subscribe(throwing, throwing)

    const { error } = await client.finish(client.api.get('/test/items'))

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ kind: 'server', status: 503 })
    expect(server.api.hits(ITEMS)).toBe(2)
  })
})

describe('a throwing shouldRetry', () => {
  test('keeps the default decision: a 503 is retried', async () => {
    server.api.setFault(ITEMS, { type: 'status', status: 503 })
    const client = createTestClient(server.url, { shouldRetry: throwing })

    const { value, error } = await client.finish(client.api.get('/test/items'))

    expect(error).toBeUndefined()
    expect(value?.status).toBe(200)
    expect(server.api.hits(ITEMS)).toBe(2)
    expect(reportedErrors()).toEqual([broken])
  })

  test('keeps the default decision: a 404 is not retried, and rejects with the 404', async () => {
    const client = createTestClient(server.url, { shouldRetry: throwing })

    const { error } = await client.finish(client.api.get('/test/items/99'))

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ kind: 'not_found', status: 404 })
    expect(server.api.hits('GET /test/items/99')).toBe(1)
  })
})

describe('an idempotencyKey function', () => {
  test('that throws: the POST is sent without a key, once, and rejects with its own failure', async () => {
    server.api.setFault(WRITES, { type: 'status', status: 503 })
    const client = createTestClient(server.url, { idempotencyKey: throwing })

    const { error } = await client.finish(client.api.post('/test/writes', { sku: 'A1' }))

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ kind: 'server', status: 503 })
    const requests = server.api.requests(WRITES)
    expect(requests).toHaveLength(1)
    expect(requests[0]?.headers['idempotency-key']).toBeUndefined()
    expect(reportedErrors()).toEqual([broken])
  })

  test.each([
    ['an empty string', ''],
    ['a number', 42],
    ['a key with a line break', 'a\r\nX-Injected: 1'],
    ['a key over 255 characters', 'k'.repeat(256)],
  ])('that returns %s: the POST is sent without a key and not retried', async (_name, key) => {
    server.api.setFault(WRITES, { type: 'status', status: 503 })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const client = createTestClient(server.url, { idempotencyKey: () => key as string })

    const { error } = await client.finish(client.api.post('/test/writes', { sku: 'A1' }))

    expect(error).toMatchObject({ kind: 'server', status: 503 })
    const requests = server.api.requests(WRITES)
    expect(requests).toHaveLength(1)
    expect(requests[0]?.headers['idempotency-key']).toBeUndefined()
    expect(warn).toHaveBeenCalledOnce()
    expect(warn.mock.calls[0]?.[0]).toMatch(/retry\.idempotencyKey/)
  })
})
