// What an outside attack on the packed package found in the retry layer (review/attack/REPORT.md,
// findings F, H, J and K), each against a real server on 127.0.0.1: what the server saw, and what
// the request settled with.
import { getEventListeners } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createApiClient } from '../../../src/core/client'
import { ApiError } from '../../../src/core/errors/ApiError'
import { flushIO, until } from './harness'
import { startFixtureServer } from '../../fixture/server'
import type { FixtureServer } from '../../fixture/server'

let server: FixtureServer
const ITEMS = 'GET /test/items'
const ECHO = 'PUT /test/echo'

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

const CHUNKS = ['line 1\n', 'line 2\n']
const WHOLE = CHUNKS.join('')
const OCTETS = { 'content-type': 'application/octet-stream' }

/** What the server received on each PUT, as text. */
const bodiesSeen = () => server.api.requests(ECHO).map((request) => request.body)

/** A client that retries three times with no wait: these tests are about bodies, not time. */
const bodyClient = (options: Parameters<typeof createApiClient>[0] = {}) =>
  createApiClient({ baseURL: server.url, retry: { retries: 3, baseDelayMs: 0 }, ...options })

const webStream = () =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of CHUNKS) controller.enqueue(new TextEncoder().encode(chunk))
      controller.close()
    },
  })

async function* asyncChunks() {
  for (const chunk of CHUNKS) yield new TextEncoder().encode(chunk)
}
function* syncChunks() {
  yield* CHUNKS
}

describe('J. an iterator body is sent at most once', () => {
  test.each([
    ['an async generator, http adapter', asyncChunks, 'http'],
    ['an async generator, fetch adapter', asyncChunks, 'fetch'],
    ['a sync generator, http adapter', syncChunks, 'http'],
    ['an array iterator', () => CHUNKS.values(), 'http'],
  ] as const)(
    '%s on a 503 fails with body_not_resendable after one send',
    async (_name, body, adapter) => {
      server.api.setFault(ECHO, { type: 'status', status: 503, times: 'always' })
      const api = bodyClient({ adapter })
      const announced = vi.fn()
      api.retry.subscribe(announced)

      const error = await api
        .put('/test/echo', body(), { headers: OCTETS })
        .catch((e: unknown) => e)

      // axios itself sends an iterator as JSON ("{}"): that first send is axios's; none follows it.
      expect(bodiesSeen()).toHaveLength(1)
      expect(error).toBeInstanceOf(ApiError)
      expect(error).toMatchObject({ kind: 'server', status: 503, code: 'body_not_resendable' })
      expect((error as ApiError).message).toMatch(/cannot be sent twice/)
      expect(announced).not.toHaveBeenCalled()
    },
  )

  test('an async iterable the fetch adapter streams is sent whole, once', async () => {
    server.api.setFault(ECHO, { type: 'status', status: 503, times: 'always' })
    const api = bodyClient({ adapter: 'fetch' })

    const error = await api
      .put('/test/echo', asyncChunks(), {
        headers: OCTETS,
        // Left alone by the transforms, fetch streams it.
        transformRequest: [(data: unknown) => data],
      })
      .catch((e: unknown) => e)

    expect(bodiesSeen()).toEqual([WHOLE])
    expect(error).toMatchObject({ status: 503, code: 'body_not_resendable' })
  })

  test('a generator body is not replayed after a token refresh either', async () => {
    server.api.setFault(ECHO, { type: 'status', status: 401, times: 1 })
    const refresh = vi.fn(async () => 'fresh-token')
    const api = bodyClient({ auth: { getAccessToken: () => 'stale-token', refresh } })

    const error = await api
      .put('/test/echo', syncChunks(), { headers: OCTETS })
      .catch((e: unknown) => e)

    expect(bodiesSeen()).toHaveLength(1)
    expect(refresh).toHaveBeenCalledOnce()
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ kind: 'http', status: 401, code: 'body_not_resendable' })
  })

  test.each<[name: string, body: () => unknown, sent: string]>([
    ['an array', () => ['a', 'b'], '["a","b"]'],
    ['a plain object', () => ({ n: 1 }), '{"n":1}'],
    ['a string', () => 'text', 'text'],
    ['a typed array', () => new TextEncoder().encode('bytes'), 'bytes'],
    ['a Buffer', () => Buffer.from('buffer'), 'buffer'],
    ['a Blob', () => new Blob(['blob']), 'blob'],
    ['URLSearchParams', () => new URLSearchParams({ a: '1' }), 'a=1'],
  ])('%s is still retried, whole every time', async (_name, body, sent) => {
    server.api.setFault(ECHO, { type: 'status', status: 503, times: 2 })
    const api = bodyClient()

    const response = await api.put('/test/echo', body())

    expect(response.status).toBe(200)
    expect(bodiesSeen()).toEqual([sent, sent, sent])
  })

  test('FormData of strings and Blobs is still retried, whole every time', async () => {
    server.api.setFault(ECHO, { type: 'status', status: 503, times: 1 })
    const api = bodyClient()
    const form = new FormData()
    form.append('name', 'n')
    form.append('file', new Blob(['BLOB-DATA']), 'a.txt')

    const response = await api.put('/test/echo', form)

    expect(response.status).toBe(200)
    const bodies = bodiesSeen()
    expect(bodies).toHaveLength(2)
    for (const body of bodies) expect(body).toContain('BLOB-DATA')
  })
})

describe('K. recreateData must give a body not used yet', () => {
  const consumedNodeStream = async () => {
    const stream = Readable.from(CHUNKS)
    for await (const chunk of stream) void chunk
    return stream
  }
  const readWebStream = async () => {
    const stream = webStream()
    // Read to its end and unlocked again, as fetch leaves a body it sent.
    const reader = stream.getReader()
    while (!(await reader.read()).done);
    reader.releaseLock()
    return stream
  }

  test('the very stream sent before fails the retry with body_not_resendable, sending nothing more', async () => {
    server.api.setFault(ECHO, { type: 'status', status: 503, times: 'always' })
    const api = bodyClient()
    const stream = Readable.from(CHUNKS)
    const recreateData = vi.fn(() => stream)

    const error = await api
      .put('/test/echo', stream, { headers: OCTETS, recreateData })
      .catch((e: unknown) => e)

    expect(bodiesSeen()).toEqual([WHOLE])
    expect(recreateData).toHaveBeenCalledOnce()
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ kind: 'server', status: 503, code: 'body_not_resendable' })
    expect((error as ApiError).message).toMatch(/recreateData returned a used body/)
  })

  test.each([
    ['a Node stream read to its end', consumedNodeStream],
    ['a destroyed Node stream', async () => Readable.from(CHUNKS).destroy()],
    ['a web ReadableStream read and unlocked again', readWebStream],
    [
      'a locked web ReadableStream',
      async () => {
        const stream = webStream()
        stream.getReader()
        return stream
      },
    ],
  ])('%s from recreateData is not sent', async (_name, makeUsed) => {
    server.api.setFault(ECHO, { type: 'status', status: 503, times: 'always' })
    const api = bodyClient()
    const used = await makeUsed()

    const error = await api
      .put('/test/echo', Readable.from(CHUNKS), { headers: OCTETS, recreateData: () => used })
      .catch((e: unknown) => e)

    expect(bodiesSeen()).toEqual([WHOLE])
    expect(error).toMatchObject({ status: 503, code: 'body_not_resendable' })
    expect((error as ApiError).message).toMatch(/recreateData returned a used body/)
  })

  test('the very generator sent before is not sent again', async () => {
    server.api.setFault(ECHO, { type: 'status', status: 503, times: 'always' })
    const api = bodyClient()
    const generator = syncChunks()

    const error = await api
      .put('/test/echo', generator, { headers: OCTETS, recreateData: () => generator })
      .catch((e: unknown) => e)

    expect(bodiesSeen()).toHaveLength(1)
    expect(error).toMatchObject({ status: 503, code: 'body_not_resendable' })
  })

  test('a fresh stream each time is still sent whole on every retry', async () => {
    server.api.setFault(ECHO, { type: 'status', status: 503, times: 2 })
    const api = bodyClient()

    const response = await api.put('/test/echo', Readable.from(CHUNKS), {
      headers: OCTETS,
      recreateData: () => Readable.from(CHUNKS),
    })

    expect(response.status).toBe(200)
    expect(bodiesSeen()).toEqual([WHOLE, WHOLE, WHOLE])
  })

  test('the same plain object given again is sent again: it is sent from memory', async () => {
    server.api.setFault(ECHO, { type: 'status', status: 503, times: 1 })
    const api = bodyClient()
    const payload = { n: 1 }

    const response = await api.put('/test/echo', payload, { recreateData: () => payload })

    expect(response.status).toBe(200)
    expect(bodiesSeen()).toEqual(['{"n":1}', '{"n":1}'])
  })
})

describe('F. attemptTimeoutMs and timeout bound an attempt in wall-clock time', () => {
  /**
   * Answers 200 at once, then trickles a space every 20 ms (real time) forever: the socket is never
   * silent, so axios's http adapter, which times only silence once the headers are in, never
   * times out.
   */
  async function startTricklingServer() {
    const seen = { requests: 0, closed: 0 }
    const trickling = createServer((_request, response) => {
      seen.requests++
      response.writeHead(200, { 'content-type': 'application/json' })
      const drip = setInterval(() => response.write(' '), 20)
      response.on('close', () => {
        clearInterval(drip)
        seen.closed++
      })
    })
    await new Promise<void>((resolve) => trickling.listen(0, '127.0.0.1', resolve))
    const { port } = trickling.address() as AddressInfo
    return {
      url: `http://127.0.0.1:${port}`,
      seen,
      close: () =>
        new Promise<void>((resolve) => {
          trickling.closeAllConnections()
          trickling.close(() => resolve())
        }),
    }
  }

  let trickling: Awaited<ReturnType<typeof startTricklingServer>>
  beforeEach(async () => {
    trickling = await startTricklingServer()
    // setInterval stays real: the server's trickle is real I/O, only the client's clock is faked.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(async () => {
    vi.useRealTimers()
    vi.restoreAllMocks()
    await trickling.close()
  })

  /**
   * Starts a GET of the trickling body and waits (in real time) until its first bytes are in, so
   * that axios's own timer for the wait for headers is behind it.
   */
  async function startTrickle(api: ReturnType<typeof createApiClient>, config = {}) {
    let progressed = false
    let outcome: { response?: unknown; error?: unknown } | undefined
    void api.get('/', { ...config, onDownloadProgress: () => (progressed = true) }).then(
      (response) => (outcome = { response }),
      (error: unknown) => (outcome = { error }),
    )
    await until(() => progressed)
    return { outcome: () => outcome }
  }

  test.each([
    ['retry.attemptTimeoutMs, http adapter', { retry: { retries: 0, attemptTimeoutMs: 800 } }],
    ["axios's timeout, http adapter", { retry: false as const, timeout: 800 }],
    [
      'retry.attemptTimeoutMs, fetch adapter',
      { retry: { retries: 0, attemptTimeoutMs: 800 }, adapter: 'fetch' as const },
    ],
  ])(
    '%s: a trickling body ends at the deadline with a timeout, its socket closed',
    async (_name, options) => {
      const api = createApiClient({ baseURL: trickling.url, ...options })

      const request = await startTrickle(api)
      await vi.advanceTimersByTimeAsync(799)
      await flushIO()
      expect(request.outcome()).toBeUndefined()
      await vi.advanceTimersByTimeAsync(1)
      await until(() => request.outcome() !== undefined, 2000)

      const { error } = request.outcome() as { error: unknown }
      expect(error).toBeInstanceOf(ApiError)
      expect(error).toMatchObject({ kind: 'timeout', retryable: true })
      expect((error as ApiError).message).toMatch(/timeout of 800ms exceeded|timed out/i)
      await until(() => trickling.seen.closed === 1)
      expect(trickling.seen.requests).toBe(1)
    },
  )

  test('every retry gets the whole attemptTimeoutMs again', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    const api = createApiClient({
      baseURL: trickling.url,
      retry: { retries: 1, attemptTimeoutMs: 800 },
    })
    const announced = vi.fn()
    api.retry.subscribe(announced)

    const request = await startTrickle(api)
    await vi.advanceTimersByTimeAsync(800)
    await until(() => announced.mock.calls.length === 1)
    expect(announced.mock.calls[0]?.[0]).toMatchObject({ delayMs: 0, error: { kind: 'timeout' } })
    // The retry's wait (0 ms) is a timer of its own, set once the announcement is made.
    await until(() => vi.getTimerCount() > 0)
    await vi.advanceTimersToNextTimerAsync()
    await until(() => trickling.seen.requests === 2)
    await flushIO(100)
    await vi.advanceTimersByTimeAsync(799)
    await flushIO()
    expect(request.outcome()).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    await until(() => request.outcome() !== undefined, 2000)

    expect(request.outcome()).toMatchObject({ error: { kind: 'timeout' } })
    await until(() => trickling.seen.closed === 2)
  })

  test("the app's signal still cancels the attempt, and nothing of the step stays on it", async () => {
    const api = createApiClient({ baseURL: trickling.url, retry: { attemptTimeoutMs: 800 } })
    const controller = new AbortController()

    const request = await startTrickle(api, { signal: controller.signal })
    controller.abort()
    await until(() => request.outcome() !== undefined, 2000)

    expect(request.outcome()).toMatchObject({ error: { kind: 'canceled' } })
    await until(() => trickling.seen.closed === 1)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  test('the request log sees the attempt as a timeout too', async () => {
    const entries: { status: unknown }[] = []
    const api = createApiClient({
      baseURL: trickling.url,
      retry: { retries: 0, attemptTimeoutMs: 800 },
      log: {
        level: 'errors',
        write: (entry) => {
          entries.push(entry)
        },
      },
    })

    const request = await startTrickle(api)
    await vi.advanceTimersByTimeAsync(800)
    await until(() => request.outcome() !== undefined, 2000)

    expect(entries).toMatchObject([{ status: 'timeout' }])
  })
})

describe('F. the deadline is cleared when an attempt settles in time', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  test('a quick answer leaves no timer, and the app signal no listener', async () => {
    const api = createApiClient({ baseURL: server.url, retry: { attemptTimeoutMs: 800 } })
    const controller = new AbortController()

    const response = await api.get('/test/items', { signal: controller.signal })

    expect(response.status).toBe(200)
    expect(server.api.hits(ITEMS)).toBe(1)
    expect(vi.getTimerCount()).toBe(0)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })
})
