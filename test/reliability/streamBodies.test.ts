// Issue 16.2 (retry side): a body read as it is sent (a Node stream, a web ReadableStream, an async
// iterable) is never retried as if it could be sent again. Without `recreateData` the request
// fails with the attempt's ApiError, coded `body_not_resendable`; with it, every retry sends a
// fresh, whole body. A real server on 127.0.0.1 records what each attempt delivered.
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createApiClient } from '../../src/core/client'
import { ApiError } from '../../src/core/errors/ApiError'
import { BODY_NOT_RESENDABLE } from '../../src/core/retry'

interface Received {
  method: string
  body: string
  idempotencyKey: string | undefined
}

/** Answers each request with the next status of `plan` (200 once it runs out) after reading the whole body. */
function startRecordingServer() {
  const received: Received[] = []
  const plan: number[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
        idempotencyKey: request.headers['idempotency-key'] as string | undefined,
      })
      const status = plan.shift() ?? 200
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ status, message: status === 200 ? 'stored' : 'try later' }))
    })
  })
  return new Promise<{ url: string; received: Received[]; plan: number[]; close(): Promise<void> }>(
    (resolve) => {
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo
        resolve({
          url: `http://127.0.0.1:${port}`,
          received,
          plan,
          close: () =>
            new Promise<void>((done) => {
              server.closeAllConnections()
              server.close(() => done())
            }),
        })
      })
    },
  )
}

let server: Awaited<ReturnType<typeof startRecordingServer>>
beforeEach(async () => {
  server = await startRecordingServer()
})
afterEach(async () => {
  vi.restoreAllMocks()
  await server.close()
})

const CHUNKS = ['line 1\n', 'line 2\n', 'line 3\n']
const WHOLE = CHUNKS.join('')

// No wait between attempts (a zero backoff): these tests are about bodies, not time.
const client = (options: Parameters<typeof createApiClient>[0] = {}) =>
  createApiClient({ baseURL: server.url, retry: { baseDelayMs: 0 }, ...options })

async function* asyncLines() {
  for (const chunk of CHUNKS) yield new TextEncoder().encode(chunk)
}
const webStream = () =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of CHUNKS) controller.enqueue(new TextEncoder().encode(chunk))
      controller.close()
    },
  })

describe('a body that cannot be sent twice, without recreateData', () => {
  test('a Node stream PUT that met a 503 is not resent: it fails with the 503, coded body_not_resendable', async () => {
    server.plan.push(503)
    const api = client()

    const outcome = await api.put('/file', Readable.from(CHUNKS)).then(
      (response) => response.status,
      (error: unknown) => error,
    )

    expect(server.received.map((r) => r.body)).toEqual([WHOLE])
    expect(outcome).toBeInstanceOf(ApiError)
    const error = outcome as ApiError
    expect(error).toMatchObject({
      kind: 'server',
      status: 503,
      code: 'body_not_resendable',
      retryable: true,
      request: { method: 'PUT', url: `${server.url}/file` },
    })
    expect(BODY_NOT_RESENDABLE).toBe('body_not_resendable')
    expect(error.message).toMatch(/cannot be sent twice/)
    expect(error.message).toMatch(/recreateData/)
    // The attempt's own error stays reachable, with the API's code and message.
    expect(error.cause).toBeInstanceOf(ApiError)
    expect(error.cause).toMatchObject({ status: 503, message: 'try later' })
  })

  test.each([
    ['a Node stream', () => Readable.from(CHUNKS), {}],
    ['a web ReadableStream', webStream, {}],
    // axios serialises an async iterable as JSON unless the transforms leave it alone; fetch then
    // streams it.
    ['an async iterable', asyncLines, { transformRequest: [(data: unknown) => data] }],
  ])('%s sent by the fetch adapter is not resent either', async (_name, body, config) => {
    server.plan.push(503)
    const api = client({ adapter: 'fetch' })

    const outcome = await api.put('/file', body(), { ...config }).then(
      (response) => response.status,
      (error: unknown) => error,
    )

    expect(server.received.map((r) => r.body)).toEqual([WHOLE])
    expect(outcome).toBeInstanceOf(ApiError)
    expect(outcome).toMatchObject({ status: 503, code: 'body_not_resendable' })
  })

  test('a keyed POST with a stream body is not resent, and is not announced as a retry', async () => {
    server.plan.push(502)
    const api = client({ retry: { baseDelayMs: 0, idempotencyKey: true } })
    const announced = vi.fn()
    api.retry.subscribe(announced)

    const outcome = await api.post('/uploads', Readable.from(CHUNKS)).catch((e: unknown) => e)

    expect(server.received).toHaveLength(1)
    expect(server.received[0]?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/)
    expect(outcome).toMatchObject({ status: 502, code: 'body_not_resendable' })
    expect(announced).not.toHaveBeenCalled()
  })

  test('a body that can be sent twice (a string, a Buffer) is still retried whole', async () => {
    server.plan.push(503, 503)
    const api = client()

    await expect(api.put('/file', WHOLE)).resolves.toMatchObject({ status: 200 })
    await expect(api.put('/file', Buffer.from(WHOLE))).resolves.toMatchObject({ status: 200 })

    expect(server.received.map((r) => r.body)).toEqual([WHOLE, WHOLE, WHOLE, WHOLE])
  })
})

describe('recreateData', () => {
  test('sends a fresh, whole stream on every retry', async () => {
    server.plan.push(503, 500)
    const api = client()
    const recreateData = vi.fn(() => Readable.from(CHUNKS))

    const response = await api.put('/file', Readable.from(CHUNKS), { recreateData })

    expect(response.status).toBe(200)
    expect(server.received.map((r) => r.body)).toEqual([WHOLE, WHOLE, WHOLE])
    expect(recreateData).toHaveBeenCalledTimes(2)
  })

  test('goes through the request transforms again: a recreated object is sent as JSON', async () => {
    server.plan.push(503)
    const api = client()

    await api.put('/file', { n: 1 }, { recreateData: () => ({ n: 2 }) })

    expect(server.received.map((r) => r.body)).toEqual(['{"n":1}', '{"n":2}'])
  })

  test('a recreateData that throws ends the request with body_not_resendable, sending nothing more', async () => {
    server.plan.push(503)
    const api = client()
    const settled = vi.fn()
    api.retry.subscribe(() => undefined, settled)

    const outcome = await api
      .put('/file', Readable.from(CHUNKS), {
        recreateData: () => {
          throw new Error('file moved')
        },
      })
      .catch((e: unknown) => e)

    expect(server.received.map((r) => r.body)).toEqual([WHOLE])
    expect(outcome).toMatchObject({ status: 503, code: 'body_not_resendable' })
    expect((outcome as ApiError).message).toMatch(/recreateData/)
    // It was announced as a retry (the body was only made at the end of the wait): it settles.
    expect(settled).toHaveBeenCalledOnce()
    expect(settled.mock.calls[0]?.[0]).toMatchObject({ retries: 1, error: outcome })
  })
})
