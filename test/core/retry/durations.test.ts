// Issue 16.9: a duration a timer cannot wait (past 2^31 - 1 ms) fires at once, and axios cannot
// parse `timeout: Infinity`. Every duration option of the retry layer is checked when the options
// are resolved, client-wide and per request; Infinity is accepted where it has a meaning. (The
// limits, maxDelayMs, maxRetryAfterMs and budgetMs, are never waited on: options.test.ts.)
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createApiClient } from '../../../src/core/client'
import { ApiError } from '../../../src/core/errors'
import { createTestClient, flushIO, startServer, until } from './harness'
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

describe('attemptTimeoutMs: Infinity', () => {
  test('sends every request, with no timeout on its attempts', async () => {
    const client = createTestClient(server.url, { attemptTimeoutMs: Infinity })

    await expect(client.api.get('/test/items')).resolves.toMatchObject({ status: 200 })
    expect(server.api.hits(ITEMS)).toBe(1)
  })

  test('per request, lifts the client timeout for that request only', async () => {
    server.api.setFault(ITEMS, { type: 'stall', times: 1 })
    const client = createTestClient(server.url, { attemptTimeoutMs: 1000, retries: 0 })

    const request = client.api.get('/test/items', { retry: { attemptTimeoutMs: Infinity } })
    request.catch(() => undefined)
    await until(() => server.api.hits(ITEMS) === 1)
    // A day on the fake clock: an attempt with any timeout would have given up.
    await vi.advanceTimersByTimeAsync(86_400_000)
    await flushIO()
    const outcome = await Promise.race([request, flushIO(50).then(() => 'still waiting')])

    expect(outcome).toBe('still waiting')
    server.api.reset()
  })
})

describe('a duration a timer cannot wait', () => {
  test('attemptTimeoutMs: 3e9 is refused when the client is created, naming the option', () => {
    expect(() =>
      createApiClient({ baseURL: server.url, retry: { attemptTimeoutMs: 3e9 } }),
    ).toThrow(
      /retry\.attemptTimeoutMs must be a number of milliseconds from 0 to 2147483647 or Infinity \(no limit\), got 3000000000/,
    )
  })

  test('per request, rejects with an ApiError naming the option and sends nothing', async () => {
    const client = createTestClient(server.url)

    const error = await client.api
      .get('/test/items', { retry: { attemptTimeoutMs: 3e9 } })
      .catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).message).toMatch(/retry\.attemptTimeoutMs/)
    await flushIO()
    expect(server.api.hits(ITEMS)).toBe(0)
  })

  test.each([
    ['baseDelayMs', 3e9],
    ['baseDelayMs', Infinity],
  ])('retry.%s: %d is refused when the client is created', (name, value) => {
    expect(() => createApiClient({ retry: { [name]: value } })).toThrow(
      new RegExp(`retry\\.${name} must be a number of milliseconds from 0 to 2147483647, got`),
    )
  })

  test('a schedule whose wait a timer cannot make is refused, naming the status', () => {
    expect(() =>
      createApiClient({ retry: { schedules: { 429: { initialDelayMs: [1000, 3e9] } } } }),
    ).toThrow(/retry\.schedules\.429\.initialDelayMs must be a number of milliseconds/)
  })
})
