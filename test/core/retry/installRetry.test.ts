import { getEventListeners } from 'node:events'
import axios from 'axios'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { ApiError, normalizeError } from '../../../src/core/errors'
import { installRetry } from '../../../src/core/retry'
import { createTestClient, flushIO, startServer, until } from './harness'
import type { TestServer } from './harness'

let server: TestServer
const T0 = Date.parse('2030-01-01T00:00:00Z')

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

const unavailable = (headers?: Record<string, string>) => ({ status: 503, headers })

describe('Retry-After', () => {
  test('waits the seconds of Retry-After before the next attempt, not a moment less', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    server.script('/items', unavailable({ 'Retry-After': '5' }))
    const client = createTestClient(server.url)

    const request = client.api.get('/items')
    const announcement = await client.nextAnnouncement()
    expect(announcement.delayMs).toBe(5000)
    await vi.advanceTimersByTimeAsync(4999)
    await flushIO()
    expect(server.hits('/items')).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)

    await expect(request).resolves.toMatchObject({ status: 200 })
    expect(server.hits('/items').map((hit) => hit.at - T0)).toEqual([0, 5000])
  })

  test('waits until the HTTP date of Retry-After, measured from the response Date', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    server.script('/items', {
      status: 429,
      headers: { Date: new Date(T0).toUTCString(), 'Retry-After': new Date(T0 + 7000).toUTCString() },
    })
    const client = createTestClient(server.url)

    const { value } = await client.finish(client.api.get('/items'))

    expect(value?.status).toBe(200)
    expect(client.announcements[0]?.delayMs).toBe(7000)
    expect(server.hits('/items').map((hit) => hit.at - T0)).toEqual([0, 7000])
  })

  test('takes the longer of the backoff and Retry-After', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999)
    server.script('/items', unavailable({ 'Retry-After': '0' }))
    const client = createTestClient(server.url, { baseDelayMs: 2000 })

    await client.finish(client.api.get('/items'))

    expect(client.announcements[0]?.delayMs).toBe(1998)
    expect(server.hits('/items').map((hit) => hit.at - T0)).toEqual([0, 1998])
  })

  test('fails at once when the server asks for longer than maxRetryAfterMs, keeping retryAfterMs', async () => {
    server.script('/items', { status: 429, headers: { 'Retry-After': '120' } })
    const client = createTestClient(server.url, { maxRetryAfterMs: 60_000 })

    const error = await client.api.get('/items').catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 120_000 })
    await vi.advanceTimersByTimeAsync(300_000)
    await flushIO()
    expect(server.hits('/items')).toHaveLength(1)
    expect(client.announcements).toEqual([])
  })
})

describe('methods and idempotency keys', () => {
  test('does not retry a POST without an idempotency key', async () => {
    server.script('/orders', unavailable())
    const client = createTestClient(server.url)

    const { error } = await client.finish(client.api.post('/orders', { sku: 'A1' }))

    expect(error).toMatchObject({ kind: 'server', status: 503 })
    expect(server.hits('/orders')).toHaveLength(1)
  })

  test('does not retry a POST that failed without a response either (it may have taken effect)', async () => {
    server.script('/orders', { reset: true })
    const client = createTestClient(server.url)

    const { error } = await client.finish(client.api.post('/orders', { sku: 'A1' }))

    expect(error).toMatchObject({ kind: 'network' })
    expect(server.hits('/orders')).toHaveLength(1)
  })

  test('retries a POST that carries an Idempotency-Key, sending the same key and body each time', async () => {
    server.script('/orders', unavailable(), { reset: true })
    const client = createTestClient(server.url)

    const { value } = await client.finish(
      client.api.post('/orders', { sku: 'A1' }, { headers: { 'Idempotency-Key': 'order-42' } }),
    )

    expect(value?.status).toBe(200)
    const hits = server.hits('/orders')
    expect(hits.map((hit) => hit.headers['idempotency-key'])).toEqual(['order-42', 'order-42', 'order-42'])
    expect(hits.map((hit) => hit.body)).toEqual(Array(3).fill('{"sku":"A1"}'))
  })

  test('generates one key per POST and PATCH with idempotencyKey: true, the same on every attempt', async () => {
    server.script('/orders', unavailable(), unavailable())
    server.script('/orders/1', unavailable())
    const client = createTestClient(server.url, { idempotencyKey: true })

    await client.finish(client.api.post('/orders', { sku: 'A1' }))
    await client.finish(client.api.post('/orders', { sku: 'A1' }))
    await client.finish(client.api.patch('/orders/1', { qty: 2 }))

    const keys = server.hits('/orders').map((hit) => hit.headers['idempotency-key'])
    expect(keys).toHaveLength(4)
    expect(keys[0]).toMatch(/^[0-9a-f-]{32,36}$/)
    expect(keys.slice(0, 3)).toEqual([keys[0], keys[0], keys[0]])
    expect(keys[3]).not.toBe(keys[0])
    const patchKeys = server.hits('/orders/1').map((hit) => hit.headers['idempotency-key'])
    expect(patchKeys).toEqual([patchKeys[0], patchKeys[0]])
    expect(patchKeys[0]).toBeDefined()
  })

  test('generates keys with the given function, under the configured header', async () => {
    server.script('/orders', unavailable())
    let n = 0
    const client = createTestClient(server.url, {
      idempotencyKey: (config) => `${config.method}-${++n}`,
      idempotencyHeader: 'X-Request-Key',
    })

    await client.finish(client.api.post('/orders', {}))

    expect(server.hits('/orders').map((hit) => hit.headers['x-request-key'])).toEqual(['post-1', 'post-1'])
  })

  test('gives GETs no key and leaves a key the app set alone', async () => {
    const client = createTestClient(server.url, { idempotencyKey: true })

    await client.api.get('/items')
    await client.api.post('/orders', {}, { headers: { 'Idempotency-Key': 'mine' } })

    expect(server.hits('/items')[0]?.headers['idempotency-key']).toBeUndefined()
    expect(server.hits('/orders')[0]?.headers['idempotency-key']).toBe('mine')
  })

  test('retries PUT and DELETE (idempotent) but sends no key on them', async () => {
    const client = createTestClient(server.url, { idempotencyKey: true })

    server.script('/items/1', unavailable())
    await client.finish(client.api.put('/items/1', { name: 'x' }))
    server.script('/items/1', unavailable())
    await client.finish(client.api.delete('/items/1'))

    expect(server.hits('/items/1').map((hit) => hit.method)).toEqual(['PUT', 'PUT', 'DELETE', 'DELETE'])
    expect(server.hits('/items/1').every((hit) => hit.headers['idempotency-key'] === undefined)).toBe(true)
  })
})

describe('abort', () => {
  test('rejects as canceled the moment the signal aborts a wait, and sends nothing more', async () => {
    server.script('/items', unavailable({ 'Retry-After': '30' }))
    const client = createTestClient(server.url)
    const controller = new AbortController()

    const request = client.api.get('/items', { signal: controller.signal })
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
    expect(server.hits('/items')).toHaveLength(1)
    expect(client.settled).toEqual([
      { retries: 1, error, request: { method: 'GET', url: `${server.url}/items` } },
    ])
  })

  test('leaves no timer and no abort listener behind when the wait ends normally', async () => {
    server.script('/items', unavailable({ 'Retry-After': '1' }))
    const client = createTestClient(server.url)
    const controller = new AbortController()

    const request = client.api.get('/items', { signal: controller.signal })
    await client.nextAnnouncement()
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1000)

    await expect(request).resolves.toMatchObject({ status: 200 })
    expect(vi.getTimerCount()).toBe(0)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  test('does not retry a request aborted while it was in flight', async () => {
    server.script('/items', { hang: true })
    const client = createTestClient(server.url)
    const controller = new AbortController()

    const request = client.api.get('/items', { signal: controller.signal })
    await flushIO()
    controller.abort()

    await expect(request).rejects.toMatchObject({ kind: 'canceled' })
    await vi.advanceTimersByTimeAsync(60_000)
    await flushIO()
    expect(server.hits('/items')).toHaveLength(1)
    expect(client.announcements).toEqual([])
  })
})

describe('per-status schedules', () => {
  test('waits 60 s then 120 s on 429, as a schedule of one minute doubling says', async () => {
    server.script('/maesn/invoices', { status: 429 }, { status: 429 })
    const client = createTestClient(server.url, { schedules: { 429: { initialDelayMs: 60_000, factor: 2 } } })

    const { value } = await client.finish(client.api.get('/maesn/invoices'))

    expect(value?.status).toBe(200)
    expect(client.announcements.map((a) => a.delayMs)).toEqual([60_000, 120_000])
    expect(server.hits('/maesn/invoices').map((hit) => hit.at - T0)).toEqual([0, 60_000, 180_000])
  })

  test('waits between 15 and 30 s after a 500, then twice as long', async () => {
    server.script('/maesn/invoices', { status: 500 }, { status: 500 })
    const client = createTestClient(server.url, {
      schedules: { 500: { initialDelayMs: [15_000, 30_000], factor: 2 } },
    })

    await client.finish(client.api.get('/maesn/invoices'))

    const [first, second] = client.announcements.map((a) => a.delayMs) as [number, number]
    expect(first).toBeGreaterThanOrEqual(15_000)
    expect(first).toBeLessThanOrEqual(30_000)
    expect(second).toBeGreaterThanOrEqual(30_000)
    expect(second).toBeLessThanOrEqual(60_000)
    const at = server.hits('/maesn/invoices').map((hit) => hit.at - T0)
    expect(at).toEqual([0, first, first + second])
  })

  test('still waits for a Retry-After longer than the schedule', async () => {
    server.script('/maesn/invoices', { status: 429, headers: { 'Retry-After': '50' } })
    const client = createTestClient(server.url, { schedules: { 429: { initialDelayMs: 10_000 } } })

    await client.finish(client.api.get('/maesn/invoices'))

    expect(server.hits('/maesn/invoices').map((hit) => hit.at - T0)).toEqual([0, 50_000])
  })
})

describe('time limits', () => {
  test('gives up when the next wait would end past budgetMs', async () => {
    server.script('/items', ...Array(5).fill(unavailable({ 'Retry-After': '4' })))
    const client = createTestClient(server.url, { retries: 5, budgetMs: 10_000 })

    const { error } = await client.finish(client.api.get('/items'))

    // Waits end at 4 s and 8 s; one more would end at 12 s.
    expect(server.hits('/items').map((hit) => hit.at - T0)).toEqual([0, 4000, 8000])
    expect(error).toMatchObject({ kind: 'server', status: 503, retryAfterMs: 4000 })
    expect(client.settled).toMatchObject([{ retries: 2, error: { status: 503 } }])
  })

  test('times each attempt out after attemptTimeoutMs, with the full timeout for every retry', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    server.script('/slow', { hang: true }, { hang: true })
    const client = createTestClient(server.url, { attemptTimeoutMs: 2000 })
    const arrived = (n: number) => until(() => server.hits('/slow').length === n)

    const request = client.api.get('/slow')
    await arrived(1)
    await vi.advanceTimersByTimeAsync(2000)
    expect(await client.nextAnnouncement()).toMatchObject({ delayMs: 500, error: { kind: 'timeout' } })
    await vi.advanceTimersByTimeAsync(500)
    await arrived(2)
    await vi.advanceTimersByTimeAsync(1999)
    await flushIO()
    expect(client.announcements).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(await client.nextAnnouncement()).toMatchObject({ delayMs: 1000, error: { kind: 'timeout' } })
    await vi.advanceTimersByTimeAsync(1000)

    await expect(request).resolves.toMatchObject({ status: 200 })
    // 2 s timeout + 0.5 s wait, 2 s timeout + 1 s wait
    expect(server.hits('/slow').map((hit) => hit.at - T0)).toEqual([0, 2500, 5500])
  })

  test('gives a timeout set on axios to every attempt in full, not what is left of it', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    server.script('/slow', { hang: true }, { hang: true })
    const client = createTestClient(server.url, 2)
    client.api.defaults.timeout = 3000
    const arrived = (n: number) => until(() => server.hits('/slow').length === n)

    const request = client.api.get('/slow')
    await arrived(1)
    await vi.advanceTimersByTimeAsync(3000)
    expect(await client.nextAnnouncement()).toMatchObject({ delayMs: 500, error: { kind: 'timeout' } })
    await vi.advanceTimersByTimeAsync(500)
    await arrived(2)
    // axios-retry's default (shouldResetTimeout: false) would have given up: 3000 - 3000 - 500 ms left.
    await vi.advanceTimersByTimeAsync(2999)
    await flushIO()
    expect(client.announcements).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(await client.nextAnnouncement()).toMatchObject({ delayMs: 1000, error: { kind: 'timeout' } })
    await vi.advanceTimersByTimeAsync(1000)

    await expect(request).resolves.toMatchObject({ status: 200 })
    expect(server.hits('/slow').map((hit) => hit.at - T0)).toEqual([0, 3500, 7500])
  })
})

describe('announcements', () => {
  test('announce each retry before its wait: attempt, maxAttempts, delayMs, nextRetryAt, error, redacted request', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    server.script('/items', unavailable(), { status: 502 }, { status: 504 })
    const client = createTestClient(server.url)
    const perRequest: unknown[] = []

    const request = client.api.get('/items?page=2&access_token=s3cr3t', {
      onRetryScheduled: (a) => perRequest.push(a),
    })
    const first = await client.nextAnnouncement()
    // Announced before the wait: the second attempt is not out yet.
    expect(server.hits('/items')).toHaveLength(1)
    expect(first).toEqual({
      attempt: 1,
      maxAttempts: 3,
      delayMs: 500,
      nextRetryAt: T0 + 500,
      error: expect.objectContaining({ kind: 'server', status: 503 }),
      request: { method: 'GET', url: `${server.url}/items?page=2&access_token=[REDACTED]` },
    })
    expect(first.error).toBeInstanceOf(ApiError)
    await vi.advanceTimersByTimeAsync(first.delayMs)

    await client.finish(request)

    expect(client.announcements.map(({ attempt, maxAttempts, delayMs, nextRetryAt }) => ({ attempt, maxAttempts, delayMs, nextRetryAt }))).toEqual([
      { attempt: 1, maxAttempts: 3, delayMs: 500, nextRetryAt: T0 + 500 },
      { attempt: 2, maxAttempts: 3, delayMs: 1000, nextRetryAt: T0 + 1500 },
      { attempt: 3, maxAttempts: 3, delayMs: 2000, nextRetryAt: T0 + 3500 },
    ])
    expect(client.announcements.map((a) => a.error.status)).toEqual([503, 502, 504])
    expect(perRequest).toEqual(client.announcements)
    expect(server.hits('/items').map((hit) => hit.at - T0)).toEqual([0, 500, 1500, 3500])
  })

  test('settles once with no error when a retry succeeds', async () => {
    server.script('/items', unavailable())
    const client = createTestClient(server.url)
    const onRetrySettled = vi.fn()

    await client.finish(client.api.get('/items', { onRetrySettled }))

    expect(onRetrySettled).toHaveBeenCalledOnce()
    expect(onRetrySettled).toHaveBeenCalledWith({
      retries: 1,
      error: undefined,
      request: { method: 'GET', url: `${server.url}/items` },
    })
    expect(client.settled).toHaveLength(1)
  })

  test('settles once with the final error when the retries run out', async () => {
    server.script('/items', unavailable(), unavailable(), unavailable(), unavailable())
    const client = createTestClient(server.url)
    const onRetrySettled = vi.fn()

    const { error } = await client.finish(client.api.get('/items', { onRetrySettled }))

    expect(server.hits('/items')).toHaveLength(4)
    expect(onRetrySettled).toHaveBeenCalledOnce()
    expect(onRetrySettled.mock.calls[0]?.[0]).toMatchObject({ retries: 3, error: { kind: 'server', status: 503 } })
    expect(error).toMatchObject({ kind: 'server', status: 503 })
  })

  test('says nothing about requests that were never retried', async () => {
    server.script('/missing', { status: 404 })
    const client = createTestClient(server.url)

    await client.api.get('/items')
    await client.api.get('/missing').catch(() => undefined)

    expect(client.announcements).toEqual([])
    expect(client.settled).toEqual([])
  })

  test('stops calling a listener once it unsubscribes', async () => {
    server.script('/items', unavailable(), unavailable())
    const client = createTestClient(server.url)
    const listener = vi.fn()
    const onSettled = vi.fn()
    const unsubscribe = client.retry.subscribe(listener, onSettled)

    const request = client.api.get('/items')
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
    server.script('/me', { status: 401 })
    const shouldRetry = vi.fn(() => true)
    const client = createTestClient(server.url, { shouldRetry })

    const { error } = await client.finish(client.api.get('/me'))

    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 })
    expect(server.hits('/me')).toHaveLength(1)
    expect(shouldRetry).not.toHaveBeenCalled()
  })

  test.each([400, 403, 404, 405, 409, 410, 422, 501])('never retries a %i', async (status) => {
    server.script('/items', { status })
    const client = createTestClient(server.url)

    const { error } = await client.finish(client.api.get('/items'))

    expect(error).toMatchObject({ status })
    expect(server.hits('/items')).toHaveLength(1)
  })

  test.each([408, 425, 429, 500, 502, 503, 504])('retries a %i', async (status) => {
    server.script('/items', { status })
    const client = createTestClient(server.url)

    const { value } = await client.finish(client.api.get('/items'))

    expect(value?.status).toBe(200)
    expect(server.hits('/items')).toHaveLength(2)
  })

  test('retries a GET whose connection was reset (network error)', async () => {
    server.script('/items', { reset: true })
    const client = createTestClient(server.url)

    const { value } = await client.finish(client.api.get('/items'))

    expect(value?.status).toBe(200)
    expect(client.announcements[0]?.error.kind).toBe('network')
    expect(server.hits('/items')).toHaveLength(2)
  })

  test('makes 1 + retries attempts at most, then rejects with the last ApiError', async () => {
    server.script('/items', ...Array(9).fill(unavailable()))
    const client = createTestClient(server.url)

    const { error } = await client.finish(client.api.get('/items'))

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ kind: 'server', status: 503 })
    expect(server.hits('/items')).toHaveLength(4)
  })
})

describe('per-request options', () => {
  test('retries as often as retry: { retries } asks', async () => {
    server.script('/items', ...Array(9).fill(unavailable()))
    const client = createTestClient(server.url)

    await client.finish(client.api.get('/items', { retry: { retries: 5 } }))

    expect(server.hits('/items')).toHaveLength(6)
  })

  test('reads a number as the count of retries', async () => {
    server.script('/items', ...Array(9).fill(unavailable()))
    const client = createTestClient(server.url)

    await client.finish(client.api.get('/items', { retry: 1 }))

    expect(server.hits('/items')).toHaveLength(2)
  })

  test('sends a request once with retry: false', async () => {
    server.script('/items', unavailable())
    const client = createTestClient(server.url)

    const { error } = await client.finish(client.api.get('/items', { retry: false }))

    expect(error).toMatchObject({ status: 503 })
    expect(server.hits('/items')).toHaveLength(1)
  })

  test('turns retries on for one request of a client created with retry: false', async () => {
    server.script('/items', unavailable(), unavailable())
    const client = createTestClient(server.url, false)

    await client.finish(client.api.get('/items'))
    await client.finish(client.api.get('/items', { retry: 2 }))

    expect(server.hits('/items')).toHaveLength(3)
  })

  test('keeps the client options a request does not override', async () => {
    server.script('/items', { status: 429, headers: { 'Retry-After': '90' } })
    const client = createTestClient(server.url, { maxRetryAfterMs: 120_000 })

    await client.finish(client.api.get('/items', { retry: { retries: 1 } }))

    expect(server.hits('/items').map((hit) => hit.at - T0)).toEqual([0, 90_000])
  })

  test('rejects a request whose retry option is invalid, naming the option', async () => {
    const client = createTestClient(server.url)

    await expect(client.api.get('/items', { retry: { retries: -1 } })).rejects.toThrow(/retry\.retries/)
    expect(server.hits('/items')).toHaveLength(0)
  })
})

describe('shouldRetry', () => {
  test('can stop a retry the defaults would make', async () => {
    server.script('/items', unavailable())
    const shouldRetry = vi.fn(() => false)
    const client = createTestClient(server.url, { shouldRetry })

    await client.finish(client.api.get('/items'))

    expect(server.hits('/items')).toHaveLength(1)
    expect(shouldRetry).toHaveBeenCalledWith(expect.objectContaining({ status: 503 }), 1)
  })

  test('can retry a status the defaults would not (a 409 the API documents as transient)', async () => {
    server.script('/items', { status: 409 })
    const client = createTestClient(server.url, { shouldRetry: (error) => error.status === 409 || undefined })

    const { value } = await client.finish(client.api.get('/items'))

    expect(value?.status).toBe(200)
    expect(server.hits('/items')).toHaveLength(2)
  })
})

describe('installRetry', () => {
  test('throws a clear error on an invalid client option', () => {
    expect(() => installRetry(axios.create(), { baseDelayMs: Number.NaN }, normalizeError)).toThrow(
      /retry\.baseDelayMs must be a non-negative number, got NaN/,
    )
  })

  test('stops retrying once ejected', async () => {
    server.script('/items', unavailable())
    const client = createTestClient(server.url)
    client.retry.eject()

    const { error } = await client.finish(client.api.get('/items'))

    expect(error).toMatchObject({ status: 503 })
    expect(server.hits('/items')).toHaveLength(1)
  })

  test('passes an ApiError from an inner replay through untouched', async () => {
    server.script('/items', unavailable(), { status: 404, body: { message: 'Gone for good' } })
    const client = createTestClient(server.url)

    const { error } = await client.finish(client.api.get('/items'))

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ kind: 'not_found', status: 404, message: 'Gone for good' })
    expect(server.hits('/items')).toHaveLength(2)
  })
})
