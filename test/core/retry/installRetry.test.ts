import { getEventListeners } from 'node:events'
import axios from 'axios'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { ApiError, normalizeError } from '../../../src/core/errors'
import { installRetry } from '../../../src/core/retry'
import type { Fault } from '../../fixture'
import { CREDENTIALS } from '../../fixture'
import { arrivals, createTestClient, flushIO, startServer, until } from './harness'
import type { FixtureServer } from './harness'

let server: FixtureServer
const T0 = Date.parse('2030-01-01T00:00:00Z')

const ITEMS = 'GET /test/items'
const WRITES = 'POST /test/writes'
const ECHO = '/test/echo'

beforeEach(async () => {
  server = await startServer()
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  vi.setSystemTime(T0)
})

afterEach(async () => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  await server.close()
})

const fault = (route: string, ...faults: Fault[]) =>
  faults.forEach((f) => server.api.setFault(route, f))
const status = (
  code: number,
  more: Omit<Partial<Extract<Fault, { type: 'status' }>>, 'type'> = {},
): Fault => ({
  type: 'status',
  status: code,
  ...more,
})
const hits = (route: string) => server.api.hits(route)
const at = (route: string) => arrivals(server, route, T0)

describe('Retry-After', () => {
  test('waits the seconds of Retry-After before the next attempt, not a moment less', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    fault(ITEMS, status(503, { retryAfter: 5 }))
    const client = createTestClient(server.url)

    const request = client.api.get('/test/items')
    const announcement = await client.nextAnnouncement()
    expect(announcement.delayMs).toBe(5000)
    await vi.advanceTimersByTimeAsync(4999)
    await flushIO()
    expect(hits(ITEMS)).toBe(1)
    await vi.advanceTimersByTimeAsync(1)

    await expect(request).resolves.toMatchObject({ status: 200 })
    expect(at(ITEMS)).toEqual([0, 5000])
  })

  test('waits until the HTTP date of Retry-After, measured from the response Date', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    fault(ITEMS, status(429, { retryAfter: { seconds: 7, as: 'http-date' } }))
    const client = createTestClient(server.url)

    const { value } = await client.finish(client.api.get('/test/items'))

    expect(value?.status).toBe(200)
    expect(client.announcements[0]?.delayMs).toBe(7000)
    expect(at(ITEMS)).toEqual([0, 7000])
  })

  test('takes the longer of the backoff and Retry-After', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999)
    fault(ITEMS, status(503, { retryAfter: 1 }))
    const client = createTestClient(server.url, { baseDelayMs: 2000 })

    await client.finish(client.api.get('/test/items'))

    expect(client.announcements[0]?.delayMs).toBe(1998)
    expect(at(ITEMS)).toEqual([0, 1998])
  })

  test('fails at once when the server asks for longer than maxRetryAfterMs, keeping retryAfterMs', async () => {
    fault(ITEMS, status(429, { retryAfter: 120 }))
    const client = createTestClient(server.url, { maxRetryAfterMs: 60_000 })

    const error = await client.api.get('/test/items').catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 120_000 })
    await vi.advanceTimersByTimeAsync(300_000)
    await flushIO()
    expect(hits(ITEMS)).toBe(1)
    expect(client.announcements).toEqual([])
  })
})

describe('methods and idempotency keys', () => {
  test('does not retry a POST without an idempotency key', async () => {
    fault(WRITES, status(503))
    const client = createTestClient(server.url)

    const { error } = await client.finish(client.api.post('/test/writes', { sku: 'A1' }))

    expect(error).toMatchObject({ kind: 'server', status: 503 })
    expect(hits(WRITES)).toBe(1)
  })

  test('does not retry a POST that failed without a response either (it may have taken effect)', async () => {
    fault(WRITES, { type: 'drop' })
    const client = createTestClient(server.url)

    const { error } = await client.finish(client.api.post('/test/writes', { sku: 'A1' }))

    expect(error).toMatchObject({ kind: 'network' })
    expect(hits(WRITES)).toBe(1)
  })

  test('retries a POST that carries an Idempotency-Key, sending the same key and body each time', async () => {
    fault(WRITES, status(503), { type: 'drop' })
    const client = createTestClient(server.url)

    const { value } = await client.finish(
      client.api.post(
        '/test/writes',
        { sku: 'A1' },
        { headers: { 'Idempotency-Key': 'order-42' } },
      ),
    )

    expect(value?.status).toBe(201)
    const requests = server.api.requests(WRITES)
    expect(requests.map((r) => r.headers['idempotency-key'])).toEqual([
      'order-42',
      'order-42',
      'order-42',
    ])
    expect(requests.map((r) => r.body)).toEqual(Array(3).fill('{"sku":"A1"}'))
  })

  test('applies a write once when the gateway failed after the server did it: the retry replays the key', async () => {
    fault(WRITES, status(502, { phase: 'response' }))
    const client = createTestClient(server.url, { idempotencyKey: true })

    const { value } = await client.finish(client.api.post('/test/writes', { sku: 'A1' }))

    expect(value?.status).toBe(201)
    const [first, second] = server.api.requests(WRITES)
    expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key'])
    expect(server.api.writesApplied(first?.headers['idempotency-key'])).toBe(1)
    expect(server.api.stats().writes).toMatchObject({ applied: 1, replayed: 1 })
  })

  test('generates one key per POST and PATCH with idempotencyKey: true, the same on every attempt', async () => {
    fault(WRITES, status(503), status(503))
    fault(`PATCH ${ECHO}`, status(503))
    const client = createTestClient(server.url, { idempotencyKey: true })

    await client.finish(client.api.post('/test/writes', { sku: 'A1' }))
    await client.finish(client.api.post('/test/writes', { sku: 'A1' }))
    await client.finish(client.api.patch('/test/echo', { qty: 2 }))

    const keys = server.api.requests(WRITES).map((r) => r.headers['idempotency-key'])
    expect(keys).toHaveLength(4)
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(keys.slice(0, 3)).toEqual([keys[0], keys[0], keys[0]])
    expect(keys[3]).not.toBe(keys[0])
    const patchKeys = server.api.requests(`PATCH ${ECHO}`).map((r) => r.headers['idempotency-key'])
    expect(patchKeys).toHaveLength(2)
    expect(patchKeys[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(patchKeys[1]).toBe(patchKeys[0])
  })

  test('generates keys with the given function, under the configured header', async () => {
    fault(`POST ${ECHO}`, status(503))
    let n = 0
    const client = createTestClient(server.url, {
      idempotencyKey: (config) => `${config.method}-${++n}`,
      idempotencyHeader: 'X-Request-Key',
    })

    await client.finish(client.api.post('/test/echo', {}))

    expect(server.api.requests(ECHO).map((r) => r.headers['x-request-key'])).toEqual([
      'post-1',
      'post-1',
    ])
  })

  test('gives GETs no key and leaves a key the app set alone', async () => {
    const client = createTestClient(server.url, { idempotencyKey: true })

    await client.api.get('/test/items')
    await client.finish(
      client.api.post('/test/writes', {}, { headers: { 'Idempotency-Key': 'mine' } }),
    )

    expect(server.api.requests(ITEMS)[0]?.headers['idempotency-key']).toBeUndefined()
    expect(server.api.requests(WRITES)[0]?.headers['idempotency-key']).toBe('mine')
  })

  test('retries PUT and DELETE (idempotent) but sends no key on them', async () => {
    const client = createTestClient(server.url, { idempotencyKey: true })

    fault(ECHO, status(503))
    await client.finish(client.api.put('/test/echo', { name: 'x' }))
    fault(ECHO, status(503))
    await client.finish(client.api.delete('/test/echo'))

    const requests = server.api.requests(ECHO)
    expect(requests.map((r) => r.method)).toEqual(['PUT', 'PUT', 'DELETE', 'DELETE'])
    expect(requests.every((r) => r.headers['idempotency-key'] === undefined)).toBe(true)
  })

  test('does not retry the 409 a reused key with another body gets (Mono)', async () => {
    const client = createTestClient(server.url, undefined, {
      'mono-sec-key': CREDENTIALS.mono.secretKey,
    })
    const pay = (amount: number) =>
      client.api.post(
        '/mono/v1/payments',
        { account: 'acc_mono_1', amount },
        { headers: { 'Idempotency-Key': 'pay-1' } },
      )

    expect((await client.finish(pay(100))).value).toMatchObject({ status: 201 })
    const { error } = await client.finish(pay(200))

    expect(error).toMatchObject({ kind: 'conflict', status: 409, code: 'idempotency_conflict' })
    expect(hits('POST /mono/v1/payments')).toBe(2)
  })
})

describe('abort', () => {
  test('rejects as canceled the moment the signal aborts a wait, and sends nothing more', async () => {
    fault(ITEMS, status(503, { retryAfter: 30 }))
    const client = createTestClient(server.url)
    const controller = new AbortController()

    const request = client.api.get('/test/items', { signal: controller.signal })
    request.catch(() => undefined)
    await client.nextAnnouncement()
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    controller.abort()

    // No timer is moved: the rejection must not wait for the 30 s.
    const error = await request.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ kind: 'canceled' })
    expect(vi.getTimerCount()).toBe(0)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(120_000)
    await flushIO()
    expect(hits(ITEMS)).toBe(1)
    expect(client.settled).toEqual([
      { retries: 1, error, request: { method: 'GET', url: `${server.url}/test/items` } },
    ])
  })

  test('leaves no timer and no abort listener behind when the wait ends normally', async () => {
    fault(ITEMS, status(503, { retryAfter: 1 }))
    const client = createTestClient(server.url)
    const controller = new AbortController()

    const request = client.api.get('/test/items', { signal: controller.signal })
    await client.nextAnnouncement()
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1000)

    await expect(request).resolves.toMatchObject({ status: 200 })
    expect(vi.getTimerCount()).toBe(0)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  test('does not retry a request aborted while it was in flight', async () => {
    fault(ITEMS, { type: 'stall' })
    const client = createTestClient(server.url)
    const controller = new AbortController()

    const request = client.api.get('/test/items', { signal: controller.signal })
    await until(() => hits(ITEMS) === 1)
    controller.abort()

    await expect(request).rejects.toMatchObject({ kind: 'canceled' })
    await vi.advanceTimersByTimeAsync(60_000)
    await flushIO()
    expect(hits(ITEMS)).toBe(1)
    expect(client.announcements).toEqual([])
  })
})

describe('per-status schedules (Maesn)', () => {
  const maesn = () =>
    createTestClient(
      server.url,
      {
        schedules: {
          429: { initialDelayMs: 60_000, factor: 2 },
          500: { initialDelayMs: [15_000, 30_000], factor: 2 },
        },
      },
      { 'X-API-KEY': CREDENTIALS.maesn.apiKey, 'X-ACCOUNT-KEY': CREDENTIALS.maesn.accountKey },
    )

  test('waits 60 s then 120 s on 429, as one minute doubling says', async () => {
    const client = maesn()

    const { value } = await client.finish(client.api.get('/maesn/accounting/bank-transactions'))

    expect(value?.status).toBe(200)
    expect(client.announcements.map((a) => [a.error.status, a.delayMs])).toEqual([
      [429, 60_000],
      [429, 120_000],
    ])
    expect(at('GET /maesn/accounting/bank-transactions')).toEqual([0, 60_000, 180_000])
  })

  test('waits between 15 and 30 s after a 500, then twice as long', async () => {
    const client = maesn()

    const { value } = await client.finish(client.api.get('/maesn/accounting/journal-entries'))

    expect(value?.status).toBe(200)
    const [first, second] = client.announcements.map((a) => a.delayMs) as [number, number]
    expect(first).toBeGreaterThanOrEqual(15_000)
    expect(first).toBeLessThanOrEqual(30_000)
    expect(second).toBeGreaterThanOrEqual(30_000)
    expect(second).toBeLessThanOrEqual(60_000)
    expect(at('GET /maesn/accounting/journal-entries')).toEqual([0, first, first + second])
  })

  test('still waits for a Retry-After longer than the schedule', async () => {
    fault(ITEMS, status(429, { retryAfter: 50 }))
    const client = createTestClient(server.url, { schedules: { 429: { initialDelayMs: 10_000 } } })

    await client.finish(client.api.get('/test/items'))

    expect(at(ITEMS)).toEqual([0, 50_000])
  })
})

describe('time limits', () => {
  test('gives up when the next wait would end past budgetMs', async () => {
    fault(ITEMS, status(503, { retryAfter: 4, times: 'always' }))
    const client = createTestClient(server.url, { retries: 5, budgetMs: 10_000 })

    const { error } = await client.finish(client.api.get('/test/items'))

    // Waits end at 4 s and 8 s; one more would end at 12 s.
    expect(at(ITEMS)).toEqual([0, 4000, 8000])
    expect(error).toMatchObject({ kind: 'server', status: 503, retryAfterMs: 4000 })
    expect(client.settled).toMatchObject([{ retries: 2, error: { status: 503 } }])
  })

  test('times each attempt out after attemptTimeoutMs, with the full timeout for every retry', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    fault(ITEMS, { type: 'stall', times: 2 })
    const client = createTestClient(server.url, { attemptTimeoutMs: 2000 })
    const arrived = (n: number) => until(() => hits(ITEMS) === n)

    const request = client.api.get('/test/items')
    await arrived(1)
    await vi.advanceTimersByTimeAsync(2000)
    expect(await client.nextAnnouncement()).toMatchObject({
      delayMs: 500,
      error: { kind: 'timeout' },
    })
    await vi.advanceTimersByTimeAsync(500)
    await arrived(2)
    await vi.advanceTimersByTimeAsync(1999)
    await flushIO()
    expect(client.announcements).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(await client.nextAnnouncement()).toMatchObject({
      delayMs: 1000,
      error: { kind: 'timeout' },
    })
    await vi.advanceTimersByTimeAsync(1000)

    await expect(request).resolves.toMatchObject({ status: 200 })
    // 2 s timeout + 0.5 s wait, 2 s timeout + 1 s wait
    expect(at(ITEMS)).toEqual([0, 2500, 5500])
  })

  test('gives a timeout set on axios to every attempt in full, not what is left of it', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    fault(ITEMS, { type: 'stall', times: 2 })
    const client = createTestClient(server.url, 2)
    client.api.defaults.timeout = 3000
    const arrived = (n: number) => until(() => hits(ITEMS) === n)

    const request = client.api.get('/test/items')
    await arrived(1)
    await vi.advanceTimersByTimeAsync(3000)
    expect(await client.nextAnnouncement()).toMatchObject({
      delayMs: 500,
      error: { kind: 'timeout' },
    })
    await vi.advanceTimersByTimeAsync(500)
    await arrived(2)
    // axios-retry's default (shouldResetTimeout: false) would have given up: 3000 - 3000 - 500 ms left.
    await vi.advanceTimersByTimeAsync(2999)
    await flushIO()
    expect(client.announcements).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(await client.nextAnnouncement()).toMatchObject({
      delayMs: 1000,
      error: { kind: 'timeout' },
    })
    await vi.advanceTimersByTimeAsync(1000)

    await expect(request).resolves.toMatchObject({ status: 200 })
    expect(at(ITEMS)).toEqual([0, 3500, 7500])
  })
})

describe('announcements', () => {
  test('announce each retry before its wait: attempt, maxAttempts, delayMs, nextRetryAt, error, redacted request', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    fault(ITEMS, status(503), status(502), status(504))
    const client = createTestClient(server.url)
    const perRequest: unknown[] = []

    const request = client.api.get('/test/items?page=2&access_token=s3cr3t', {
      onRetryScheduled: (a) => perRequest.push(a),
    })
    const first = await client.nextAnnouncement()
    // Announced before the wait: the second attempt is not out yet.
    expect(hits(ITEMS)).toBe(1)
    expect(first).toEqual({
      attempt: 1,
      maxAttempts: 3,
      delayMs: 500,
      nextRetryAt: T0 + 500,
      error: expect.objectContaining({ kind: 'server', status: 503 }),
      request: { method: 'GET', url: `${server.url}/test/items?page=2&access_token=[REDACTED]` },
    })
    expect(first.error).toBeInstanceOf(ApiError)
    await vi.advanceTimersByTimeAsync(first.delayMs)

    await client.finish(request)

    const timing = client.announcements.map(({ attempt, maxAttempts, delayMs, nextRetryAt }) => ({
      attempt,
      maxAttempts,
      delayMs,
      nextRetryAt,
    }))
    expect(timing).toEqual([
      { attempt: 1, maxAttempts: 3, delayMs: 500, nextRetryAt: T0 + 500 },
      { attempt: 2, maxAttempts: 3, delayMs: 1000, nextRetryAt: T0 + 1500 },
      { attempt: 3, maxAttempts: 3, delayMs: 2000, nextRetryAt: T0 + 3500 },
    ])
    expect(client.announcements.map((a) => a.error.status)).toEqual([503, 502, 504])
    expect(perRequest).toEqual(client.announcements)
    expect(at(ITEMS)).toEqual([0, 500, 1500, 3500])
  })

  test('settles once with no error when a retry succeeds', async () => {
    fault(ITEMS, status(503))
    const client = createTestClient(server.url)
    const onRetrySettled = vi.fn()

    await client.finish(client.api.get('/test/items', { onRetrySettled }))

    expect(onRetrySettled).toHaveBeenCalledOnce()
    expect(onRetrySettled).toHaveBeenCalledWith({
      retries: 1,
      error: undefined,
      request: { method: 'GET', url: `${server.url}/test/items` },
    })
    expect(client.settled).toHaveLength(1)
  })

  test('settles once with the final error when the retries run out', async () => {
    fault(ITEMS, status(503, { times: 'always' }))
    const client = createTestClient(server.url)
    const onRetrySettled = vi.fn()

    const { error } = await client.finish(client.api.get('/test/items', { onRetrySettled }))

    expect(hits(ITEMS)).toBe(4)
    expect(onRetrySettled).toHaveBeenCalledOnce()
    expect(onRetrySettled.mock.calls[0]?.[0]).toMatchObject({
      retries: 3,
      error: { kind: 'server', status: 503 },
    })
    // The very ApiError the request rejects with.
    expect((onRetrySettled.mock.calls[0]?.[0] as { error: unknown }).error).toBe(error)
  })

  test('says nothing about requests that were never retried', async () => {
    const client = createTestClient(server.url)

    await client.api.get('/test/items')
    await client.api.get('/test/items/99').catch(() => undefined)

    expect(hits('GET /test/items/99')).toBe(1)
    expect(client.announcements).toEqual([])
    expect(client.settled).toEqual([])
  })

  test('stops calling a listener once it unsubscribes', async () => {
    fault(ITEMS, status(503), status(503))
    const client = createTestClient(server.url)
    const listener = vi.fn()
    const onSettled = vi.fn()
    const unsubscribe = client.retry.subscribe(listener, onSettled)

    const request = client.api.get('/test/items')
    const first = await client.nextAnnouncement()
    unsubscribe()
    await vi.advanceTimersByTimeAsync(first.delayMs)
    await client.finish(request)

    expect(listener).toHaveBeenCalledTimes(1)
    expect(onSettled).not.toHaveBeenCalled()
    expect(client.announcements).toHaveLength(2)
  })
})

describe('what is never retried', () => {
  test('never retries a 401, whatever shouldRetry says (the auth layer owns it)', async () => {
    const shouldRetry = vi.fn(() => true)
    const client = createTestClient(server.url, { shouldRetry })

    const { error } = await client.finish(client.api.get('/test/protected'))

    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 })
    expect(hits('/test/protected')).toBe(1)
    expect(shouldRetry).not.toHaveBeenCalled()
  })

  test.each([400, 403, 404, 405, 409, 410, 422, 501, 505, 507])(
    'never retries a %i',
    async (code) => {
      const client = createTestClient(server.url)

      const { error } = await client.finish(client.api.get(`/test/status/${code}`))

      expect(error).toMatchObject({ status: code })
      expect(hits(`GET /test/status/${code}`)).toBe(1)
    },
  )

  test.each([408, 425, 429, 500, 502, 503, 504, 521, 522, 524, 529])(
    'retries a %i',
    async (code) => {
      fault(ITEMS, status(code))
      const client = createTestClient(server.url)

      const { value } = await client.finish(client.api.get('/test/items'))

      expect(value?.status).toBe(200)
      expect(hits(ITEMS)).toBe(2)
    },
  )

  test('retries a GET whose connection was dropped (network error)', async () => {
    fault(ITEMS, { type: 'drop' })
    const client = createTestClient(server.url)

    const { value } = await client.finish(client.api.get('/test/items'))

    expect(value?.status).toBe(200)
    expect(client.announcements[0]?.error.kind).toBe('network')
    expect(hits(ITEMS)).toBe(2)
  })

  test('makes 1 + retries attempts at most, then rejects with the last ApiError', async () => {
    fault(ITEMS, status(503, { times: 'always' }))
    const client = createTestClient(server.url)

    const { error } = await client.finish(client.api.get('/test/items'))

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ kind: 'server', status: 503 })
    expect(hits(ITEMS)).toBe(4)
  })
})

describe('per-request options', () => {
  test('retries as often as retry: { retries } asks', async () => {
    fault(ITEMS, status(503, { times: 'always' }))
    const client = createTestClient(server.url)

    await client.finish(client.api.get('/test/items', { retry: { retries: 5 } }))

    expect(hits(ITEMS)).toBe(6)
  })

  test('reads a number as the count of retries', async () => {
    fault(ITEMS, status(503, { times: 'always' }))
    const client = createTestClient(server.url)

    await client.finish(client.api.get('/test/items', { retry: 1 }))

    expect(hits(ITEMS)).toBe(2)
  })

  test('sends a request once with retry: false', async () => {
    fault(ITEMS, status(503))
    const client = createTestClient(server.url)

    const { error } = await client.finish(client.api.get('/test/items', { retry: false }))

    expect(error).toMatchObject({ status: 503 })
    expect(hits(ITEMS)).toBe(1)
  })

  test('turns retries on for one request of a client created with retry: false', async () => {
    fault(ITEMS, status(503), status(503))
    const client = createTestClient(server.url, false)

    await client.finish(client.api.get('/test/items'))
    await client.finish(client.api.get('/test/items', { retry: 2 }))

    expect(hits(ITEMS)).toBe(3)
  })

  test('keeps the client options a request does not override', async () => {
    fault(ITEMS, status(429, { retryAfter: 90 }))
    const client = createTestClient(server.url, { maxRetryAfterMs: 120_000 })

    await client.finish(client.api.get('/test/items', { retry: { retries: 1 } }))

    expect(at(ITEMS)).toEqual([0, 90_000])
  })

  test('rejects a request whose retry option is invalid, naming the option', async () => {
    const client = createTestClient(server.url)

    await expect(client.api.get('/test/items', { retry: { retries: -1 } })).rejects.toThrow(
      /retry\.retries/,
    )
    expect(hits(ITEMS)).toBe(0)
  })
})

describe('shouldRetry', () => {
  test('can stop a retry the defaults would make', async () => {
    fault(ITEMS, status(503))
    const shouldRetry = vi.fn(() => false)
    const client = createTestClient(server.url, { shouldRetry })

    await client.finish(client.api.get('/test/items'))

    expect(hits(ITEMS)).toBe(1)
    expect(shouldRetry).toHaveBeenCalledWith(expect.objectContaining({ status: 503 }), 1)
  })

  test('can retry a status the defaults would not (a 409 the API documents as transient)', async () => {
    fault(ITEMS, status(409))
    const client = createTestClient(server.url, {
      shouldRetry: (error) => error.status === 409 || undefined,
    })

    const { value } = await client.finish(client.api.get('/test/items'))

    expect(value?.status).toBe(200)
    expect(hits(ITEMS)).toBe(2)
  })
})

describe('installRetry', () => {
  test('throws a clear error on an invalid client option', () => {
    expect(() => installRetry(axios.create(), { baseDelayMs: Number.NaN }, normalizeError)).toThrow(
      /retry\.baseDelayMs must be a number of milliseconds from 0 to 2147483647, got NaN/,
    )
  })

  test('stops retrying once ejected', async () => {
    fault(ITEMS, status(503))
    const client = createTestClient(server.url)
    client.retry.eject()

    const { error } = await client.finish(client.api.get('/test/items'))

    expect(error).toMatchObject({ status: 503 })
    expect(hits(ITEMS)).toBe(1)
  })

  test('leaves no interceptor behind once ejected', () => {
    const client = createTestClient(server.url)
    const before = client.api.interceptors.request.handlers?.filter(Boolean).length ?? 0
    client.retry.eject()

    expect(before).toBeGreaterThan(0)
    expect(client.api.interceptors.request.handlers?.filter(Boolean)).toEqual([])
  })

  test("still runs axios-retry's request step for a request that carries its own options", async () => {
    // validateResponse works only through that step, which makes every response go through it.
    const validateResponse = vi.fn(() => true)
    const client = createTestClient(server.url)

    const { value } = await client.finish(
      client.api.get('/test/items', { 'axios-retry': { validateResponse } }),
    )

    expect(value?.status).toBe(200)
    expect(validateResponse).toHaveBeenCalledTimes(1)
  })

  test('passes an ApiError from an inner replay through untouched', async () => {
    fault(ITEMS, status(503), status(404, { message: 'Gone for good' }))
    const client = createTestClient(server.url)

    const { error } = await client.finish(client.api.get('/test/items'))

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ kind: 'not_found', status: 404, message: 'Gone for good' })
    expect(hits(ITEMS)).toBe(2)
  })
})
