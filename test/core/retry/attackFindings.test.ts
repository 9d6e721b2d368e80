// What an outside attack on the packed package found in the retry layer (review/attack/REPORT.md,
// findings F, H, J and K), each against a real server on 127.0.0.1: what the server saw, and what
// the request settled with.
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createApiClient } from '../../../src/core/client'
import { ApiError } from '../../../src/core/errors/ApiError'
import { flushIO, until } from './harness'
import { startFixtureServer } from '../../fixture/server'
import type { FixtureServer } from '../../fixture/server'

let server: FixtureServer
const ITEMS = 'GET /test/items'

beforeEach(async () => {
  server = await startFixtureServer()
})
afterEach(async () => {
  await server.close()
})

/** How `request` settled, or `'still retrying'` once the server has seen `hits` attempts. */
async function settledBefore(request: Promise<unknown>, route: string, hits: number) {
  return Promise.race([
    request.then(
      (response) => ({ response }),
      (error: unknown) => ({ error }),
    ),
    until(() => server.api.hits(route) >= hits).then(() => 'still retrying' as const),
  ])
}

describe('H. a retry count must be finite', () => {
  test('retries: Infinity is refused when the client is created, naming the option', () => {
    expect(() => createApiClient({ baseURL: server.url, retry: { retries: Infinity } })).toThrow(
      /retry\.retries must be a non-negative integer, got Infinity/,
    )
  })

  test('retries: Infinity per request rejects with an ApiError naming the option, sending nothing', async () => {
    server.api.setFault(ITEMS, { type: 'status', status: 503, times: 'always' })
    const api = createApiClient({ baseURL: server.url })
    const controller = new AbortController()

    const request = api.get('/test/items', {
      signal: controller.signal,
      retry: { retries: Infinity, baseDelayMs: 0 },
    })
    const outcome = await settledBefore(request, ITEMS, 5)
    controller.abort()
    await request.catch(() => undefined)

    expect(outcome).not.toBe('still retrying')
    const { error } = outcome as { error: unknown }
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).message).toMatch(/retry\.retries must be a non-negative integer/)
    await flushIO()
    expect(server.api.hits(ITEMS)).toBe(0)
  })

  test('a schedule factor of Infinity is refused, shown by name (JSON would print null)', () => {
    expect(() =>
      createApiClient({ retry: { schedules: { 503: { initialDelayMs: 0, factor: Infinity } } } }),
    ).toThrow(/retry\.schedules\.503 must be .*, got \{"initialDelayMs":0,"factor":"Infinity"\}/)
  })

  test('a schedule factor of Infinity per request sends nothing, where it made a 0 * Infinity = NaN wait', async () => {
    server.api.setFault(ITEMS, { type: 'status', status: 503, times: 'always' })
    const api = createApiClient({ baseURL: server.url })

    const error = await api
      .get('/test/items', {
        retry: { retries: 2, schedules: { 503: { initialDelayMs: 0, factor: Infinity } } },
      })
      .catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).message).toMatch(/retry\.schedules\.503/)
    await flushIO()
    expect(server.api.hits(ITEMS)).toBe(0)
  })

  test('a schedule whose delay is not a number is refused', () => {
    expect(() =>
      createApiClient({
        retry: { schedules: { 503: { initialDelayMs: ['5' as unknown as number, 10] } } },
      }),
    ).toThrow(/retry\.schedules\.503 must be/)
  })
})
