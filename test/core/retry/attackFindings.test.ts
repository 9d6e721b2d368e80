// What an outside attack on the packed package found in the retry layer (review/attack/REPORT.md,
// findings F, H, J and K), each against a real server on 127.0.0.1: what the server saw, and what
// the request settled with.
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
